"""The navbar, rendered once per audience, language and address and then served from the cache.

The navbar is on every page and costs more to render than most pages' own content (its menus ask a dozen
permissions and resolve some thirty addresses). What it shows depends on the language, the address (the
current entry is marked for screen readers: ``aria-current``), and the visitor: anonymous; or signed in, with
their name and their unread-notification count; the staff (any site role, ``is_staff`` or superuser) also see
menus and waiting counts of their own. The key names all of these for everyone outside the staff — nothing
else in the fragment depends on the visitor — so no write needs to drop an entry: a new name, a new count,
a new language or a role granted gives another key (the staff's navbar is not cached at all: their menus'
counts change with other people's writes).

Two parts of the navbar are the request's own and are never cached: the CSRF token of its two forms
(language, log-out) and the address the language form returns to (with its query). The fragment is rendered
with placeholders for them, which each request replaces.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language

from accounts.selectors import user_is_staff
from notifications.selectors import unread_notification_count

register = template.Library()

#: How long a rendered navbar is served (every input is in its key; this bounds the entries kept).
CACHE_SECONDS = 10 * 60
#: Addresses longer than this are not cached (a crawler's random addresses would only fill the cache).
MAX_CACHED_PATH = 200
#: Placeholders of the request's own parts (no template output contains them otherwise: ``\x00`` is refused in
#: any address by ``core.middleware.RefuseNulMiddleware``).
CSRF_PLACEHOLDER = "\x00navbar-csrf\x00"
NEXT_PLACEHOLDER = "\x00navbar-next\x00"


def navbar_cache_key(request) -> str | None:
    """The key of ``request``'s navbar, or None when it is not cached (the staff; a very long address)."""
    user = getattr(request, "user", None)
    path = request.path
    if len(path) > MAX_CACHED_PATH:
        return None
    if user is not None and user.is_authenticated:
        if user_is_staff(user):
            return None
        audience = f"user:{user.pk}:{user.get_short_name()}:{unread_notification_count(user)}"
    else:
        audience = "anonymous"
    digest = hashlib.sha256(f"{get_language()}\n{path}\n{audience}".encode()).hexdigest()
    return f"navbar:{digest}"


class NavbarCacheNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        token = str(context.get("csrf_token") or "")
        # Without a request or a token (a template rendered outside a request), render as it is.
        key = navbar_cache_key(request) if request is not None and token and token != "NOTPROVIDED" else None  # noqa: S105 - Django's marker
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER, navbar_next=NEXT_PLACEHOLDER):
                html = self.nodelist.render(context)
            cache.set(key, html, CACHE_SECONDS)
        return html.replace(CSRF_PLACEHOLDER, escape(token)).replace(NEXT_PLACEHOLDER, escape(request.get_full_path()))


@register.tag
def navbar_cache(parser, token):
    """``{% navbar_cache %}…{% endnavbar_cache %}``: the navbar, cached per audience, language and address (see
    the module); inside, ``{% csrf_token %}`` and ``{{ navbar_next }}`` (the address to return to) are filled
    per request."""
    nodelist = parser.parse(("endnavbar_cache",))
    parser.delete_first_token()
    return NavbarCacheNode(nodelist)
