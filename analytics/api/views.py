import django_filters
from rest_framework import viewsets

from analytics.models import Classifier, ClassifierItem

from .serializers import ClassifierItemSerializer, ClassifierSerializer

PUBLIC_READ = {"list": None, "retrieve": None}


class ClassifierApi(viewsets.ReadOnlyModelViewSet):
    """Classifiers of the data bank (OKVED2/NACE, OKVED1, FEACN groups, GRNTI)."""

    queryset = Classifier.objects.all()
    serializer_class = ClassifierSerializer
    lookup_field = "code"
    rules_permissions = PUBLIC_READ
    pagination_class = None


class ClassifierItemFilterSet(django_filters.FilterSet):
    classifier = django_filters.CharFilter(field_name="classifier__code")

    class Meta:
        model = ClassifierItem
        fields = ["classifier", "code"]


class ClassifierItemApi(viewsets.ReadOnlyModelViewSet):
    """Items of the classifiers; their ids tag agents' competences."""

    queryset = ClassifierItem.objects.select_related("classifier")
    serializer_class = ClassifierItemSerializer
    filterset_class = ClassifierItemFilterSet
    rules_permissions = PUBLIC_READ
