BBBB BBBB gettext(u'[Spiral] Project rejected: %(title)s') SSSSSSSS SSSSSSS SSSSSSSSS SSSSSSSSS
