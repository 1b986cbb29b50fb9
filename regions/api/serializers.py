from rest_framework import serializers

from regions.models import FederalDistrict, MacroRegion, Region


class FederalDistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = FederalDistrict
        fields = ["code", "name_ru", "name_en"]


class MacroRegionSerializer(serializers.ModelSerializer):
    region_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MacroRegion
        fields = ["code", "name_ru", "name_en", "region_count"]


class RegionSerializer(serializers.ModelSerializer):
    federal_district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    macroregion = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agent_count = serializers.IntegerField(read_only=True, help_text="Verified agents in the region.")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Region
        fields = [
            "iso_code",
            "okato",
            "name_ru",
            "name_en",
            "kind",
            "federal_district",
            "macroregion",
            "agent_count",
            "url",
        ]
