"""The portal's name and address as e-mails give them: one place for every mail, whoever sends it.

An e-mail is read outside the portal, often long after a request (Celery renders and sends it), so
its links cannot be relative (``/agents/22/``) nor take the host of whatever request caused it: they
are built from ``settings.SITE_URL``. The name is ``settings.SITE_NAME`` in the active language
("Спираль" / "Spiral"), which the senders set to the recipient's.
"""

from collections.abc import Mapping
from email.utils import formataddr, parseaddr
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri


def site_name() -> str:
    """The portal's name in the active language."""
    return str(settings.SITE_NAME)


def from_email() -> str:
    """The sender of every mail: the portal's name in the active language (the recipient's) before the address of
    ``settings.DEFAULT_FROM_EMAIL`` — «Спираль <noreply@…>» or "Spiral <noreply@…>". A non-ASCII name is
    encoded as an RFC 2047 word and punctuation quoted (``formataddr``): the name never breaks the header."""
    return formataddr((site_name(), parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def site_url() -> str:
    """The configured address of the portal, without a trailing slash (``https://spiral.example.org``)."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(url: str) -> str:
    """``url`` on the configured site: ``/agents/22/`` → ``https://spiral.example.org/agents/22/``.

    A URL that names a host (built from a request, as allauth does) is moved onto the configured
    site too, keeping its path, query and fragment: every link of a mail points at one address,
    never at a host that a request happened to use. Empty stays empty.
    """
    if not url:
        return ""
    parts = urlsplit(str(url))
    path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    base = urlsplit(site_url())
    # Percent-encoded (a Cyrillic query stays one link in every mail reader).
    return iri_to_uri(urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + path, parts.query, parts.fragment)))


def _is_link(key: Any) -> bool:
    return isinstance(key, str) and (key == "url" or key.endswith("_url"))


def absolute_links(value: Any) -> Any:
    """A copy of ``value`` (a mail's context) whose links — every ``url`` or ``*_url`` string, also in
    nested dicts and lists, such as a saved search's matches — are absolute. Other values are kept as
    they are (model instances are not copied)."""
    if isinstance(value, Mapping):
        return {
            key: absolute_url(item) if _is_link(key) and isinstance(item, str) else absolute_links(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [absolute_links(item) for item in value]
    return value


def email_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """What every e-mail template gets: the sender's context with absolute links, the site's name and
    address. Call it with the recipient's language active (the name is translated)."""
    return {**absolute_links(context), "site_name": site_name(), "site_url": site_url()}
