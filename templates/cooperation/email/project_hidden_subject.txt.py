BBBB BBBB gettext(u'[Spiral] Your project is hidden: %(title)s') SSSSSSSS SSSS SSSSSSS SS SSSSSSS SSSSSSSSS
