from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import RoleGrant, User
from audit.models import AuditLogEntry
from cooperation.choices import ParticipantRole, ParticipantStatus, ProjectState
from cooperation.models import Agent, AgentMembership, Milestone, Project, ProjectParticipant, ProjectTransition
from tests.worlds import command_once

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        RoleGrant.objects.count(),
        Agent.objects.count(),
        AgentMembership.objects.count(),
        AuditLogEntry.objects.count(),
        Project.objects.count(),
        ProjectTransition.objects.count(),
        ProjectParticipant.objects.count(),
        Milestone.objects.count(),
    )


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (``tests/worlds.py``); each test's writes are undone after it."""
    yield from command_once(django_db_blocker, "load_demo_data")


@pytest.fixture
def demo(demo_output, db):
    """What ``load_demo_data`` printed; the demo is in the database."""
    return demo_output


def test_the_log_ins_are_listed_in_english_only(demo):
    # The roles were English but the experts' «эксперт» followed the default language (Russian).
    lines = [line for line in demo.splitlines() if "@" in line]
    assert lines and all(line.isascii() for line in lines), lines
    assert any(line.rstrip().endswith(" expert") for line in lines)


def test_demo_data_gives_one_log_in_per_role_and_a_second_run_adds_nothing(demo, client):
    first = _counts()
    call_command("load_demo_data", stdout=StringIO())

    assert _counts() == first
    for email in ["admin@", "moderator@", "coordinator@", "analyst@", "agentadmin@", "representative@", "member@"]:
        assert f"{email}spiral.example" in demo
    # the printed log-ins work
    assert client.login(email="moderator@spiral.example", password="spiral-demo-2026")
    # every helix is present and some agents wait for verification
    assert set(Agent.objects.values_list("helix", flat=True)) == {"government", "business", "science", "civil"}
    assert Agent.objects.filter(is_verified=False).exists()
    assert AgentMembership.objects.filter(status="pending").exists()


def test_demo_projects_are_in_every_state_across_several_regions(demo):
    projects = list(Project.objects.prefetch_related("participants__agent__region"))

    assert 10 <= len(projects) <= 15
    assert {project.state for project in projects} == set(ProjectState.values)
    regions = {region.iso_code for project in projects for region in project.regions}
    assert len(regions) >= 4
    assert all(project.title_ru and project.title_en and project.summary_en for project in projects)
    assert Project.objects.filter(is_featured=True).count() == 1
    assert Milestone.objects.filter(done_on__isnull=False).exists()
    assert Milestone.objects.filter(done_on__isnull=True).exists()


def test_demo_history_is_real(demo):
    # every project went through the services: a transition per step, the first one creating the draft
    for project in Project.objects.all():
        steps = list(project.transitions.values_list("from_state", "to_state"))
        assert steps[0] == ("", ProjectState.DRAFT)
        assert steps[-1][1] == project.state
        audited = set(
            AuditLogEntry.objects.filter(target_type__model="project", target_id=str(project.pk)).values_list(
                "action", flat=True
            )
        )
        assert "project.created" in audited
    changes = Project.objects.get(state=ProjectState.CHANGES_REQUESTED).transitions.last()
    rejected = Project.objects.get(state=ProjectState.REJECTED).transitions.last()
    assert changes.reason and changes.actor.email == "moderator@spiral.example"
    assert rejected.reason and rejected.actor.email == "moderator@spiral.example"


def test_demo_partners_applications_and_invitations(demo):
    published = Project.objects.filter(state=ProjectState.PUBLISHED)
    assert ProjectParticipant.objects.filter(project__in=published, status=ParticipantStatus.APPLIED).exists()
    assert ProjectParticipant.objects.filter(project__in=published, status=ParticipantStatus.INVITED).exists()
    representative = User.objects.get(email="representative@spiral.example")
    assert ProjectParticipant.objects.filter(created_by=representative, status=ParticipantStatus.APPLIED).exists()

    active = list(Project.objects.filter(state=ProjectState.ACTIVE))
    assert active
    for project in active:
        partners = project.participants.filter(role=ParticipantRole.PARTNER, status=ParticipantStatus.ACCEPTED)
        assert partners.exclude(agent__region=project.lead_agent.region).exists(), project
        assert project.is_interregional
    # one active project lacks a helix, so its page warns; another has all four
    assert any(project.missing_helices for project in active)
    assert any(not project.missing_helices for project in active)


