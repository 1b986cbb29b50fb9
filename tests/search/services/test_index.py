"""The index follows the objects: through the other apps' own services, after their transaction commits."""

import pytest
from django.core.management import call_command

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import ProjectState
from cooperation.services.agents import agent_update, agent_verify
from cooperation.services.projects import project_approve, project_hide
from experts.services import expert_profile_save
from search.models import SearchDocument, SearchFacetValue
from search.params import SearchParams
from search.selectors import search
from search.services import index_refresh
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> set[tuple[str, int]]:
    return {(d.kind, d.object_id) for d in search(SearchParams.from_query({"q": query}), page_size=100).documents}


def document(kind, object_id):
    return SearchDocument.objects.filter(kind=kind, object_id=object_id).first()


def test_a_renamed_agent_is_found_by_its_new_name(corpus, make_user, on_commit):
    admin = make_user()
    MembershipFactory(agent=corpus.foundation, user=admin, role="administrator")

    on_commit(agent_update, agent=corpus.foundation, actor=admin, name="Фонд поддержки кластеров")

    assert corpus.ref("foundation") in found("кластеры")
    assert corpus.ref("foundation") not in found("инициатив")
    assert document("agent", corpus.foundation.pk).title_ru == "Фонд поддержки кластеров"


def test_an_agent_appears_when_verified(corpus, make_user, on_commit):
    moderator = make_user(SiteRole.MODERATOR)
    assert document("agent", corpus.unverified.pk) is None
    assert corpus.ref("unverified") not in found("машиностроения")  # (this search is now cached)

    on_commit(agent_verify, agent=corpus.unverified, actor=moderator)

    assert corpus.ref("unverified") in found("машиностроения")


def test_competences_changed_from_the_service_update_the_filter_values(corpus, make_user, on_commit):
    admin = make_user()
    MembershipFactory(agent=corpus.agency, user=admin, role="administrator")
    item = ClassifierItem.objects.get(classifier__code="nace2", code="C")

    on_commit(agent_update, agent=corpus.agency, actor=admin, competences=[item])

    agency = document("agent", corpus.agency.pk)
    assert agency.facets.filter(facet="competence", value=str(item.pk)).exists()
    assert corpus.ref("agency") in found("manufacturing")


def test_a_project_appears_when_published_and_disappears_when_hidden(corpus, make_user, on_commit):
    moderator = make_user(SiteRole.MODERATOR)
    submitted = ProjectFactory(
        lead_agent=corpus.agency, state=ProjectState.SUBMITTED, title_ru="Цифровой двойник", title_en="Digital twin"
    )
    assert document("project", submitted.pk) is None

    on_commit(project_approve, project=submitted, actor=moderator)
    assert ("project", submitted.pk) in found("digital twin")

    on_commit(project_hide, project=submitted, actor=moderator, reason="Спам")
    assert ("project", submitted.pk) not in found("digital twin")
    assert not SearchFacetValue.objects.filter(document__kind="project", document__object_id=submitted.pk).exists()


def test_an_expert_profile_appears_when_published_and_follows_the_users_name(reference_data, make_user, on_commit):
    user = make_user(full_name="Анна Кузнецова")
    item = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    from regions.models import Region

    voronezh = Region.objects.get(iso_code="RU-VOR")
    profile = on_commit(
        expert_profile_save,
        user=user,
        competences=[item],
        region=voronezh,
        headline_ru="Эксперт по цифровым двойникам",
        is_published=True,
    )
    assert ("expert", profile.pk) in found("двойники")

    user.full_name = "Анна Кузнецова-Смирнова"
    on_commit(user.save, update_fields=["full_name"])
    assert document("expert", profile.pk).title_ru == "Анна Кузнецова-Смирнова"


def test_a_deleted_agent_leaves_the_index(corpus, on_commit):
    pk = corpus.foundation.pk
    on_commit(corpus.foundation.delete)
    assert document("agent", pk) is None


def test_one_transaction_reindexes_once(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        agent = AgentFactory(name="Новый агент")
        agent.name = "Новый агент 2"
        agent.save()
        ExpertProfileFactory()
    pending = {callback for callback in callbacks if callback.__module__ == "search.services.index"}
    # one shared callback, registered once per change (so that a rolled-back savepoint cannot drop it)
    assert len(pending) == 1
    assert ("agent", agent.pk) in next(iter(pending)).refs


def test_refresh_is_idempotent_and_rebuild_command_restores_everything(corpus, capsys):
    SearchDocument.objects.filter(kind="agent").update(title_ru="испорчено")
    before = SearchFacetValue.objects.count()

    result = index_refresh(refs=[corpus.ref("agency"), corpus.ref("agency"), ("agent", 999999)])
    again = index_refresh(refs=[corpus.ref("agency")])

    assert result.created == [] and result.updated == 1 and again.updated == 1
    assert SearchFacetValue.objects.count() == before
    call_command("rebuild_search_index")
    assert "Search index rebuilt" in capsys.readouterr().out
    assert not SearchDocument.objects.filter(title_ru="испорчено").exists()
    assert SearchDocument.objects.filter(kind="agent").count() == 4
