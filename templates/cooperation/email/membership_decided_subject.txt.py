BBBB BBBB gettext(u'[Spiral] Your request to join %(name)s') SSSSSSSS SSSS SSSSSSS SS SSSS SSSSSSSS
