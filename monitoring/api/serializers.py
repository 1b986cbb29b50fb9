from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.api.fields import VisibleProjectField
from regions.models import Region

from ..choices import EffectType
from ..models import ClosingReport, Effect, Indicator, IndicatorValue
from ..progress import progress_percent
from ..selectors import effects_visible_to, indicators_visible_to


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(OpenApiTypes.INT)
class VisibleEffectField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return effects_visible_to(_user(self))


@extend_schema_field(OpenApiTypes.INT)
class VisibleIndicatorField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return indicators_visible_to(_user(self)).select_related("effect__project")


# --- Effects.


class EffectSerializer(serializers.ModelSerializer):
    type_display = serializers.CharField(source="get_type_display", read_only=True)

    class Meta:
        model = Effect
        fields = ["id", "project", "type", "type_display", "description", "created_at"]


class EffectCreateSerializer(serializers.Serializer):
    project = VisibleProjectField()
    type = serializers.ChoiceField(choices=EffectType.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class EffectUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, max_length=2000)


# --- Indicators.


class LatestValueSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its latest value and its progress toward the target.

    ``progress`` is the raw share ``(latest − baseline) / (target − baseline)``
    (below 0 or above 1 when the indicator moved the wrong way or passed its
    target); ``progress_percent`` is the same, clamped to 0–100, as pages show it.
    """

    project = serializers.IntegerField(source="effect.project_id", read_only=True)
    name = serializers.CharField(read_only=True)
    direction = serializers.CharField(read_only=True)
    latest_value = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    progress_percent = serializers.SerializerMethodField()
    series = serializers.CharField(read_only=True, help_text="Series of the data bank it is linked to, or empty.")
    series_region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "effect",
            "project",
            "name",
            "name_ru",
            "name_en",
            "unit",
            "baseline",
            "target",
            "direction",
            "latest_value",
            "progress",
            "progress_percent",
            "series",
            "series_region",
            "created_at",
        ]

    @extend_schema_field(LatestValueSerializer(allow_null=True))
    def get_latest_value(self, indicator):
        latest = indicator.latest_value
        return LatestValueSerializer(latest).data if latest is not None else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, indicator):
        raw = indicator.progress
        return float(raw) if raw is not None else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_progress_percent(self, indicator):
        return progress_percent(indicator.progress)


class IndicatorWriteSerializer(serializers.Serializer):
    """The fields of an indicator; ``effect`` only when creating one."""

    effect = VisibleEffectField()
    name_ru = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    unit = serializers.CharField(max_length=50, allow_blank=True)
    baseline = serializers.DecimalField(max_digits=18, decimal_places=4)
    target = serializers.DecimalField(max_digits=18, decimal_places=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("effect")


# --- Values.


class IndicatorValueSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.get_short_name", read_only=True, default=None)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "date", "value", "note", "recorded_by", "recorded_at", "updated_at"]


class IndicatorValueWriteSerializer(serializers.Serializer):
    """A dated value; ``indicator`` only when recording one."""

    indicator = VisibleIndicatorField()
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("indicator")


# --- Closing reports.


class ClosingReportSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)
    author = serializers.CharField(source="author.get_short_name", read_only=True, default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ClosingReport
        fields = [
            "id",
            "project",
            "project_title",
            "summary",
            "summary_en",
            "results",
            "results_en",
            "lessons_learned",
            "lessons_learned_en",
            "recommendations",
            "recommendations_en",
            "is_published",
            "published_at",
            "author",
            "created_at",
            "updated_at",
            "url",
        ]

    def get_url(self, report) -> str:
        from django.urls import reverse

        return reverse("monitoring:closing-report", kwargs={"project_pk": report.project_id})


class ClosingReportWriteSerializer(serializers.Serializer):
    """The texts of a closing report; ``project`` only when writing a new one.

    Each text in Russian (the plain field), English (``_en``) or both; the lessons learned in one at least.
    """

    project = VisibleProjectField()
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    summary_en = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    results = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    results_en = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    lessons_learned = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    lessons_learned_en = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    recommendations_en = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    is_published = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("project")


class IndicatorLinkSerializer(serializers.Serializer):
    """Link an indicator to a series of the data bank (``gva_share:C``, ``rd_personnel``,
    ``innovation_activity``) for one participating region (ISO code)."""

    series = serializers.CharField(max_length=60)
    region = serializers.SlugRelatedField(slug_field="iso_code", queryset=Region.objects.all())


class YearValueSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    region = serializers.FloatField(allow_null=True)
    macroregion = serializers.FloatField(allow_null=True)


class RollupRowSerializer(serializers.Serializer):
    """One linked indicator in a region's roll-up: before (the project's start year) and after (latest)."""

    project = serializers.IntegerField(source="indicator.effect.project_id")
    indicator = serializers.IntegerField(source="indicator.pk")
    indicator_name = serializers.CharField(source="indicator.name")
    series = serializers.CharField(source="indicator.series")
    region = serializers.CharField(source="indicator.series_region.iso_code")
    unit = serializers.SerializerMethodField()
    error = serializers.CharField()
    before_year = serializers.IntegerField(allow_null=True)
    after_year = serializers.IntegerField(allow_null=True)
    region_before = serializers.FloatField(allow_null=True)
    region_after = serializers.FloatField(allow_null=True)
    macroregion_before = serializers.FloatField(source="macro_before", allow_null=True)
    macroregion_after = serializers.FloatField(source="macro_after", allow_null=True)
    years = YearValueSerializer(many=True)

    @extend_schema_field(serializers.CharField())
    def get_unit(self, row):
        return row.comparison.unit if row.comparison else ""
