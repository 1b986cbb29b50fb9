BBBB BBBB gettext(u'[Spiral] An answer to your invitation to %(title)s') SSSSSSSS SS SSSSSS SS SSSS SSSSSSSSSS SS SSSSSSSSS
