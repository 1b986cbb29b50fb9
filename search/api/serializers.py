from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from analytics.models import ClassifierItem
from regions.models import Region

from ..models import CompetenceWatch, SavedSearch, SearchDocument


class SearchResultSerializer(serializers.ModelSerializer):
    """One result: what it is, its title and summary in the request's language, its page and filter columns."""

    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    rank = serializers.SerializerMethodField()
    why = serializers.SerializerMethodField(
        help_text="Why it matched: the fields holding the query's words, each with the words in <mark> (HTML-escaped)."
    )

    class Meta:
        model = SearchDocument
        fields = [
            "kind",
            "object_id",
            "title",
            "title_ru",
            "title_en",
            "summary",
            "url",
            "helix",
            "region",
            "level",
            "created_at",
            "rank",
            "why",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_why(self, document):
        return [{"field": found.field, "html": str(found.html)} for found in getattr(document, "why", [])]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rank(self, document):
        rank = getattr(document, "rank", None)
        return None if rank is None else round(float(rank), 6)


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField(source="input_value")
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    """A filter with the number of results of each of its values (the other filters applied)."""

    name = serializers.CharField()
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)


# One object, although the view is a viewset's ``list``: without this the schema said an array.
@extend_schema_serializer(many=False)
class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    query = serializers.CharField(help_text="The canonical query string of this search (share or save it).")
    results = SearchResultSerializer(many=True)
    facets = FacetSerializer(many=True)


class SavedSearchSerializer(serializers.ModelSerializer):
    """A saved search of the caller. ``query`` is the search page's query string, stored canonically; it
    cannot change after saving (save another search instead)."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)
    match_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "alerts_enabled", "url", "match_count", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["query"].read_only = True
        return fields


class ReasonSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    indicator = serializers.CharField()
    value = serializers.FloatField()
    own_value = serializers.FloatField(allow_null=True, help_text="The own region's value (similar regions only).")
    text = serializers.CharField(source="__str__")


class PartnerSerializer(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class RegionSuggestionSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.iso_code")
    region_name = serializers.CharField(source="region.name")
    line = serializers.CharField()
    item_count = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)
    partners = PartnerSerializer(many=True)
    search_url = serializers.CharField()
    level = serializers.IntegerField(help_text="The cooperation level already held with an own region (0: none).")


# One object, although the view is a viewset's ``list``: without this the schema said an array.
@extend_schema_serializer(many=False)
class RecommendationsSerializer(serializers.Serializer):
    subject = serializers.DictField()
    dataset = serializers.CharField(allow_null=True)
    dataset_name = serializers.CharField()
    years = serializers.DictField(child=serializers.IntegerField())
    threshold = serializers.FloatField(allow_null=True)
    basis = serializers.CharField()
    basis_items = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    own_regions = serializers.ListField(child=serializers.CharField())
    suggestions = RegionSuggestionSerializer(many=True, help_text="Complementary regions: strong where yours is weak.")
    similar = RegionSuggestionSerializer(many=True, help_text="Similar regions: strong where yours is strong too.")
    datasets_used = serializers.ListField(child=serializers.CharField())
    complementary_empty = serializers.CharField(help_text="Why there is no complementary region (else empty).")
    similar_empty = serializers.CharField(help_text="Why there is no similar region (else empty).")
    notes = serializers.ListField(child=serializers.CharField())


class CompetenceWatchSerializer(serializers.ModelSerializer):
    """A competence watch of the caller: a region (ISO code), an item (id of a classifier item), or both."""

    region = serializers.SlugRelatedField(
        slug_field="iso_code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        help_text="ISO 3166-2 code, e.g. RU-LIP.",
    )
    item = serializers.PrimaryKeyRelatedField(
        queryset=ClassifierItem.objects.all(),
        required=False,
        allow_null=True,
        help_text="Id of a classifier item (/api/classifier-items/).",
    )

    class Meta:
        model = CompetenceWatch
        fields = ["id", "region", "item", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        if not attrs.get("region") and not attrs.get("item"):
            raise serializers.ValidationError(_("Choose a region, an activity or rubric, or both."))
        return attrs
