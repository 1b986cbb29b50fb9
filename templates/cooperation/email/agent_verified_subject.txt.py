BBBB BBBB gettext(u'[Spiral] %(name)s is verified') SSSSSSSS SSSSSSSS SS SSSSSSSS
