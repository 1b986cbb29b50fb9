"""The cell page's rendered content is cached per audience (``search.cells.cell_cache_key``): a write that
changes what it shows is seen on the next visit, and no audience is served another's content.

Each write runs with its commit's callbacks (``on_commit``), as in production, where the cache version is
replaced once the transaction commits.
"""

from datetime import date

import pytest
from django.urls import reverse

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import ProjectState
from levels.models import PairLevel
from regions.models import Region
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:cell", args=["RU-LIP", "nace2", "C"])


def item(classifier: str, **lookup) -> ClassifierItem:
    return ClassifierItem.objects.get(classifier__code=classifier, **lookup)


def section_c() -> ClassifierItem:
    return item("nace2", code="C")


def instrumentation() -> ClassifierItem:
    return item("grnti", name_en="Instrumentation")


def tambov() -> Region:
    return Region.objects.get(iso_code="RU-TAM")


def page(client) -> str:
    return client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.fixture
def open_project(cbe_maps, on_commit):
    def build():
        project = ProjectFactory(state=ProjectState.PUBLISHED, title_en="Open section C project")
        project.directions.set([section_c()])
        return project

    return on_commit(build)


def test_the_content_is_served_from_the_cache_until_a_write(client, open_project, django_assert_max_num_queries):
    first = page(client)
    assert "Open section C project" in first
    # A second visit reads the key's parts, not the page's rows: far fewer queries than the first.
    with django_assert_max_num_queries(8):
        assert "Open section C project" in page(client)


def test_an_edited_project_title_shows_at_once(client, open_project, on_commit):
    assert "Open section C project" in page(client)

    def rename():
        open_project.title_en = "Renamed section C project"
        open_project.save()

    on_commit(rename)

    html = page(client)
    assert "Renamed section C project" in html and "Open section C project" not in html


def test_a_hidden_project_leaves_the_public_content(client, open_project, on_commit):
    assert "Open section C project" in page(client)

    def hide():
        open_project.is_hidden = True
        open_project.save()

    on_commit(hide)

    assert "Open section C project" not in page(client)


def test_a_new_supplier_organisation_and_a_verification_show_at_once(client, cbe_maps, on_commit):
    def add():
        agent = AgentFactory(region=tambov(), name_en="Tambov Instruments", is_verified=False)
        agent.competences.set([instrumentation()])
        return agent

    agent = on_commit(add)
    assert "Tambov Instruments" not in page(client)

    def verify():
        agent.is_verified = True
        agent.save()

    on_commit(verify)
    assert "Tambov Instruments" in page(client)

    # A competence dropped (a many-to-many change only) takes it off the page.
    on_commit(agent.competences.clear)
    assert "Tambov Instruments" not in page(client)


def test_a_new_level_with_a_supplier_shows_at_once(client, cbe_maps, on_commit):
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    level = '<span class="cell-level">Information</span>'
    assert level not in page(client)

    def reach():
        first, second = sorted([lipetsk, tambov()], key=lambda region: region.pk)
        PairLevel.objects.create(region_a=first, region_b=second, level=1, reached_on=date(2026, 1, 1))

    on_commit(reach)
    assert level in page(client)


def test_an_accepted_partner_sees_a_hidden_project_and_nobody_else_gets_it_from_the_cache(
    client, open_project, on_commit
):
    partner = AgentFactory(region=tambov())
    member = MembershipFactory(agent=partner).user

    def hide_and_accept():
        open_project.is_hidden = True
        open_project.save()
        ParticipantFactory(project=open_project, agent=partner)

    on_commit(hide_and_accept)
    # given: the partner's member visits first (their content is cached under their organisations)
    client.force_login(member)
    assert "Open section C project" in page(client)
    # then: another signed-in user and an anonymous visitor do not get it
    client.force_login(UserFactory())
    assert "Open section C project" not in page(client)
    client.logout()
    assert "Open section C project" not in page(client)
    # and a moderator (the staff see everything) does
    moderator = UserFactory()
    grant(moderator, SiteRole.MODERATOR)
    client.force_login(moderator)
    assert "Open section C project" in page(client)


