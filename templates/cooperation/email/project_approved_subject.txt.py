BBBB BBBB gettext(u'[Spiral] Your project is published: %(title)s') SSSSSSSS SSSS SSSSSSS SS SSSSSSSSSS SSSSSSSSS
