"""Saved searches: who may change them, and alerts about new matches — once and only once per object."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.choices import SiteRole
from cooperation.choices import ProjectState
from cooperation.services.agents import agent_verify
from cooperation.services.projects import project_approve
from notifications.models import Notification
from search.models import SavedSearch, SavedSearchMatch
from search.services import (
    MATCH_EVENT,
    saved_search_alerts,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)
from search.tasks import saved_search_alerts_task
from tests.cooperation.factories import AgentFactory, ProjectFactory
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db


def alerts_of(user):
    return list(Notification.objects.filter(recipient=user, event=MATCH_EVENT).order_by("pk"))


# --- Saving, renaming, deleting.


def test_a_search_is_saved_in_its_canonical_form(make_user):
    user = make_user()
    saved = saved_search_create(
        actor=user, name="  Кластеры   Липецка ", query="region=RU-LIP&q=кластеры&page=4&kind=x"
    )
    assert saved.name == "Кластеры Липецка"
    assert saved.query == "q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80%D1%8B&region=RU-LIP"
    assert saved.alerts_enabled and saved.get_absolute_url() == f"/search/?{saved.query}"


def test_names_are_required_and_unique_per_user(make_user):
    user, other = make_user(), make_user()
    saved_search_create(actor=user, name="Мой поиск", query="q=x")
    saved_search_create(actor=other, name="Мой поиск", query="q=x")
    with pytest.raises(ValidationError):
        saved_search_create(actor=user, name="Мой поиск", query="q=y")
    with pytest.raises(ValidationError):
        saved_search_create(actor=user, name="   ", query="q=y")


def test_only_the_owner_renames_switches_or_deletes(make_user):
    owner, stranger = make_user(), make_user()
    saved = SavedSearchFactory(user=owner)
    for change in (
        lambda actor: saved_search_update(actor=actor, saved_search=saved, name="Чужой"),
        lambda actor: saved_search_update(actor=actor, saved_search=saved, alerts_enabled=False),
        lambda actor: saved_search_delete(actor=actor, saved_search=saved),
    ):
        with pytest.raises(PermissionDenied):
            change(stranger)
    saved_search_update(actor=owner, saved_search=saved, name="Новое имя", alerts_enabled=False)
    saved.refresh_from_db()
    assert (saved.name, saved.alerts_enabled) == ("Новое имя", False)
    saved_search_delete(actor=owner, saved_search=saved)
    assert not SavedSearch.objects.exists()


def test_anonymous_users_cannot_save(reference_data):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        saved_search_create(actor=AnonymousUser(), name="x", query="q=x")


# --- Alerts.


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


def test_a_new_matching_agent_is_announced_once_and_only_once(corpus, make_user, moderator, on_commit):
    owner = make_user(language="en")
    saved = saved_search_create(actor=owner, name="Clusters", query="q=кластеры&kind=agent")
    newcomer = AgentFactory(name="Кластер станкостроения", name_en="Machine tool cluster", is_verified=False)
    mail.outbox.clear()

    # when a moderator verifies it (the index then holds a new document; the alert task runs after the commit)
    on_commit(agent_verify, agent=newcomer, actor=moderator)

    # then the owner is told, in the portal and by e-mail, in their language, with a link to the agent
    [alert] = alerts_of(owner)
    assert alert.text == "New match for “Clusters”: Machine tool cluster"
    assert alert.url == newcomer.get_absolute_url()
    [message] = [m for m in mail.outbox if m.to == [owner.email]]
    assert "Machine tool cluster" in message.body and newcomer.get_absolute_url() in message.body
    assert list(saved.matches.values_list("kind", "object_id")) == [("agent", newcomer.pk)]

    # when the task runs again (a retry), or the agent is withdrawn and verified again
    saved_search_alerts_task.delay(refs=[["agent", newcomer.pk]])
    newcomer.is_verified = False
    on_commit(newcomer.save)
    on_commit(agent_verify, agent=newcomer, actor=moderator)

    # then nobody is told twice
    assert len(alerts_of(owner)) == 1
    assert SavedSearchMatch.objects.count() == 1


def test_non_matching_objects_switched_off_alerts_and_regions_notify_nobody(corpus, make_user, moderator, on_commit):
    wants_projects = make_user()
    SavedSearchFactory(user=wants_projects, query="q=кластер&kind=project")
    switched_off = make_user()
    SavedSearchFactory(user=switched_off, query="q=кластер", alerts_enabled=False)
    unrelated = AgentFactory(name="Кластер приборостроения", is_verified=False)

    on_commit(agent_verify, agent=unrelated, actor=moderator)

    assert alerts_of(wants_projects) == [] and alerts_of(switched_off) == []
    assert saved_search_alerts(refs=[("region", 1), ("planet", 1)]) == 0


def test_a_published_project_is_announced_to_every_matching_saved_search(corpus, make_user, moderator, on_commit):
    first, second = make_user(), make_user()
    SavedSearchFactory(user=first, query="q=двойник")
    SavedSearchFactory(user=second, query="type=production&kind=project")
    project = ProjectFactory(
        lead_agent=corpus.agency,
        state=ProjectState.SUBMITTED,
        title_ru="Цифровой двойник завода",
        title_en="Digital twin of a plant",
        cooperation_types=["production"],
    )

    on_commit(project_approve, project=project, actor=moderator)

    [to_first] = alerts_of(first)
    [to_second] = alerts_of(second)
    assert "Цифровой двойник завода" in to_first.text  # in Russian, the recipient's language
    assert to_second.url == project.get_absolute_url()


def test_several_new_matches_make_one_notification_per_saved_search(corpus, make_user, on_commit):
    owner = make_user(language="en")
    saved = SavedSearchFactory(user=owner, name="Everything", query="kind=agent")
    agents = [AgentFactory(name=f"Агент {n}") for n in range(7)]
    from search.services import index_refresh

    index_refresh(refs=[("agent", agent.pk) for agent in agents])
    count = on_commit(saved_search_alerts, refs=[("agent", agent.pk) for agent in agents])

    assert count == 7 and saved.matches.count() == 7
    [alert] = alerts_of(owner)
    assert alert.text == "7 new matches for “Everything”"
    assert alert.url == saved.get_absolute_url()


def test_nobody_is_alerted_about_their_own_agent_or_its_projects(corpus, make_user, moderator, on_commit, settings):
    from cooperation.choices import AgentRole
    from tests.cooperation.factories import MembershipFactory

    settings.SITE_URL = "https://spiral.example.org"
    founder, stranger = make_user(language="en"), make_user(language="en")
    for user in (founder, stranger):
        SavedSearchFactory(user=user, name="Clusters", query="q=кластеры")
    own = AgentFactory(name="Кластер станкостроения", name_en="Machine tool cluster", is_verified=False)
    MembershipFactory(agent=own, user=founder, role=AgentRole.ADMINISTRATOR)
    own_project = ProjectFactory(
        lead_agent=own, state=ProjectState.SUBMITTED, title_ru="Кластер станков", title_en="Machine tool cluster"
    )
    mail.outbox.clear()

    # when a moderator verifies the founder's organisation and publishes its project
    on_commit(agent_verify, agent=own, actor=moderator)
    on_commit(project_approve, project=own_project, actor=moderator)

    # then the founder hears nothing about them; someone else is told, with absolute links
    assert alerts_of(founder) == []
    assert [m for m in mail.outbox if m.to == [founder.email] and "match" in m.subject] == []
    assert not SavedSearchMatch.objects.filter(saved_search__user=founder).exists()
    assert len(alerts_of(stranger)) == 2
    bodies = "\n".join(m.body for m in mail.outbox if m.to == [stranger.email] and "match" in m.subject)
    assert f"https://spiral.example.org/agents/{own.pk}/" in bodies
    assert f"https://spiral.example.org/projects/{own_project.pk}/" in bodies
    assert f": /agents/{own.pk}/" not in bodies


def test_an_alert_needs_every_word_where_the_search_page_shows_partial_matches(
    corpus, make_user, moderator, on_commit, client
):
    owner = make_user()
    SavedSearchFactory(user=owner, name="Дроны для полей", query="q=точное земледелие беспилотники")
    partial = AgentFactory(name="Точное литьё", description="Литьё по выплавляемым моделям.", is_verified=False)
    whole = AgentFactory(name="Поле-Дрон", description="Беспилотники для точного земледелия.", is_verified=False)

    on_commit(agent_verify, agent=partial, actor=moderator)
    on_commit(agent_verify, agent=whole, actor=moderator)

    # the alert names only the agent holding all three words
    assert [alert.url for alert in alerts_of(owner)] == [whole.get_absolute_url()]
    assert list(SavedSearchMatch.objects.values_list("object_id", flat=True)) == [whole.pk]
    # while the search page still shows the one-word partial match, below the whole one
    html = client.get(reverse("search:index"), {"q": "точное земледелие беспилотники"}).content.decode()
    assert "Точное литьё" in html and html.index("Поле-Дрон") < html.index("Точное литьё")
