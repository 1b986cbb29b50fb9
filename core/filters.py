"""Filters shared by the apps' filtersets."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

#: The range of the ids (``BigAutoField``) on every database the portal runs on.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A whole number in the range of an id: ``1.5`` or ``1e70`` is invalid (400), not a database error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "format": "int64"})
class IdFilter(django_filters.NumberFilter):
    """An object by id (``?project=12``). ``NumberFilter`` took any decimal: an id beyond 64 bits reached
    the database (SQLite raised ``OverflowError``, a 500) and a fraction matched nothing silently."""

    field_class = IdField


#: The longest text a search box filter takes; longer, SQLite refused the LIKE pattern ("too complex", a 500
#: past 50,000 bytes) and PostgreSQL scanned every row for it.
MAX_SEARCH_LENGTH = 200


class SearchTextFilter(django_filters.CharFilter):
    """Free text (``?q=``) of at most :data:`MAX_SEARCH_LENGTH` characters; longer is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(*args, **kwargs)
