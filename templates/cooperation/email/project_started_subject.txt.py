BBBB BBBB gettext(u'[Spiral] The project has started: %(title)s') SSSSSSSS SSS SSSSSSS SSS SSSSSSSS SSSSSSSSS
