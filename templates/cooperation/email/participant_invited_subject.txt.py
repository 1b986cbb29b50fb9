BBBB BBBB gettext(u'[Spiral] An invitation to join %(title)s') SSSSSSSS SS SSSSSSSSSS SS SSSS SSSSSSSSS
