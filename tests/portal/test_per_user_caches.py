"""State read on every signed-in page is cached per user (roles, memberships, the unpublished expert profile)
or for everyone (the levels' fingerprint), and each write that changes it shows on the next request.

A request loads a fresh user object, so a value memoised on the object does not carry over: the tests read
with a fresh object each time, as the next request would. Writes run with their commit's callbacks
(``django_capture_on_commit_callbacks``), as in production, where the entry is dropped again after the commit.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import SiteRole
from accounts.models import RoleGrant, User
from accounts.selectors import user_coordinated_region_ids, user_roles
from cooperation.choices import MembershipStatus
from cooperation.selectors import user_agent_roles
from experts.selectors import user_has_unpublished_profile
from levels.selectors import levels_fingerprint
from levels.services import levels_recompute
from regions.models import Region
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import MembershipFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request loads them."""
    return User.objects.get(pk=user.pk)


def queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_a_users_roles_are_read_from_the_database_once_across_requests():
    user = UserFactory()
    grant(user, SiteRole.MODERATOR)
    assert user_roles(fresh(user)) == {SiteRole.MODERATOR}

    again = fresh(user)
    assert queries(lambda: user_roles(again)) == 0
    assert user_roles(again) == {SiteRole.MODERATOR}


def test_a_granted_and_a_revoked_role_show_on_the_next_request(django_capture_on_commit_callbacks):
    user, other = UserFactory(), UserFactory()
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    assert user_roles(fresh(user)) == frozenset() == user_roles(fresh(other))

    with django_capture_on_commit_callbacks(execute=True):
        coordinator = grant(user, SiteRole.COORDINATOR, region=lipetsk)
    assert user_roles(fresh(user)) == {SiteRole.COORDINATOR}
    assert user_coordinated_region_ids(fresh(user)) == {lipetsk.pk}
    assert user_roles(fresh(other)) == frozenset()  # one user's grants are not another's

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.delete()
    assert user_roles(fresh(user)) == frozenset()
    # A revocation through a queryset (the admin's bulk delete) too.
    grant(user, SiteRole.ANALYST)
    assert user_roles(fresh(user)) == {SiteRole.ANALYST}
    with django_capture_on_commit_callbacks(execute=True):
        RoleGrant.objects.filter(user=user).delete()
    assert user_roles(fresh(user)) == frozenset()


def test_a_superuser_holds_every_role_whatever_is_cached(django_capture_on_commit_callbacks):
    user = UserFactory()
    assert user_roles(fresh(user)) == frozenset()
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert user_roles(fresh(user)) == set(SiteRole.values)


def test_a_users_memberships_are_cached_and_follow_every_change(django_capture_on_commit_callbacks):
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    user = membership.user
    assert user_agent_roles(fresh(user)) == {}
    again = fresh(user)
    assert queries(lambda: user_agent_roles(again)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        membership.status = MembershipStatus.APPROVED
        membership.save()
    assert user_agent_roles(fresh(user)) == {membership.agent_id: membership.role}

    with django_capture_on_commit_callbacks(execute=True):
        membership.agent.delete()  # the membership goes with its organisation
    assert user_agent_roles(fresh(user)) == {}


def test_an_unpublished_expert_profile_is_cached_and_follows_publication(django_capture_on_commit_callbacks):
    profile = ExpertProfileFactory(is_published=False)
    user = profile.user
    assert user_has_unpublished_profile(fresh(user)) is True
    assert queries(lambda: user_has_unpublished_profile(fresh(user))) == 1  # the user's row only

    with django_capture_on_commit_callbacks(execute=True):
        profile.is_published = True
        profile.save()
    assert user_has_unpublished_profile(fresh(user)) is False
    assert user_has_unpublished_profile(fresh(UserFactory())) is False


def test_the_levels_fingerprint_is_cached_until_a_recomputation_changes_it(django_capture_on_commit_callbacks):
    from levels.models import LevelComputation

    with django_capture_on_commit_callbacks(execute=True):
        levels_recompute(as_of=date(2025, 1, 1))
    before = levels_fingerprint()
    assert before
    assert queries(levels_fingerprint) == 0

    # What a recomputation that changes the levels does: it saves the row with the new fingerprint.
    with django_capture_on_commit_callbacks(execute=True):
        computation = LevelComputation.objects.get(pk=1)
        computation.fingerprint = "f" * 64
        computation.save()
    assert levels_fingerprint() == "f" * 64
