"""Type aliases for the people the code acts for; imported by the apps above accounts for annotations."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

# Who a read is for: a signed-in user, or an anonymous visitor where the page is public.
# Writes take a signed-in ``User``; selectors that filter by what the visitor may see take a ``Viewer``.
Viewer: TypeAlias = User | AnonymousUser