def test_demo_moderator_sees_the_submitted_projects_in_the_queue(demo, client):
    assert client.login(email="moderator@spiral.example", password="spiral-demo-2026")

    response = client.get("/api/projects/moderation-queue/")

    assert response.status_code == 200
    queued = {item["id"] for item in response.json()["results"]}
    assert queued == set(Project.objects.filter(state=ProjectState.SUBMITTED).values_list("pk", flat=True))
    assert len(queued) >= 2


def test_demo_projects_carry_experts_monitoring_reports_comments_and_levels(demo):
    from discussion.models import Comment
    from experts.models import ExpertInvitation
    from levels.models import IntegratedStructure, Interaction, PairLevel
    from monitoring.models import ClosingReport, IndicatorValue

    # an expert of another region took part in projects, open and closed ones
    accepted = ExpertInvitation.objects.filter(status="accepted").select_related("expert", "project__lead_agent")
    assert any(invitation.expert.region_id != invitation.project.lead_agent.region_id for invitation in accepted)
    assert accepted.filter(project__state=ProjectState.COMPLETED).exists()
    # active projects report progress; closed ones have a published closing report
    assert IndicatorValue.objects.filter(indicator__effect__project__state=ProjectState.ACTIVE).exists()
    assert set(ClosingReport.objects.filter(is_published=True).values_list("project__state", flat=True)) == {
        ProjectState.COMPLETED,
        ProjectState.ARCHIVED,
    }
    # a thread on the featured project, and evidence of every level between regions
    assert Comment.objects.filter(project__is_featured=True, parent__isnull=False).exists()
    assert Interaction.objects.exists()
    assert IntegratedStructure.objects.filter(status="confirmed").exists()
    assert set(PairLevel.objects.values_list("level", flat=True)) >= {1, 2, 3, 4}


def test_demo_agents_and_projects_are_described_in_both_languages(demo):
    from cooperation.demo import DEMO_AGENTS

    agents = Agent.objects.filter(name__in=[row[0] for row in DEMO_AGENTS])
    assert agents.count() == len(DEMO_AGENTS)
    for agent in agents:
        assert agent.description and agent.description_en.startswith(agent.name_en), agent
    for project in Project.objects.all():
        assert project.description and project.description_en, project
        assert project.description_en != project.description


def test_a_second_run_gives_older_demo_records_their_english_description_but_keeps_edits(demo):
    from cooperation.demo import DEMO_AGENTS, DEMO_PROJECTS

    # given demo records loaded before descriptions were bilingual, one of them edited since
    untouched = Project.objects.get(title_ru=DEMO_PROJECTS[0].title_ru)
    edited = Project.objects.get(title_ru=DEMO_PROJECTS[1].title_ru)
    agent = Agent.objects.get(name=DEMO_AGENTS[0][0])
    Project.objects.filter(pk=untouched.pk).update(description_en="")
    Project.objects.filter(pk=edited.pk).update(description_en="", description="Описание, исправленное лидером.")
    Agent.objects.filter(pk=agent.pk).update(description_en="")
    before = _counts()

    # when
    call_command("load_demo_data", stdout=StringIO())

    # then
    assert _counts() == before
    untouched.refresh_from_db()
    edited.refresh_from_db()
    agent.refresh_from_db()
    assert untouched.description_en == DEMO_PROJECTS[0].description_en
    assert (edited.description, edited.description_en) == ("Описание, исправленное лидером.", "")
    assert agent.description_en.startswith(agent.name_en)
