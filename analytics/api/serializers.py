import math

from rest_framework import serializers

from analytics.choices import CompetenceEventKind, Indicator, SnapshotDisplayStatus
from analytics.models import Classifier, ClassifierItem, ClassifierMapping, Dataset, Snapshot


class ClassifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Classifier
        fields = ["code", "name_ru", "name_en", "kind", "source"]


class ClassifierItemSerializer(serializers.ModelSerializer):
    classifier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ClassifierItem
        fields = ["id", "classifier", "code", "name_ru", "name_en"]


class ClassifierMappingSerializer(serializers.ModelSerializer):
    source = ClassifierItemSerializer(read_only=True)
    target = ClassifierItemSerializer(read_only=True)

    class Meta:
        model = ClassifierMapping
        fields = ["id", "source", "target", "kind", "note"]


# --- Competence maps (read-only, open data) -------------------------------------------


class DatasetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dataset
        fields = ["code", "name_ru", "name_en", "source", "source_en", "description", "description_en"]


class SnapshotSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        source="display_status",
        choices=SnapshotDisplayStatus.choices,
        read_only=True,
        help_text="`interrupted`: still running past the task's time limit, its worker died; the next run replaces it.",
    )
    row_counts = serializers.JSONField(read_only=True, help_text="Rows written per kind and per data set, timings.")

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "status",
            "is_current",
            "threshold",
            "inputs_checksum",
            "started_at",
            "finished_at",
            "row_counts",
        ]


class CoefficientValueSerializer(serializers.Serializer):
    """One coefficient of a region, item and year (a row of ``analytics.selectors.coefficient_values``)."""

    dataset = serializers.CharField(source="dataset_code", help_text="Data set code.")
    indicator = serializers.ChoiceField(choices=Indicator.choices, help_text="Coefficient (Table 1 of the method).")
    region = serializers.CharField(source="region_iso", help_text="ISO 3166-2 code, e.g. RU-LIP.")
    region_name_ru = serializers.CharField()
    region_name_en = serializers.CharField()
    macroregion = serializers.CharField(source="macroregion_code")
    classifier = serializers.CharField(source="classifier_code")
    item = serializers.CharField(source="item_code", help_text="Item code within the classifier.")
    item_name_ru = serializers.CharField()
    item_name_en = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True, help_text="Null where the coefficient is undefined.")
    is_competence = serializers.BooleanField(help_text="Value at or above the snapshot's competence threshold.")


class CompetenceValueSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Item code (GRNTI rubric for S&T competences).")
    name = serializers.CharField(allow_null=True, help_text="English name, as in the shared tables.")
    value = serializers.FloatField(help_text="The coefficient.")


class ScenarioDirectionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="FEACN commodity group (global level) or NACE section.")
    name = serializers.CharField(allow_null=True, help_text="English name, as in the shared tables.")
    value = serializers.FloatField(help_text="The level's coefficient (a competence: at or above the threshold).")
    st_competences = CompetenceValueSerializer(many=True, help_text="The S&T competences behind it.")
    cross_cutting = CompetenceValueSerializer(many=True, help_text="The region's cross-cutting S&T competences.")


class LevelsSerializer(serializers.Serializer):
    """The three levels of smart specialisation: ``global``, ``national``, ``macroregional``."""

    # "global" is a Python keyword: subclasses declare the field as ``global_``, published as "global".
    def get_fields(self):
        fields = super().get_fields()
        renamed = {"global": fields.pop("global_")}
        renamed.update(fields)
        return renamed


class ScenarioLevelsSerializer(LevelsSerializer):
    """The region's directions of specialisation per level, by code."""

    global_ = ScenarioDirectionSerializer(many=True, help_text="Export specialisation (FEACN groups).")
    national = ScenarioDirectionSerializer(many=True, help_text="National localisation (NACE sections).")
    macroregional = ScenarioDirectionSerializer(many=True, help_text="Macro-regional localisation (NACE sections).")


class ScenarioSerializer(serializers.Serializer):
    """The scenario model of smart specialisation of a region (the paper's Figure 1)."""

    region = serializers.CharField(help_text="ISO 3166-2 code.")
    region_name_ru = serializers.CharField()
    region_name_en = serializers.CharField()
    dataset = serializers.CharField(help_text="Data set code.")
    year = serializers.IntegerField(help_text="Year of the level tables.")
    years = serializers.DictField(
        child=serializers.IntegerField(), help_text='Year each table was read at, e.g. {"global": 2020, "st": 2021}.'
    )
    threshold = serializers.FloatField(help_text="Competence threshold (coefficient ≥ threshold).")
    levels = ScenarioLevelsSerializer()


class MatrixRegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-2 code.")
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


class MatrixCellSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="ISO 3166-2 code.")
    value = serializers.FloatField(allow_null=True)
    specialised = serializers.BooleanField()
    mark = serializers.CharField(help_text='"+" or "-".')
    st_competences = CompetenceValueSerializer(
        many=True, help_text="S&T competences linked to the direction (listed under '-' too, as possible directions)."
    )


class MatrixDirectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    cells = MatrixCellSerializer(many=True, help_text="One cell per region, in the order of ``regions``.")


class MatrixLevelsSerializer(LevelsSerializer):
    """Per level, the directions in which at least one region of the macro-region is specialised."""

    global_ = MatrixDirectionSerializer(many=True)
    national = MatrixDirectionSerializer(many=True)
    macroregional = MatrixDirectionSerializer(many=True)


class MatrixCrossCuttingSerializer(serializers.Serializer):
    region = serializers.CharField()
    competences = CompetenceValueSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    """The managerial matrix of smart specialisation of a macro-region (the paper's Table 6)."""

    macroregion = serializers.CharField()
    macroregion_name_ru = serializers.CharField()
    macroregion_name_en = serializers.CharField()
    dataset = serializers.CharField()
    year = serializers.IntegerField()
    years = serializers.DictField(child=serializers.IntegerField())
    threshold = serializers.FloatField()
    regions = MatrixRegionSerializer(many=True, help_text="The columns of the matrix.")
    levels = MatrixLevelsSerializer()
    cross_cutting = MatrixCrossCuttingSerializer(many=True)


class DocumentQuerySerializer(serializers.Serializer):
    """Query parameters of the scenario model and the managerial matrix."""

    dataset = serializers.SlugField(
        required=False, help_text="Data set code; default: the first data set (in display order) that has one."
    )
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100, help_text="Default: the latest.")


class CompetenceEventSerializer(serializers.Serializer):
    """A competence a region gained or lost in a year (against the year before)."""

    id = serializers.IntegerField()
    dataset = serializers.CharField(source="dataset.code", help_text="Data set code.")
    indicator = serializers.ChoiceField(choices=Indicator.choices, help_text="Coefficient (Table 1 of the method).")
    region = serializers.CharField(source="region.iso_code", help_text="ISO 3166-2 code, e.g. RU-LIP.")
    classifier = serializers.CharField(source="item.classifier.code")
    item = serializers.CharField(source="item.code", help_text="Item code within the classifier.")
    item_name_ru = serializers.CharField(source="item.name_ru")
    item_name_en = serializers.CharField(source="item.name_en")
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CompetenceEventKind.choices, help_text="gained or lost.")
    value_before = serializers.FloatField(help_text="The coefficient the year before.")
    value_after = serializers.FloatField(help_text="The coefficient this year.")
    recorded_at = serializers.DateTimeField()


class RelatednessQuerySerializer(DocumentQuerySerializer):
    """Query parameters of a region's relatedness, complexity and possible-to-develop items."""

    quantile = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="Cut-off = this quantile of the region's densities over the items it is not specialised in "
        "(default: the setting ANALYTICS_POSSIBLE_DENSITY_QUANTILE, 0.5 = the median).",
    )
    min_density = serializers.FloatField(
        required=False, min_value=0, max_value=1, help_text="A fixed density cut-off instead of the quantile."
    )

    def _finite(self, value: float) -> float:
        if not math.isfinite(value):
            raise serializers.ValidationError("A finite number is required.")
        return value

    def validate_quantile(self, value: float) -> float:
        return self._finite(value)

    def validate_min_density(self, value: float) -> float:
        return self._finite(value)


class RelatednessItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Item code.")
    name_en = serializers.CharField(allow_blank=True)
    name_ru = serializers.CharField(allow_blank=True)
    value = serializers.FloatField(allow_null=True, help_text="The portal's coefficient (null: unknown).")
    density = serializers.FloatField(allow_null=True, help_text="Relatedness density of the item for the region.")
    competence = serializers.BooleanField(help_text="Coefficient at or above the threshold.")
    possible = serializers.BooleanField(help_text="Possible to develop (technologically related).")


class RelatednessFamilySerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices, help_text="Coefficient family.")
    year = serializers.IntegerField()
    source = serializers.CharField(help_text="volumes, published or coefficients: what presence was computed from.")
    eci = serializers.FloatField(allow_null=True, help_text="Economic complexity index of the region.")
    eci_rank = serializers.IntegerField(allow_null=True, help_text="Rank of the ECI among the regions (1 = highest).")
    regions_ranked = serializers.IntegerField(help_text="How many regions have an ECI in this family and year.")
    cutoff = serializers.FloatField(allow_null=True, help_text="The region's density cut-off (null: no candidate).")
    items = RelatednessItemSerializer(many=True)


class RelatednessRuleSerializer(serializers.Serializer):
    threshold = serializers.FloatField(help_text="Competence threshold of the snapshot.")
    quantile = serializers.FloatField(allow_null=True)
    min_density = serializers.FloatField(allow_null=True)
    description = serializers.CharField()


class RelatednessSerializer(serializers.Serializer):
    """A region's relatedness density, ECI and rank, and possible-to-develop items, per coefficient family."""

    region = serializers.CharField(help_text="ISO 3166-2 code.")
    dataset = serializers.CharField()
    rule = RelatednessRuleSerializer()
    families = RelatednessFamilySerializer(many=True)
