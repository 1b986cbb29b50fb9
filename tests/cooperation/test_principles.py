"""Seed 000's principles where people act (issue #14, item 7).

The checklist warns, naming the principle, when a participating helix has no objective of its own (mutual
benefit) or a horizon has no goal (goal orientation); the warnings do not stop a submission. The project's
goals are stated on its page. "How Spiral works" explains the helices' roles, the levels, the platform's tasks
and the nine principles, each linked to the page that does it.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cooperation.checklist import failing_lines, principle_warnings, submission_checklist
from cooperation.choices import AgentRole, GoalHorizon, Helix, ParticipantStatus, ProjectState
from cooperation.models import Project, ProjectGoal
from cooperation.principles import PRINCIPLES
from cooperation.services.goals import project_goal_add, project_goal_remove
from core.exceptions import InvalidStateError
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    ObjectiveFactory,
    ParticipantFactory,
    ProjectFactory,
    make_submittable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(lipetsk, voronezh):
    # given: a Lipetsk business lead with a Voronezh university invited, and a business objective only
    lead = AgentFactory(region=lipetsk, helix=Helix.BUSINESS)
    project = ProjectFactory(lead_agent=lead)
    university = AgentFactory(region=voronezh, helix=Helix.SCIENCE)
    ParticipantFactory(project=project, agent=university, status=ParticipantStatus.INVITED)
    project.objectives.add(ObjectiveFactory(helix=Helix.BUSINESS))
    return make_submittable(project)


@pytest.fixture
def member(project):
    return MembershipFactory(agent=project.lead_agent, role=AgentRole.REPRESENTATIVE).user


def lines_by_key(project):
    with translation.override("en"):
        return {line.key: line for line in submission_checklist(project)}


def test_a_helix_without_an_objective_of_its_own_is_a_mutual_benefit_warning(project):
    line = lines_by_key(project)["mutual_benefit"]

    assert not line.ok and not line.blocking
    assert line.principle == "mutual-benefit"
    assert "Science and education" in line.detail and "Business community" not in line.detail


def test_an_objective_for_every_participating_helix_clears_the_warning(project):
    project.objectives.add(ObjectiveFactory(helix=Helix.SCIENCE))

    assert lines_by_key(project)["mutual_benefit"].ok


def test_goal_orientation_names_the_missing_horizons_until_all_three_are_stated(project, member):
    project_goal_add(project=project, actor=member, horizon=GoalHorizon.STRATEGIC, text_ru="Новый рынок")
    line = lines_by_key(project)["goals"]
    assert not line.ok and line.principle == "goal-orientation"
    assert "tactical" in line.detail and "operational" in line.detail and "strategic" not in line.detail

    project_goal_add(project=project, actor=member, horizon=GoalHorizon.TACTICAL, text_en="A joint laboratory")
    project_goal_add(project=project, actor=member, horizon=GoalHorizon.OPERATIONAL, text_ru="Три стажировки")

    assert lines_by_key(project)["goals"].ok


def test_warnings_do_not_stop_the_submission(project):
    lines = submission_checklist(project)

    assert {line.key for line in principle_warnings(lines)} == {"mutual_benefit", "goals"}
    assert failing_lines(lines) == []


def test_a_goal_needs_a_text_in_one_language_and_a_closed_project_takes_none(project, member):
    with pytest.raises(ValidationError, match="на русском, на английском или на обоих языках"):
        project_goal_add(project=project, actor=member, horizon=GoalHorizon.STRATEGIC, text_ru="  ", text_en="")
    goal = project_goal_add(project=project, actor=member, horizon=GoalHorizon.STRATEGIC, text_en="Scale")
    Project.objects.filter(pk=project.pk).update(state=ProjectState.ARCHIVED)

    with pytest.raises(InvalidStateError):
        project_goal_add(project=project, actor=member, horizon=GoalHorizon.TACTICAL, text_en="More")
    with pytest.raises(InvalidStateError):
        project_goal_remove(goal=goal, actor=member)
    assert list(ProjectGoal.objects.filter(project=project)) == [goal]


def test_goals_are_stated_and_removed_on_the_project_page_in_russian(client, project, member):
    client.force_login(member)

    added = client.post(
        f"/projects/{project.pk}/goals/", {"horizon": "operational", "text_ru": "Провести три стажировки"}
    )
    page = client.get(project.get_absolute_url()).content.decode()
    goal = ProjectGoal.objects.get(project=project)
    removed = client.post(f"/projects/goals/{goal.pk}/delete/")

    assert added.status_code == 302 and removed.status_code == 302
    assert "Провести три стажировки" in page and "Оперативные" in page
    assert not ProjectGoal.objects.filter(project=project).exists()


def test_the_edit_form_and_the_submit_page_say_which_principle_a_warning_comes_from(client, project, member):
    client.force_login(member)

    form = client.get(f"/projects/{project.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    submit = client.get(f"/projects/{project.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for html in (form, submit):
        assert 'href="/about/#principle-mutual-benefit">Mutual benefit</a>' in html
        assert 'href="/about/#principle-goal-orientation">Goal orientation</a>' in html
    assert 'method="post"' in submit.split("<main", 1)[1]  # the warnings leave the submit button


@pytest.mark.parametrize("language", ["ru", "en"])
def test_how_spiral_works_explains_roles_levels_tasks_and_the_nine_principles(client, language, django_user_model):
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE=language)  # public

    html = response.content.decode()
    assert response.status_code == 200
    assert len(PRINCIPLES) == 9
    for principle in PRINCIPLES:
        assert f'id="principle-{principle.key}"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    links = set(re.findall(r'href="(/[^"#?]*)', main))
    assert {"/agents/", "/experts/", "/projects/"} <= links
    assert 'href="/accounts/login/?next=/cooperation/network/"' in main  # for signed-in users (a visitor here)
    client.force_login(django_user_model.objects.create_user(email="reader@example.org", password="x"))
    signed_in = client.get("/about/", HTTP_ACCEPT_LANGUAGE=language).content.decode().split("<main", 1)[1]
    links = set(re.findall(r'href="(/[^"#?]*)', signed_in.split("</main>", 1)[0]))
    assert "/cooperation/network/" in links
    for link in links:  # every task and role links to a page that answers a signed-in user
        assert client.get(link).status_code == 200, link
    expected = "Производственная база" if language == "ru" else "production base"
    assert expected.lower() in html.lower()


def test_the_home_page_gives_each_helix_its_role_and_links_the_platform_tasks(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "A consistent innovation policy that manages change." in html
    assert 'href="/about/"' in html
    assert 'href="/analytics/"' in html
    assert 'href="/accounts/login/?next=/cooperation/structures/"' in html  # for signed-in users (a visitor here)