def test_an_unpublished_expert_profile_is_shown_to_its_owner_only(client, cbe_maps, on_commit):
    def add():
        return ExpertProfileFactory(
            region=tambov(), is_published=False, competences=[instrumentation()], user__full_name="Hidden Expert"
        )

    expert = on_commit(add)
    client.force_login(expert.user)
    assert "Hidden Expert" in page(client)
    client.force_login(UserFactory())
    assert "Hidden Expert" not in page(client)
    client.logout()
    assert "Hidden Expert" not in page(client)

    def publish():
        expert.is_published = True
        expert.save()

    on_commit(publish)
    assert "Hidden Expert" in page(client)


def test_a_renamed_expert_shows_at_once(client, cbe_maps, on_commit):
    expert = on_commit(
        lambda: ExpertProfileFactory(region=tambov(), competences=[instrumentation()], user__full_name="Old Name")
    )
    assert "Old Name" in page(client)

    def rename():
        expert.user.full_name = "New Name"
        expert.user.save()

    on_commit(rename)
    html = page(client)
    assert "New Name" in html and "Old Name" not in html


def test_a_sign_in_does_not_replace_the_version(client, cbe_maps, on_commit):
    from core import cache_versions
    from search import cells

    user = UserFactory()  # a new user is a write of a watched model: made before the version is read
    page(client)
    before = cache_versions.version(cells.CACHE_VERSION)
    on_commit(lambda: client.force_login(user))
    assert cache_versions.version(cells.CACHE_VERSION) == before


def test_a_miss_reads_the_current_snapshot_once(client, cbe_maps):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        page(client)

    assert len([query for query in captured.captured_queries if 'FROM "analytics_snapshot"' in query["sql"]]) == 1


def test_a_second_visit_reads_no_per_user_state_from_the_database(client, open_project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = MembershipFactory().user
    ExpertProfileFactory(user=member, is_published=False)
    client.force_login(member)
    page(client)
    with CaptureQueriesContext(connection) as captured:
        assert "Open section C project" in page(client)

    tables = " ".join(query["sql"] for query in captured.captured_queries)
    for table in (
        "accounts_rolegrant",
        "cooperation_agentmembership",
        "experts_expertprofile",
        "levels_levelcomputation",
        "regions_region",
        "analytics_classifieritem",
        "analytics_snapshot",
    ):
        assert f'"{table}"' not in tables


def test_an_expert_who_unpublishes_their_profile_still_sees_it_and_nobody_else_does(client, cbe_maps, on_commit):
    expert = on_commit(
        lambda: ExpertProfileFactory(region=tambov(), competences=[instrumentation()], user__full_name="Shy Expert")
    )
    client.force_login(expert.user)
    assert "Shy Expert" in page(client)

    def unpublish():
        expert.is_published = False
        expert.save()

    on_commit(unpublish)
    assert "Shy Expert" in page(client)
    client.force_login(UserFactory())
    assert "Shy Expert" not in page(client)


def test_a_renamed_region_and_a_switched_snapshot_show_at_once(client, cbe_maps, on_commit):
    from analytics.models import Snapshot

    assert "Lipetsk" in page(client)

    def rename():
        lipetsk = Region.objects.get(iso_code="RU-LIP")
        lipetsk.name_en = "Renamed Oblast"
        lipetsk.save()

    on_commit(rename)
    assert "Renamed Oblast" in page(client)

    def retire():
        snapshot = Snapshot.objects.get(is_current=True)
        snapshot.is_current = False
        snapshot.save()

    on_commit(retire)
    assert "The competence maps have not been computed yet." in page(client)


def test_an_unknown_cell_is_not_found(client, cbe_maps):
    assert client.get(reverse("search:cell", args=["RU-XXX", "nace2", "C"])).status_code == 404
    assert client.get(reverse("search:cell", args=["RU-LIP", "nace2", "ZZ"])).status_code == 404
