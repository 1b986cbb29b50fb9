BBBB BBBB #
 #
 #
 #
BBBBBBBBBB BBB gettext(u'Hello from the portal “%(site_name)s”!') SSSSS SSSS SSS SSSSSS SSSSSSSSSSSSSSSS

BBBBB BBBBBBBBBBBBBBB BBBBBBB

XX 
 gettext(u'%(site_name)s, the portal of interregional cooperation in innovation') SSSSSSSSSSSSSS SSS SSSSSS SS SSSSSSSSSSSSS SSSSSSSSSSS SS SSSSSSSSSS
X
BBBBBBBBBBBBB