"""Reads: ``expert_involvements`` (the evidence of cooperation level 2) and the visibility of profiles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experts.selectors import expert_involvements, experts_visible_to, project_expert_user_ids
from tests.cooperation.factories import AgentFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_involvements_are_accepted_invitations_with_both_regions(lipetsk, voronezh):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state="active")
    accepted = ExpertInvitationFactory(project=project, expert=ExpertProfileFactory(region=voronezh), status="accepted")
    same_region = ExpertInvitationFactory(
        project=project, expert=ExpertProfileFactory(region=lipetsk), status="accepted"
    )
    for status in ("invited", "declined", "withdrawn"):
        ExpertInvitationFactory(project=project, status=status)

    rows = list(expert_involvements())

    assert {row.pk for row in rows} == {accepted.pk, same_region.pk}
    row = next(row for row in rows if row.pk == accepted.pk)
    assert (row.expert_region_id, row.lead_region_id) == (voronezh.pk, lipetsk.pk)
    assert row.accepted_at == accepted.decided_at
    assert [r.pk for r in expert_involvements(interregional_only=True)] == [accepted.pk]


def test_involvements_read_the_regions_and_the_project_in_one_query(reference_data):
    for _ in range(3):
        ExpertInvitationFactory(status="accepted")

    with CaptureQueriesContext(connection) as queries:
        pairs = [
            (row.expert.region.iso_code, row.project.lead_agent.region.iso_code, row.project.title)
            for row in expert_involvements()
        ]

    assert len(queries) == 1
    assert pairs and all(pair[:2] == ("RU-VOR", "RU-LIP") for pair in pairs)


def test_involvements_between_dates(reference_data):
    old = ExpertInvitationFactory(status="accepted", decided_at=datetime.datetime(2025, 3, 1, tzinfo=UTC))
    new = ExpertInvitationFactory(status="accepted", decided_at=datetime.datetime(2026, 3, 1, tzinfo=UTC))
    start = datetime.datetime(2026, 1, 1, tzinfo=UTC)

    assert [r.pk for r in expert_involvements(since=start)] == [new.pk]
    assert [r.pk for r in expert_involvements(until=start)] == [old.pk]
    pairs = expert_involvements(interregional_only=True).order_by().values_list("expert_region_id", "lead_region_id")
    assert list(pairs.distinct()) == [(new.expert.region_id, new.project.lead_agent.region_id)]


def test_the_factory_makes_an_accepted_expert_of_the_project(reference_data):
    project = ProjectFactory(state="published")

    invitation = ExpertInvitationFactory(project=project, status="accepted")

    assert project_expert_user_ids(project) == {invitation.expert.user_id}
    assert invitation.expert.is_published and invitation.decided_at is not None


def test_profiles_visible_match_the_permission(make_user, reference_data):
    published, hidden = ExpertProfileFactory(), ExpertProfileFactory(is_published=False)
    someone, moderator = make_user(), make_user("moderator")

    for user in (someone, hidden.user, moderator):
        visible = set(experts_visible_to(user))
        for profile in (published, hidden):
            assert (profile in visible) == user.has_perm("experts.view_expertprofile", profile)
