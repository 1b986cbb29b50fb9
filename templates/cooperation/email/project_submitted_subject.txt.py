BBBB BBBB gettext(u'[Spiral] A project awaits moderation: %(title)s') SSSSSSSS S SSSSSSS SSSSSS SSSSSSSSSSS SSSSSSSSS
