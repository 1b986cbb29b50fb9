"""Situations of the strategy tests: a Lipetsk session on the paper's scenario model, organisations of the four
helices, coordinators."""

from __future__ import annotations

from accounts.choices import SiteRole
from analytics.models import Dataset
from cooperation.choices import Helix
from tests.accounts.factories import UserFactory, grant
from tests.analytics.public_data import PAPER, build_snapshot
from tests.cooperation.factories import AgentFactory, MembershipFactory


def coordinator_of(region):
    user = UserFactory()
    grant(user, SiteRole.COORDINATOR, region=region)
    return user


def helix_representatives(region, *, verified: bool = True) -> dict[str, object]:
    """One representative per helix, each of a (verified) organisation of ``region``: ``{helix: user}``."""
    users = {}
    for helix in Helix.values:
        agent = AgentFactory(region=region, helix=helix, is_verified=verified)
        users[helix] = MembershipFactory(agent=agent).user
    return users


def open_session(region, coordinator=None):
    """A session on ``region``'s scenario model of the paper's tables (the snapshot is built if missing)."""
    from strategy.services import session_open

    if not Dataset.objects.filter(code=PAPER).exists():
        build_snapshot()
    coordinator = coordinator or coordinator_of(region)
    return session_open(actor=coordinator, region=region, dataset=Dataset.objects.get(code=PAPER)), coordinator


def rate_all(session, users: dict[str, object], score: int = 4) -> None:
    """Each helix's representative rates every direction ``score``."""
    from strategy.selectors import rating_agents
    from strategy.services import session_rate

    for user in users.values():
        agent = rating_agents(user, session)[0]
        for item in session.items.all():
            session_rate(actor=user, session_item=item, agent=agent, score=score, comment="")


def session_in_state(region, state: str, *, coordinator=None):
    """A session of two directions (no snapshot needed), rated by one organisation of each helix, in ``state``.

    Open, it can be closed; closed, its outcome can be adopted; adopted, it has its priority set.
    """
    from django.utils import timezone

    from analytics.models import ClassifierItem
    from strategy.models import DiscoverySession, SessionItem, SessionRating
    from strategy.services import priority_set_create

    dataset, _ = Dataset.objects.get_or_create(code="matrix-test", defaults={"name_en": "Test", "name_ru": "Тест"})
    session = DiscoverySession.objects.create(
        region=region, dataset=dataset, year=2020, title="Сессия", opened_at=timezone.now(), opened_by=coordinator
    )
    items = [
        SessionItem.objects.create(
            session=session,
            level="national",
            item=ClassifierItem.objects.get(classifier__code="nace2", code=code),
            name_en=code,
            name_ru=code,
            value=value,
            sort_order=order,
        )
        for order, (code, value) in enumerate((("C", 2.29), ("J", 0.8)))
    ]
    for helix in Helix.values:
        agent = AgentFactory(region=region, helix=helix)
        for item in items:
            SessionRating.objects.create(session_item=item, agent=agent, helix=helix, score=4, rated_at=timezone.now())
    if state != "open":
        session.state = "closed"
        session.closed_at = timezone.now()
        session.save()
    if state == "adopted":
        priority_set_create(
            actor=None,
            region=region,
            title="Сессия",
            year=2026,
            items=[items[0].item],
            origin="session",
            session=session,
            check_permission=False,
        )
        session.state = "adopted"
        session.save()
    return session
