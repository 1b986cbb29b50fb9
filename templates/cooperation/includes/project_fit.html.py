BBBB BBBB
XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXX XXXXXXXXXXX gettext(u'Fit score') X XXXXXX
  XX XXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXX gettext(u"How well the partners' competences match the project's directions and rubrics, from the current competence maps: the mean of four parts, each from 0 to 100%%.") XXXX
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
XXXXXXXXXX
