"""Serializer fields that the APIs of ``cooperation`` and of the apps above it share."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.selectors import projects_visible_to


@extend_schema_field(OpenApiTypes.INT)
class VisibleProjectField(serializers.PrimaryKeyRelatedField):
    """A project the caller may see: any other is "does not exist", like a missing one (its existence is private)."""

    def get_queryset(self):
        request = self.context.get("request")
        return projects_visible_to(getattr(request, "user", None))
