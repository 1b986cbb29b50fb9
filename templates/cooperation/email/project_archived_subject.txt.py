BBBB BBBB gettext(u'[Spiral] The project is archived: %(title)s') SSSSSSSS SSS SSSSSSS SS SSSSSSSSS SSSSSSSSS
