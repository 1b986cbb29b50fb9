BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'How Spiral works') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'How Spiral works') XXXXX
XX XXXXXXXXXXXXX gettext(u'Spiral is a living laboratory of interregional cooperation in innovation: the four links of the innovation spiral of different regions meet, work together and climb the four levels of cooperation.') 
  SSSSSS SS S SSSSSS SSSSSSSSSS SS SSSSSSSSSSSSS SSSSSSSSSSS SS SSSSSSSSSSS SSS SSSS SSSSS SS SSS SSSSSSSSSS
  SSSSSS SS SSSSSSSSS SSSSSSS SSSSS SSSS SSSSSSSS SSS SSSSS SSS SSSS SSSSSS SS SSSSSSSSSSSS
XXXX

XXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXX XXXXXXXXXXX gettext(u'The four links and their roles') XXXXX
  XXX XXXXXXXXXXXX
    BBB BBBBBB BBBBBB BBBB BB BBBBBBBBBBB
    XXX XXXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBXXXXXXXXXXXXXXXXXX
    XXX XXXXXXXXXXXXXXXXXXXXXX
    BBBBBB
  XXXXX
XXXXXXXXXX

XXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXXX XXXXXXXXXXX gettext(u'Four levels of cooperation') XXXXX
  XXXX
    XXXXXXXXXXXX pgettext(u'cooperation level', u'Information') XXXXXXXXX X  gettext(u'regions exchange information: meetings, forums, visits.') XXXXX
    XXXXXXXXXXXX pgettext(u'cooperation level', u'Expert') XXXXXXXXX X  gettext(u'experts of one region assess or advise the projects of another.') XXXXX
    XXXXXXXXXXXX pgettext(u'cooperation level', u'Project') XXXXXXXXX X  gettext(u'agents of several regions carry out a joint project.') XXXXX
    XXXXXXXXXXXX pgettext(u'cooperation level', u'Integrated') XXXXXXXXX X  gettext(u'regions run a joint structure and a joint strategy.') XXXXX
  XXXXX
  XXXBBB BBBBBBBBBBBBBBBB BB BBBBBBBBBBB gettext(u'A region\'s level is computed from the evidence of its cooperation; the <a href="%(network_url)s">network of cooperation</a> shows where every pair of regions stands.') 
    S SSSSSSSS SSSSS SS SSSSSSSS SSSS SSS SSSSSSSS SS SSS SSSSSSSSSSSS SSS SS SSSSSSSSSSSSSSSSSSSSSSSSSSSSSS SS SSSSSSSSSSSSSSS SSSSS SSSSS SSSSS SSSS SS SSSSSSS SSSSSSS
  XXXX
XXXXXXXXXX

XXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXX XXXXXXXXXXX gettext(u'What the platform does') XXXXX
  XXXX
    BBB BBBB BB BBBBBXXXXXX XXXXXXBBB BBBBBBBBBBBBBXXXXXXXXXXXBBBBBB
  XXXXX
XXXXXXXXXX

XXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXX gettext(u'Principles of interregional partnership') XXXXX
  XXX gettext(u'The nine principles of the research Spiral is built on, and where the portal applies each of them.') XXXX
  BBB BBBBBBBBB BB BBBBBBBBBB
  XXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
    XXX XXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXX XXXXX
    XX XXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXX XXXXXX gettext(u'In Spiral:')  XXXX
  XXXXXXXXXX
  BBBBBB
XXXXXXXXXX
BBBBBBBB
