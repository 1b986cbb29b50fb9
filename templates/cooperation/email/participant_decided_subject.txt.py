BBBB BBBB gettext(u'[Spiral] Your application to %(title)s') SSSSSSSS SSSS SSSSSSSSSSS SS SSSSSSSSS
