BBBB BBBB gettext(u'[Spiral] Changes requested: %(title)s') SSSSSSSS SSSSSSS SSSSSSSSSS SSSSSSSSS
