"""The services write the English description of projects and agents like the Russian one."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole
from cooperation.services.agents import agent_create, agent_update
from cooperation.services.projects import project_create, project_update
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_project_is_drafted_with_both_descriptions_stripped(lipetsk):
    lead = AgentFactory(region=lipetsk)
    member = MembershipFactory(agent=lead).user

    project = project_create(
        lead_agent=lead,
        actor=member,
        cooperation_types=["scientific"],
        title_ru="Лаборатория",
        description=" Описание. ",
        description_en="\n Description.  ",
    )

    assert (project.description, project.description_en) == ("Описание.", "Description.")


def test_editing_only_the_english_description_changes_and_logs_only_it(lipetsk):
    lead = AgentFactory(region=lipetsk)
    member = MembershipFactory(agent=lead).user
    project = ProjectFactory(lead_agent=lead, description="Описание.")

    project_update(project=project, actor=member, description="Описание.", description_en=" Description. ")

    project.refresh_from_db()
    assert (project.description, project.description_en) == ("Описание.", "Description.")
    entry = AuditLogEntry.objects.get(action="project.updated", target_id=str(project.pk))
    assert entry.data["fields"] == ["description_en"]


def test_an_agent_is_registered_and_edited_with_an_english_description(make_user, lipetsk):
    user = make_user()

    agent = agent_create(
        actor=user, name="Биоцентр", helix="science", region=lipetsk, description="Описание.", description_en="About."
    )
    agent_update(agent=agent, actor=user, description_en="About us.")

    agent.refresh_from_db()
    assert (agent.description, agent.description_en) == ("Описание.", "About us.")
    entry = AuditLogEntry.objects.get(action="agent.updated", target_id=str(agent.pk))
    assert entry.data["fields"] == ["description_en"]


def test_only_agent_administrators_change_the_english_description(make_user, lipetsk):
    agent = AgentFactory(region=lipetsk, description_en="About.")
    representative = MembershipFactory(agent=agent, role=AgentRole.REPRESENTATIVE).user

    with pytest.raises(PermissionDenied):
        agent_update(agent=agent, actor=representative, description_en="Someone else's edit.")

    agent.refresh_from_db()
    assert agent.description_en == "About."
