"""The API's request parsers: DRF's, refusing what the database or the interpreter cannot take.

- NUL (U+0000) anywhere in a key or a text value: PostgreSQL cannot store or compare it (see
  ``core.middleware``, which refuses it in paths, query strings and page forms).
- JSON nested deeper than :data:`MAX_JSON_DEPTH`: no request of this API nests more than a few levels,
  and 100,000 ``[`` exhausted the interpreter's recursion limit (a 500) in the decoder or later in the
  serializers that walk the data.

Both answer 400 (``ParseError``), like any other malformed body.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.middleware import NUL, has_nul, refuse_nul_message

#: The deepest JSON body accepted; the API's own bodies nest three levels at most.
MAX_JSON_DEPTH = 32


def _too_deep() -> ParseError:
    return ParseError(_("JSON nested deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH})


def check_json(data) -> None:
    """Raise ParseError if ``data`` (decoded JSON) nests too deep or holds NUL; iterative, so it cannot recurse."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise ParseError(refuse_nul_message())
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                for key, item in value.items():
                    if NUL in key:
                        raise ParseError(refuse_nul_message())
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the depth and NUL checks of the module."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:  # the C decoder gives up long before the 100,000th level
            raise _too_deep() from error
        check_json(data)
        return data


class FormParser(parsers.FormParser):
    """DRF's form parser, refusing NUL (a PATCH or PUT form body does not pass the middleware's check)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(refuse_nul_message())
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, refusing NUL in the text fields (files may hold any byte)."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        if has_nul(result.data):
            raise ParseError(refuse_nul_message())
        return result
