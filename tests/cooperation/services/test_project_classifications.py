"""Directions and rubrics of a project come from OKVED2 and GRNTI only: the form, the API and the service agree."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, CooperationType, ProjectState
from cooperation.forms import ProjectForm
from cooperation.models import Project
from cooperation.services.projects import project_create, project_update
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk)


@pytest.fixture
def lead_member(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def okved1_section(reference_data):
    """Section A of OKVED1: a sector classifier, but not the one projects are classified by."""
    return ClassifierItem.objects.get(classifier__code="okved1", code="A")


@pytest.fixture
def feacn_group(reference_data):
    """A commodity group of FEACN (an export classifier)."""
    return ClassifierItem.objects.get(classifier__code="feacn_groups", code="25-27")


def test_the_service_refuses_directions_and_rubrics_outside_okved2_and_grnti(
    lead_agent, lead_member, okved1_section, feacn_group
):
    with pytest.raises(ValidationError) as error:
        project_create(
            lead_agent=lead_agent,
            actor=lead_member,
            cooperation_types=[CooperationType.SCIENTIFIC],
            title_ru="Проект",
            directions=[okved1_section],
            rubrics=[feacn_group],
        )

    assert set(error.value.message_dict) == {"directions", "rubrics"}
    assert not Project.objects.exists()


def test_the_service_refuses_them_on_update_and_keeps_the_old_ones(lead_agent, lead_member, feacn_group):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)
    steel = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    project.rubrics.add(steel)

    with pytest.raises(ValidationError) as error:
        project_update(project=project, actor=lead_member, title_en="New", directions=[feacn_group.pk])

    assert set(error.value.message_dict) == {"directions"}
    project.refresh_from_db()
    assert project.title_en != "New"
    assert list(project.rubrics.all()) == [steel]
    assert not project.directions.exists()


def test_the_service_takes_okved2_sections_and_grnti_rubrics(lead_agent, lead_member, reference_data):
    manufacturing = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    steel = ClassifierItem.objects.get(classifier__code="grnti", code="53")

    project = project_create(
        lead_agent=lead_agent,
        actor=lead_member,
        cooperation_types=[CooperationType.SCIENTIFIC],
        title_ru="Проект",
        directions=[manufacturing],
        rubrics=[steel],
    )

    assert list(project.directions.all()) == [manufacturing]
    assert list(project.rubrics.all()) == [steel]


def test_the_api_refuses_an_okved1_section_and_a_feacn_group(lead_agent, lead_member, okved1_section, feacn_group):
    api = APIClient()
    api.force_authenticate(lead_member)

    response = api.post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "Проект",
            "cooperation_types": ["scientific"],
            "directions": [okved1_section.pk],
            "rubrics": [feacn_group.pk],
        },
    )

    assert response.status_code == 400
    assert set(response.data) == {"directions", "rubrics"}
    assert not Project.objects.exists()


def test_the_api_refuses_them_by_code_too(lead_agent, lead_member, reference_data):
    api = APIClient()
    api.force_authenticate(lead_member)

    response = api.post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "Проект",
            "cooperation_types": ["scientific"],
            "directions": ["okved1:A"],
        },
    )

    assert response.status_code == 400
    assert set(response.data) == {"directions"}


def test_the_form_refuses_an_okved1_section_and_a_feacn_group(lead_agent, lead_member, okved1_section, feacn_group):
    form = ProjectForm(
        data={
            "lead_agent": lead_agent.pk,
            "title_ru": "Проект",
            "cooperation_types": ["scientific"],
            "directions": [okved1_section.pk],
            "rubrics": [feacn_group.pk],
        },
        user=lead_member,
    )

    assert not form.is_valid()
    assert {"directions", "rubrics"} <= set(form.errors)
