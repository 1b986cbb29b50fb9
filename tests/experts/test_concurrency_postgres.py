"""Experts on PostgreSQL: row locks make a double click produce one answer and one invitation.

Run in the integration pass (``make test-integration``: DATABASE_URL=postgres://…).
"""

import pytest
from django.db import connection

from core.exceptions import InvalidStateError
from experts.models import ExpertInvitation
from experts.services import expert_invitation_respond, expert_invite
from tests.concurrency import race as _race
from tests.experts.factories import ExpertInvitationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs DATABASE_URL=postgres://… (run `make test-integration`).")


def test_the_expert_double_clicks_accept_and_one_answer_is_recorded(postgres, project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    results = _race(
        [
            lambda: expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True),
            lambda: expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True),
        ]
    )

    assert sum(isinstance(r, ExpertInvitation) for r in results) == 1
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1 and errors[0].state == "accepted"
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_two_identical_invitations_at_once_make_one(postgres, project, lead_admin, lead_member, expert):
    results = _race(
        [
            lambda: expert_invite(project=project, expert=expert, actor=lead_admin),
            lambda: expert_invite(project=project, expert=expert, actor=lead_member),
        ]
    )

    assert ExpertInvitation.objects.filter(project=project, expert=expert).count() == 1
    assert sum(isinstance(r, ExpertInvitation) for r in results) == 1


def test_two_members_of_the_advised_side_confirming_at_once_record_one_confirmation(postgres, reference_data):
    from experts.models import Consultation
    from experts.services import consultation_confirm
    from tests.accounts.factories import UserFactory
    from tests.cooperation.factories import MembershipFactory
    from tests.experts.factories import ConsultationFactory

    consultation = ConsultationFactory(status="completed")
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        MembershipFactory(agent=consultation.advised_agent, user=user)

    results = _race(
        [
            lambda: consultation_confirm(consultation=consultation, actor=first),
            lambda: consultation_confirm(consultation=consultation, actor=second),
        ]
    )

    assert sum(isinstance(r, Consultation) for r in results) == 1
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1 and errors[0].state == "confirmed"
    consultation.refresh_from_db()
    assert consultation.status == "confirmed" and consultation.decided_by in (first, second)
