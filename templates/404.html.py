BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Not found') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Not found') XXXXX
XXX gettext(u'The page you asked for does not exist, or you are not allowed to see it.') XXXX
XXXXX XXXXXXBBB BBBBBBXX gettext(u'Back to the home page') XXXXXXXX
BBBBBBBB
