"""The project page's facts (description, about, participants, helix balance, fit) are cached per project and
language under a version (``cooperation.page_cache``): a write that changes them is seen on the next visit, and
the cache never lets someone see a project they may not.

Each write runs with its commit's callbacks, as in production, where the version is replaced once the
transaction commits.
"""

import pytest

from cooperation.choices import Helix, ParticipantStatus, ProjectState
from cooperation.page_cache import FACTS_VERSION
from core import cache_versions
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def project(lipetsk, committed):
    return committed(
        lambda: ProjectFactory(
            state=ProjectState.PUBLISHED,
            summary_en="The first summary.",
            lead_agent=AgentFactory(region=lipetsk, name_en="Lipetsk Works"),
        )
    )


def page(client, project) -> str:
    response = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "{#" not in html  # a template comment spread over lines is printed, not hidden
    return html


def test_an_accepted_participant_shows_at_once(client, project, voronezh, committed):
    partner = AgentFactory(region=voronezh, name_en="Voronezh University", helix=Helix.SCIENCE)
    participant = committed(
        lambda: ParticipantFactory(project=project, agent=partner, status=ParticipantStatus.APPLIED)
    )
    assert "Voronezh University" not in page(client, project)

    def accept():
        participant.status = ParticipantStatus.ACCEPTED
        participant.save()

    committed(accept)

    html = page(client, project)
    assert "Voronezh University" in html
    assert "Interregional" in html


def test_an_edited_project_shows_at_once(client, project, committed):
    assert "The first summary." in page(client, project)

    def edit():
        project.summary_en = "The second summary."
        project.save()

    committed(edit)

    html = page(client, project)
    assert "The second summary." in html and "The first summary." not in html


def test_a_renamed_participant_shows_at_once(client, project, committed):
    assert "Lipetsk Works" in page(client, project)

    def rename():
        project.lead_agent.name_en = "Lipetsk Steel"
        project.lead_agent.save()

    committed(rename)

    html = page(client, project)
    assert "Lipetsk Steel" in html and "Lipetsk Works" not in html


def test_a_recomputed_fit_replaces_the_version(project, committed):
    from cooperation.services.fit import project_fit_refresh

    before = cache_versions.version(FACTS_VERSION)
    # The fit scores are written in SQL (no signal): the service replaces the version itself.
    committed(project_fit_refresh, project_ids=[project.pk])
    assert cache_versions.version(FACTS_VERSION) != before


def test_the_language_is_in_the_key(client, project):
    assert "The first summary." in page(client, project)
    russian = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Краткое описание." in russian and "The first summary." not in russian


def test_a_hidden_project_is_not_served_from_the_cache_to_those_who_may_not_see_it(client, project, committed):
    member = MembershipFactory(agent=project.lead_agent).user

    def hide():
        project.is_hidden = True
        project.save()

    committed(hide)
    # given: the lead's member sees it (and the facts are cached)
    client.force_login(member)
    assert "The first summary." in page(client, project)
    # then: someone else, and an anonymous visitor, get a 404, not the cached facts
    client.force_login(UserFactory())
    assert client.get(project.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(project.get_absolute_url()).status_code == 404


def test_the_header_follows_the_project_at_once(client, project, committed):
    # The header (title, state, featured, hidden) is cached with the facts.
    assert 'text-bg-warning">Featured' not in page(client, project)

    def feature_and_start():
        project.is_featured = True
        project.state = ProjectState.ACTIVE
        project.save()

    committed(feature_and_start)

    html = page(client, project)
    assert 'text-bg-warning">Featured' in html
    assert 'text-bg-success">Active' in html


def test_a_second_visit_reads_the_project_and_nothing_else(client, project, voronezh, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    committed(
        lambda: ParticipantFactory(
            project=project, agent=AgentFactory(region=voronezh), status=ParticipantStatus.ACCEPTED
        )
    )
    assert "Interregional" in page(client, project)
    # The facts, the panels, the discussion and the recommendations are all in the cache: the participants,
    # directions and rubrics (read only to render them again) and the snapshot are not read.
    with CaptureQueriesContext(connection) as queries:
        assert "Interregional" in page(client, project)
    assert len(queries.captured_queries) == 1, [query["sql"] for query in queries.captured_queries]
    assert "cooperation_project" in queries.captured_queries[0]["sql"]


def test_the_watches_outlive_a_garbage_collection():
    """The receivers that replace the versions are closures that only the signals hold (``weak=False``): a full
    collection leaves them connected, and a save, a delete and a many-to-many change still replace the versions."""
    import gc

    from analytics.models import ClassifierItem
    from cooperation.page_cache import page_version_name
    from tests.discussion.factories import CommentFactory

    gc.collect()
    project = ProjectFactory(state=ProjectState.PUBLISHED)
    page, facts = page_version_name(project.pk), FACTS_VERSION

    for write in (
        lambda: CommentFactory(project=project),  # another app's row: the page version
        lambda: project.comments.all().delete(),
        lambda: project.rubrics.add(ClassifierItem.objects.first()),  # a many-to-many change: the facts version
    ):
        before = (cache_versions.version(page), cache_versions.version(facts))
        write()
        assert (cache_versions.version(page), cache_versions.version(facts)) != before
