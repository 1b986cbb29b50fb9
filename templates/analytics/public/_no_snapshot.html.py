BBBB BBBBXXXX XXXXXXXXXXXX XXXXXXXXXXX XXXXXXXXXXXXXX
  XXX XXXXXXXXXXX gettext(u'No competence map computed yet') XXXXX
  XX XXXXXXXXXXXXX gettext(u'The coefficients, scenario models and managerial matrices appear here once the analysts have loaded the data and the competence maps have been computed (this also runs every night).') 
    SSS SSSSSSSSSSSSS SSSSSSSS SSSSSS SSS SSSSSSSSSS SSSSSSSS SSSSSS SSSS SSSS SSS SSSSSSSS SSSS SSSSSS SSS SSSS
    SSS SSS SSSSSSSSSS SSSS SSSS SSSS SSSSSSSS SSSSS SSSS SSSS SSSSS SSSSSSS
  XXXX
XXXXXX
