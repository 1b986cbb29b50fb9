"""``manage.py generate_scale_data``: demo data at scale, here at a small one.

What the benchmark and the demo rely on: the requested totals, agents in several regions and all four
helices, projects in every state with the workflow that led there and their participants, interactions
between agents of different regions, the levels recomputed, the showcase user with something to answer,
and a second run that tops up instead of duplicating.
"""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.db.models import Count, F, Q

from accounts.models import User
from cooperation.choices import Helix, ParticipantRole, ParticipantStatus, ProjectState
from cooperation.models import Agent, Project, ProjectParticipant, ProjectTransition
from experts.choices import InvitationStatus
from experts.models import ExpertInvitation
from levels.models import Interaction, RegionLevel
from portal.management.commands.generate_scale_data import GENERATOR_EMAIL, SHOWCASE_EMAIL
from portal.selectors import user_home

pytestmark = pytest.mark.django_db


def generate(**counts) -> str:
    out = StringIO()
    call_command("generate_scale_data", stdout=out, stderr=StringIO(), **counts)
    return out.getvalue()


def generated(model, **lookup):
    return model.objects.filter(**lookup)


@pytest.fixture
def small(reference_data):
    return generate(agents=50, projects=80, interactions=100, seed=3)


def test_it_generates_the_requested_totals_over_regions_and_helices(small):
    agents = generated(Agent, created_by__email=GENERATOR_EMAIL)

    assert agents.count() == 50
    assert generated(Project, created_by__email=GENERATOR_EMAIL).count() == 80
    assert generated(Interaction, recorded_by__email=GENERATOR_EMAIL).count() == 100
    assert agents.values("region").distinct().count() >= 10
    assert set(agents.values_list("helix", flat=True)) == set(Helix.values)


def test_projects_are_in_every_state_with_the_workflow_and_the_participants_behind_it(small):
    projects = Project.objects.annotate(
        leads=Count(
            "participants",
            filter=Q(participants__role=ParticipantRole.LEAD, participants__status=ParticipantStatus.ACCEPTED),
        )
    )

    assert set(projects.values_list("state", flat=True)) == set(ProjectState.values)
    for project in projects:
        assert project.leads == 1
        steps = list(project.transitions.order_by("created_at", "id").values_list("to_state", flat=True))
        assert steps[0] == ProjectState.DRAFT and steps[-1] == project.state
    running = projects.filter(state__in=[ProjectState.ACTIVE, ProjectState.COMPLETED])
    partners = ProjectParticipant.objects.filter(
        project__in=running, role=ParticipantRole.PARTNER, status=ParticipantStatus.ACCEPTED
    )
    assert partners.exclude(agent__region=F("project__lead_agent__region")).exists()
    assert ExpertInvitation.objects.filter(status=InvitationStatus.ACCEPTED).exists()
    # the transitions keep their dates: publication comes after creation
    published = ProjectTransition.objects.filter(to_state=ProjectState.PUBLISHED).select_related("project")
    assert all(transition.created_at >= transition.project.created_at for transition in published)


def test_interactions_join_agents_of_different_regions_and_the_levels_are_recomputed(small):
    for interaction in Interaction.objects.prefetch_related("participants"):
        assert len({agent.region_id for agent in interaction.participants.all()}) >= 2
    assert RegionLevel.objects.exists()
    assert "Levels recomputed" in small


def test_the_showcase_user_has_projects_and_things_to_answer(small):
    home = user_home(User.objects.get(email=SHOWCASE_EMAIL))

    assert home.has_agents and home.projects
    assert home.has_pending


def test_a_second_run_adds_nothing_and_a_larger_one_tops_up(small):
    again = generate(agents=50, projects=80, interactions=100, seed=3)

    assert "Nothing to add" in again
    assert Agent.objects.count() == 50 and Project.objects.count() == 80 and Interaction.objects.count() == 100

    more = generate(agents=60, projects=85, interactions=120, seed=3)

    assert "topping up" in more
    assert Agent.objects.count() == 60 and Project.objects.count() == 85 and Interaction.objects.count() == 120


def test_it_says_whether_the_search_index_was_rebuilt(small):
    if "rebuild_search_index" in get_commands():
        assert "Search index rebuilt" in small
    else:
        assert "skipped" in small
