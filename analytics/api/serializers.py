from rest_framework import serializers

from analytics.models import Classifier, ClassifierItem


class ClassifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Classifier
        fields = ["code", "name_ru", "name_en", "kind", "source"]


class ClassifierItemSerializer(serializers.ModelSerializer):
    classifier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ClassifierItem
        fields = ["id", "classifier", "code", "name_ru", "name_en"]
