"""Requests that carry a NUL character (U+0000) are refused here, once, before any view runs.

PostgreSQL can neither store nor compare NUL in text: a lookup such as ``iso_code = 'RU\\x00LIP'``
raises ``DataError`` (a 500), while SQLite quietly answers "not found". No legitimate URL, query or
form field holds one, so the path answers 404 and the query string or form body 400, whatever the view.
JSON, form and multipart bodies sent to the API are checked by the API's parsers (``core.parsers``),
which DRF runs lazily, when a view reads ``request.data``.
"""

from django.core.exceptions import BadRequest
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404

NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(data) -> bool:
    """Whether a QueryDict (or any mapping of lists) holds NUL in a key or a value; files are not looked at."""
    return any(NUL in key or any(isinstance(v, str) and NUL in v for v in values) for key, values in data.lists())


def refuse_nul_message() -> str:
    return str(ProhibitNullCharactersValidator.message)


class RefuseNulMiddleware:
    """404 for a path with NUL, 400 for a query string or a submitted form with NUL (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            raise Http404
        if has_nul(request.GET):
            raise BadRequest(refuse_nul_message())
        # Django parses form bodies of POST requests only (CSRF reads them there too); the API's
        # parsers check the other methods' bodies.
        if (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and not request.path_info.startswith("/api/")
            and has_nul(request.POST)
        ):
            raise BadRequest(refuse_nul_message())
        return self.get_response(request)
