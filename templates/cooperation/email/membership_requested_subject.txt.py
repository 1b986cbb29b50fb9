BBBB BBBB gettext(u'[Spiral] A request to join %(name)s') SSSSSSSS S SSSSSSS SS SSSS SSSSSSSS
