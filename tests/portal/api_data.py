"""A small world for tests that walk the whole API: a member, an administrator, and a few rows of each kind."""

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, ProjectState
from regions.models import Region
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    MilestoneFactory,
    ParticipantFactory,
    ProjectFactory,
)
from tests.discussion.factories import CommentFactory, ReportFactory
from tests.experts.factories import ExpertInvitationFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.monitoring.factories import IndicatorValueFactory
from tests.notifications.factories import NotificationFactory
from tests.search.factories import SavedSearchFactory


def populate() -> dict:
    """Create the rows (the reference data must be loaded); return the member and the administrator."""
    from tests.accounts.factories import UserFactory, grant

    lipetsk = Region.objects.get(iso_code="RU-LIP")
    voronezh = Region.objects.get(iso_code="RU-VOR")
    member = UserFactory()
    administrator = UserFactory()
    grant(administrator, SiteRole.ADMINISTRATOR)
    agent = AgentFactory(region=lipetsk)
    partner = AgentFactory(region=voronezh)
    MembershipFactory(agent=agent, user=member, role=AgentRole.ADMINISTRATOR)
    AgentFactory(region=voronezh, is_verified=False)
    projects = {state: ProjectFactory(lead_agent=agent, state=state) for state in ProjectState.values}
    published = projects[ProjectState.PUBLISHED]
    ParticipantFactory(project=published, agent=partner)
    MilestoneFactory(project=projects[ProjectState.ACTIVE])
    comment = CommentFactory(project=published, author=member)
    CommentFactory(project=published, parent=comment)
    ReportFactory(comment=comment, project=None)
    ExpertInvitationFactory(project=published)
    IndicatorValueFactory()
    InteractionFactory(participants=[agent, partner])
    StructureFactory(member_regions=[lipetsk, voronezh], member_agents=[agent, partner])
    NotificationFactory(recipient=member)
    SavedSearchFactory(user=member)
    return {"member": member, "administrator": administrator}
