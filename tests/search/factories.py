import factory

from search.models import CompetenceWatch, SavedSearch
from tests.accounts.factories import UserFactory


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A saved search with alerts on; ``query`` is a query string of the search page."""

    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Поиск {n}")
    query = "q=кластер"
    alerts_enabled = True


class CompetenceWatchFactory(factory.django.DjangoModelFactory):
    """A watch of a region (give ``region``, ``item`` or both)."""

    class Meta:
        model = CompetenceWatch

    user = factory.SubFactory(UserFactory)
