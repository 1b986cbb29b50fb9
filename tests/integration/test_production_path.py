import re
import time

import pytest
from django.core.cache import cache

from cooperation.choices import AgentRole
from cooperation.models import AgentMembership
from cooperation.services.memberships import membership_decide, membership_request
from core.exceptions import InvalidStateError
from tests.accounts.factories import PASSWORD
from tests.concurrency import race as _race
from tests.cooperation.factories import AgentFactory, MembershipFactory


def _wait_for_mail(folder, timeout=30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.log"))
        text = files[0].read_text(encoding="utf-8") if files else ""
        if "confirm-email" in text:  # the worker may still be writing the file
            return text
        time.sleep(0.2)
    pytest.fail(f"No e-mail was written by the worker within {timeout} s")


def test_sign_up_mail_is_sent_by_a_real_worker_and_the_link_confirms(client, celery_worker):
    # when a visitor signs up (the request commits, then queues the e-mail in Redis)
    response = client.post(
        "/accounts/signup/", {"email": "worker@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302

    # then the worker process, not the web process, sends it
    message = _wait_for_mail(celery_worker)
    assert "worker@example.org" in message
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message).group(1)

    # and the link confirms the address
    assert client.post(link).status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_the_cache_is_redis_and_shared(production_services):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    # portal.cache.RedisCache: Django's backend, one Redis client per pool
    assert isinstance(caches["default"], RedisCache)
    cache.set("spiral-integration-probe", 42, 30)
    assert cache.get("spiral-integration-probe") == 42


def test_two_administrators_deciding_at_once_make_exactly_one_decision(production_services, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk)
    first = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user
    second = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user
    membership = membership_request(agent=agent, user=make_user())

    results = _race(
        [
            lambda: membership_decide(membership=membership, actor=first, approve=True),
            lambda: membership_decide(membership=membership, actor=second, approve=False),
        ]
    )

    assert sum(isinstance(r, AgentMembership) for r in results) == 1
    assert sum(isinstance(r, InvalidStateError) for r in results) == 1
    membership.refresh_from_db()
    winner = next(r for r in results if isinstance(r, AgentMembership))
    assert membership.status == winner.status


def test_two_identical_requests_at_once_make_one_membership(production_services, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk)
    MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR)
    applicant = make_user()

    results = _race([lambda: membership_request(agent=agent, user=applicant) for _ in range(2)])

    assert AgentMembership.objects.filter(agent=agent, user=applicant).count() == 1
    assert sum(isinstance(r, AgentMembership) for r in results) == 1


def test_a_match_found_by_the_worker_reaches_the_cached_home_page(
    client, celery_worker_factory, make_user, reference_data
):
    """The home caches a user's own part in Redis; the worker's alert must make the web process rebuild it."""
    from celery import current_app as celery_app

    from search.services import saved_search_create

    user = make_user()
    saved_search_create(actor=user, name="Технопарки", query="q=технопарк", alerts_enabled=True)
    celery_app.conf.task_always_eager = False  # the alert waits in Redis until a worker starts
    AgentFactory(name="Курский технопарк", name_en="Kursk Technopark", is_verified=True)
    client.force_login(user)
    assert "Курский технопарк" not in client.get("/").content.decode()  # cached without the match

    celery_worker_factory()  # a real worker takes the alert, records the match, replaces the version

    deadline = time.monotonic() + 30
    while "Курский технопарк" not in client.get("/").content.decode():
        if time.monotonic() > deadline:
            pytest.fail("The match recorded by the worker never reached the home page")
        time.sleep(0.3)
