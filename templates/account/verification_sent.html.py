BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB
BBBB BBBB
BBBB BBBBBBB
BBBBB BBBBBBBBBB
     gettext(u'Verify Your Email Address') 
BBBBBBBB BBBBBBBBBB
BBBBB BBBBBBB
    BBBBBBB BB
         gettext(u'Verify Your Email Address') 
    BBBBBBBBBB
    BBBBBBB B
         gettext(u'We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes.') SS SSSS SSSS SS SSSSS SS SSS SSS SSSSSSSSSSSSS SSSSSS SSS SSSS SSSSSSSS SS SSSSSSSS SSS SSSSSS SSSSSSSS SS SSS SS SSS SSS SSS SSSSSSSSSSSS SSSSS SS SSSS SSSS SSSSSS SSSSS SSSS SSSS SSSSSSS SSSSSS SSSSSSS SS SS SSS SS SSS SSSSSSS SSS SSSSSSSSSSSS SSSSS SSSSSS S SSS SSSSSSSS
    BBBBBBBBBB
BBBBBBBB BBBBBBB

