BBBB BBBB gettext(u'[Spiral] The project is completed: %(title)s') SSSSSSSS SSS SSSSSSS SS SSSSSSSSSS SSSSSSSSS
