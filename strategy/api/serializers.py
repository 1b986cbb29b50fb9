from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analytics.models import Dataset
from regions.models import Region

from ..models import SCORE_MAX, SCORE_MIN, DiscoverySession, PrioritySet, SessionItem


class PriorityEvidenceSerializer(serializers.Serializer):
    """One declared priority with its evidence in the current competence maps."""

    rank = serializers.IntegerField()
    classifier = serializers.CharField()
    code = serializers.CharField()
    name_en = serializers.CharField()
    name_ru = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["revealed", "related", "unsupported"])
    best_value = serializers.FloatField(allow_null=True)
    best_indicator = serializers.CharField(allow_null=True)
    best_year = serializers.IntegerField(allow_null=True)
    density = serializers.FloatField(allow_null=True)
    density_median = serializers.FloatField(allow_null=True)


class PrioritySetSerializer(serializers.ModelSerializer):
    """A region's priorities from one source document, each classified revealed, related or unsupported."""

    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    priorities = serializers.SerializerMethodField()

    class Meta:
        model = PrioritySet
        fields = [
            "id",
            "region",
            "title",
            "url",
            "year",
            "is_illustrative",
            "origin",
            "session",
            "created_at",
            "priorities",
        ]

    @extend_schema_field(PriorityEvidenceSerializer(many=True))
    def get_priorities(self, priority_set):
        return self.context.get("evidence", {}).get(priority_set.pk, [])


class PriorityItemSerializer(serializers.Serializer):
    classifier = serializers.ChoiceField(choices=["nace2", "feacn_groups", "grnti"])
    code = serializers.CharField(max_length=40)


class PrioritySetCreateSerializer(serializers.Serializer):
    """Declare a region's priorities (regional coordinators of the region); ``items`` in rank order."""

    region = serializers.SlugRelatedField(slug_field="iso_code", queryset=Region.objects.all())
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    is_illustrative = serializers.BooleanField(required=False, default=False)
    items = PriorityItemSerializer(many=True, min_length=1, max_length=200)


class PrioritySetUpdateSerializer(serializers.Serializer):
    """Correct a set entered by hand (regional coordinators of its region): the document and the priorities,
    ``items`` in rank order (a priority kept keeps its note)."""

    title = serializers.CharField(max_length=300)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    is_illustrative = serializers.BooleanField(required=False, default=False)
    items = PriorityItemSerializer(many=True, min_length=1, max_length=200)


class SessionItemSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = SessionItem
        fields = ["id", "level", "code", "name_en", "name_ru", "value", "st_bundle", "sort_order"]


class DiscoverySessionSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    dataset = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = SessionItemSerializer(many=True, read_only=True)

    class Meta:
        model = DiscoverySession
        fields = ["id", "region", "dataset", "year", "title", "state", "opened_at", "closed_at", "adopted_at", "items"]


class DiscoverySessionCreateSerializer(serializers.Serializer):
    region = serializers.SlugRelatedField(slug_field="iso_code", queryset=Region.objects.all())
    dataset = serializers.SlugRelatedField(slug_field="code", queryset=Dataset.objects.all())
    year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1990, max_value=2100)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RatingCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text="A direction (session item) id of this session.")
    agent = serializers.IntegerField(min_value=1, help_text="The organisation you rate for (you represent it).")
    score = serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
