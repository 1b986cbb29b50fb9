BBBB BBBB gettext(u'[Spiral] A partner applies to join %(title)s') SSSSSSSS S SSSSSSS SSSSSSS SS SSSS SSSSSSSSS
