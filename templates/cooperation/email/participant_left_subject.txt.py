BBBB BBBB gettext(u'[Spiral] A partner left %(title)s') SSSSSSSS S SSSSSSS SSSS SSSSSSSSS
