"""Generate demo data at scale (10,000 agents, 2,000 projects, 20,000 interactions by default) for benchmarks.

    manage.py generate_scale_data --agents 10000 --projects 2000 --interactions 20000 [--seed 1]

What it writes, with ``bulk_create`` in one transaction (a failed run leaves nothing behind):

- agents over the 85 regions (a skewed, realistic distribution: the largest economies and the
  Central Black Earth regions of the paper hold more agents) and the four helices (business 45 %,
  science 25 %, government 15 %, civil society 15 %), 92 % verified, each with 1–3 competences;
- a user administering two agents in five (their memberships), and an expert profile for one agent
  in ten (published, with competences), invited to projects (accepted, pending, declined);
- projects in every state of the workflow with the transitions that led there (dated), the lead's
  participation and partners from other regions (accepted, applied, invited, left), directions and
  rubrics, a few featured ones;
- interactions between 2–4 verified agents of different regions (mostly of one macro-region),
  over the last three years, 2 % of them withdrawn;
- one *showcase* user, ``showcase@scale.spiral.invalid``, who administers two Lipetsk agents that lead
  projects with applications to decide, are invited to others, and who is invited as an expert: the
  signed-in user of ``bench/pages.py``.

Then the cooperation levels are recomputed and, when the search app provides the command, the search
index is rebuilt.

Idempotent by topping up: everything generated is marked (created or recorded by the user
``scale-generator@scale.spiral.invalid``); a second run counts what exists and adds only what is
missing to reach the requested totals (it never deletes). When nothing is missing it says so and
stops without recomputing. Generated users have no usable password.
"""

import random
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from analytics.models import ClassifierItem
from cooperation.choices import (
    AgentRole,
    CooperationType,
    Helix,
    MembershipStatus,
    ParticipantRole,
    ParticipantStatus,
    ProjectState,
)
from cooperation.models import Agent, AgentMembership, Project, ProjectParticipant, ProjectTransition
from cooperation.selectors import forget_user_agent_roles
from experts.choices import Availability, InvitationStatus
from experts.models import ExpertInvitation, ExpertProfile
from levels.choices import InteractionKind, InteractionStatus
from levels.models import Interaction
from levels.services import levels_recompute
from regions.models import Region

DOMAIN = "scale.spiral.invalid"
GENERATOR_EMAIL = f"scale-generator@{DOMAIN}"
SHOWCASE_EMAIL = f"showcase@{DOMAIN}"
BATCH = 2000

# Regions that hold more agents: the largest economies (×6) and the paper's Central Black Earth (×3).
BIG_REGIONS = {"RU-MOW", "RU-SPE", "RU-MOS", "RU-TA", "RU-SVE", "RU-NVS", "RU-NIZ", "RU-KDA"}
CBE_REGIONS = {"RU-LIP", "RU-VOR", "RU-BEL", "RU-KRS", "RU-ORL", "RU-TAM"}

HELIX_WEIGHTS = [(Helix.BUSINESS, 45), (Helix.SCIENCE, 25), (Helix.GOVERNMENT, 15), (Helix.CIVIL, 15)]
# Share of each state among generated projects (per mille).
STATE_WEIGHTS = [
    (ProjectState.DRAFT, 100),
    (ProjectState.SUBMITTED, 50),
    (ProjectState.CHANGES_REQUESTED, 30),
    (ProjectState.REJECTED, 20),
    (ProjectState.PUBLISHED, 220),
    (ProjectState.ACTIVE, 330),
    (ProjectState.COMPLETED, 200),
    (ProjectState.ARCHIVED, 50),
]
# The workflow that leads to each state (after the draft).
PATHS = {
    ProjectState.DRAFT: [],
    ProjectState.SUBMITTED: [ProjectState.SUBMITTED],
    ProjectState.CHANGES_REQUESTED: [ProjectState.SUBMITTED, ProjectState.CHANGES_REQUESTED],
    ProjectState.REJECTED: [ProjectState.SUBMITTED, ProjectState.REJECTED],
    ProjectState.PUBLISHED: [ProjectState.SUBMITTED, ProjectState.PUBLISHED],
    ProjectState.ACTIVE: [ProjectState.SUBMITTED, ProjectState.PUBLISHED, ProjectState.ACTIVE],
    ProjectState.COMPLETED: [
        ProjectState.SUBMITTED,
        ProjectState.PUBLISHED,
        ProjectState.ACTIVE,
        ProjectState.COMPLETED,
    ],
    ProjectState.ARCHIVED: [
        ProjectState.SUBMITTED,
        ProjectState.PUBLISHED,
        ProjectState.ACTIVE,
        ProjectState.COMPLETED,
        ProjectState.ARCHIVED,
    ],
}
RUNNING = {ProjectState.ACTIVE, ProjectState.COMPLETED, ProjectState.ARCHIVED}
OPEN = {ProjectState.PUBLISHED, ProjectState.ACTIVE}

# (Russian genitive, English) topics shared by names, titles and descriptions: they give the search words.
TOPICS = [
    ("агробиотехнологий", "agro-biotechnology"),
    ("новых материалов", "new materials"),
    ("цифровых технологий", "digital technologies"),
    ("машиностроения", "mechanical engineering"),
    ("фармацевтики", "pharmaceuticals"),
    ("энергосбережения", "energy efficiency"),
    ("пищевой промышленности", "food industry"),
    ("логистики", "logistics"),
    ("медицинской техники", "medical technology"),
    ("экологического мониторинга", "environmental monitoring"),
    ("аддитивных технологий", "additive manufacturing"),
    ("робототехники", "robotics"),
    ("химической промышленности", "chemical industry"),
    ("лесопереработки", "wood processing"),
    ("туризма", "tourism"),
    ("образовательных технологий", "educational technology"),
    ("металлургии", "metallurgy"),
    ("семеноводства", "seed production"),
]
NAME_PATTERNS = {
    Helix.BUSINESS: [
        ("Компания {topic} «{stem}»", "{stem_en} {topic_en} company"),
        ("Завод {topic} «{stem}»", "{stem_en} {topic_en} plant"),
        ("Группа компаний «{stem}»", "{stem_en} group"),
        ("Инжиниринговый центр {topic}", "{topic_en} engineering centre"),
    ],
    Helix.SCIENCE: [
        ("Научно-исследовательский институт {topic}", "Research institute of {topic_en}"),
        ("Университетская лаборатория {topic}", "University laboratory of {topic_en}"),
        ("Научный центр {topic}", "Research centre for {topic_en}"),
    ],
    Helix.GOVERNMENT: [
        ("Агентство развития {topic}", "Agency for the development of {topic_en}"),
        ("Региональный фонд поддержки {topic}", "Regional fund for {topic_en}"),
        ("Центр кластерного развития", "Cluster development centre"),
    ],
    Helix.CIVIL: [
        ("Ассоциация предприятий {topic}", "Association of {topic_en} companies"),
        ("Общественный совет по развитию {topic}", "Public council for {topic_en}"),
        ("Союз молодых специалистов {topic}", "Union of young {topic_en} specialists"),
    ],
}
STEMS = [
    ("Вектор", "Vector"),
    ("Прогресс", "Progress"),
    ("Черноземье", "Chernozemye"),
    ("Север", "Sever"),
    ("Импульс", "Impulse"),
    ("Гранит", "Granit"),
    ("Альтаир", "Altair"),
    ("Радуга", "Raduga"),
    ("Орион", "Orion"),
    ("Волга", "Volga"),
]
PROJECT_PATTERNS = [
    ("Межрегиональный центр {topic}", "Interregional centre of {topic_en}"),
    ("Совместная программа развития {topic}", "Joint programme for {topic_en}"),
    ("Консорциум {topic}", "{topic_en} consortium"),
    ("Сеть испытательных лабораторий {topic}", "Network of {topic_en} test laboratories"),
    ("Кадровый проект для {topic}", "Skills project for {topic_en}"),
]
INTERACTION_PATTERNS = {
    InteractionKind.MEETING: "Совещание по вопросам {topic}",
    InteractionKind.CONFERENCE: "Конференция «Перспективы {topic}»",
    InteractionKind.FORUM: "Форум {topic}",
    InteractionKind.MATERIALS: "Обмен материалами в области {topic}",
    InteractionKind.OTHER: "Консультации по вопросам {topic}",
}
INTERACTION_KIND_WEIGHTS = [
    (InteractionKind.MEETING, 40),
    (InteractionKind.CONFERENCE, 20),
    (InteractionKind.FORUM, 15),
    (InteractionKind.MATERIALS, 15),
    (InteractionKind.OTHER, 10),
]


def _weighted(rng: random.Random, pairs: list[tuple]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


@contextmanager
def _historical_timestamps(*models):
    """Let ``bulk_create`` write the dates we give to ``auto_now``/``auto_now_add`` fields.

    Generated rows are dated over the past three years (a project published last spring,
    an interaction recorded after it happened); Django would stamp them all "now". The
    flags are restored on exit. This command runs alone in its process (or in a test),
    never alongside request handling.
    """
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Generator:
    """Writes one top-up of generated data; ``rng`` makes it reproducible for a given seed and starting state."""

    def __init__(self, *, seed: int, now: datetime, stdout):
        self.now = now
        self.today = timezone.localdate(now)
        self.stdout = stdout
        self.regions = list(Region.objects.select_related("macroregion").order_by("sort_order", "iso_code"))
        if len(self.regions) < 2:
            raise CommandError("Load the reference data first (manage.py setup_portal --no-demo).")
        self.generator = self._generator_user()
        self.had_data = Agent.objects.filter(created_by=self.generator).exists()
        self.password = make_password(None)  # unusable: generated users cannot log in
        self.showcase_data = self.showcase()  # its two agents count among the generated ones
        # The existing amount shifts the seed, so that a top-up does not repeat the first run's choices.
        self.existing = {
            "agents": Agent.objects.filter(created_by=self.generator).count(),
            "projects": Project.objects.filter(created_by=self.generator).count(),
            "interactions": Interaction.objects.filter(recorded_by=self.generator).count(),
            "users": User.objects.filter(email__endswith=f"@{DOMAIN}").count(),
        }
        self.rng = random.Random(f"{seed}:{self.existing['agents']}:{self.existing['projects']}")  # noqa: S311 - demo data
        weights_rng = random.Random(seed)  # noqa: S311 - the regions' weights stay the same across top-ups
        self.region_weights = []
        for region in self.regions:
            weight = weights_rng.lognormvariate(0, 0.6)
            if region.iso_code in BIG_REGIONS:
                weight *= 6
            elif region.iso_code in CBE_REGIONS:
                weight *= 3
            self.region_weights.append(weight)
        items = ClassifierItem.objects.select_related("classifier")
        self.nace = [item.pk for item in items if item.classifier.code == "nace2"]
        self.grnti = [item.pk for item in items if item.classifier.code == "grnti"]

    # --- helpers

    def _generator_user(self) -> User:
        user, _created = User.objects.get_or_create(
            email=GENERATOR_EMAIL,
            defaults={"full_name": "Scale data generator", "is_active": False, "password": make_password(None)},
        )
        return user

    def _region(self) -> Region:
        return self.rng.choices(self.regions, weights=self.region_weights)[0]

    def _moment(self, *, days_back: int = 3 * 365, after: datetime | None = None) -> datetime:
        """A time in the past ``days_back`` days (or between ``after`` and now), skewed towards recent days."""
        start = after or self.now - timedelta(days=days_back)
        span = max((self.now - start).total_seconds(), 60.0)
        return start + timedelta(seconds=span * (self.rng.random() ** 0.7))

    def _topic(self) -> tuple[str, str]:
        return self.rng.choice(TOPICS)

    def _users(self, count: int, *, prefix: str) -> list[User]:
        start = self.existing["users"]
        self.existing["users"] += count
        return User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{start + index}@{DOMAIN}",
                    full_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                    password=self.password,
                    date_joined=self._moment(),
                    language=self.rng.choice(["ru", "ru", "ru", "en"]),
                )
                for index in range(count)
            ],
            batch_size=BATCH,
        )

    # --- agents, members, experts

    def agents(self, count: int) -> list[Agent]:
        agents = []
        for _ in range(count):
            helix = _weighted(self.rng, HELIX_WEIGHTS)
            region = self._region()
            topic, topic_en = self._topic()
            stem, stem_en = self.rng.choice(STEMS)
            name_ru, name_en = self.rng.choice(NAME_PATTERNS[helix])
            created = self._moment()
            verified = self.rng.random() < 0.92
            agents.append(
                Agent(
                    name=f"{name_ru.format(topic=topic, stem=stem)} ({region.name_ru})",
                    name_en=f"{name_en.format(topic_en=topic_en, stem_en=stem_en)} ({region.name_en})",
                    helix=helix,
                    region=region,
                    description=(
                        f"Организация работает в области {topic}: исследования, производство и подготовка "
                        f"кадров. Ищем партнёров в других регионах. Works in {topic_en}."
                    ),
                    website="https://example.org/",
                    email=f"info{self.rng.randrange(10**6)}@example.org",
                    is_verified=verified,
                    verified_at=created + timedelta(days=2) if verified else None,
                    created_by=self.generator,
                    created_at=created,
                    updated_at=created,
                )
            )
        agents = Agent.objects.bulk_create(agents, batch_size=BATCH)
        through = Agent.competences.through
        rows = []
        for agent in agents:
            chosen = set(self.rng.sample(self.nace, k=self.rng.randint(1, 2)))
            if agent.helix == Helix.SCIENCE or self.rng.random() < 0.3:
                chosen.add(self.rng.choice(self.grnti))
            rows.extend(through(agent_id=agent.pk, classifieritem_id=item) for item in chosen)
        through.objects.bulk_create(rows, batch_size=BATCH)
        return agents

    def members(self, agents: list[Agent]) -> None:
        """An administrator for two agents in five (one user each)."""
        administered = [agent for index, agent in enumerate(agents) if index % 5 < 2]
        users = self._users(len(administered), prefix="member")
        AgentMembership.objects.bulk_create(
            [
                AgentMembership(
                    agent=agent,
                    user=user,
                    role=AgentRole.ADMINISTRATOR,
                    status=MembershipStatus.APPROVED,
                    created_at=agent.created_at,
                    decided_at=agent.created_at,
                )
                for agent, user in zip(administered, users, strict=True)
            ],
            batch_size=BATCH,
        )

    def experts(self, count: int) -> list[ExpertProfile]:
        users = self._users(count, prefix="expert")
        profiles = []
        for user in users:
            topic, topic_en = self._topic()
            profiles.append(
                ExpertProfile(
                    user=user,
                    headline_ru=f"Эксперт в области {topic}",
                    headline_en=f"Expert in {topic_en}",
                    bio_ru=f"Консультирую межрегиональные проекты в области {topic}.",
                    bio_en=f"I advise interregional projects in {topic_en}.",
                    region=self._region(),
                    languages=["ru", "en"] if self.rng.random() < 0.4 else ["ru"],
                    availability=_weighted(
                        self.rng,
                        [(Availability.AVAILABLE, 70), (Availability.LIMITED, 20), (Availability.UNAVAILABLE, 10)],
                    ),
                    is_published=self.rng.random() < 0.9,
                    created_at=user.date_joined,
                    updated_at=user.date_joined,
                )
            )
        profiles = ExpertProfile.objects.bulk_create(profiles, batch_size=BATCH)
        through = ExpertProfile.competences.through
        through.objects.bulk_create(
            [
                through(expertprofile_id=profile.pk, classifieritem_id=item)
                for profile in profiles
                for item in {self.rng.choice(self.nace), self.rng.choice(self.grnti)}
            ],
            batch_size=BATCH,
        )
        return profiles

    # --- projects

    def projects(self, count: int, *, agents: list[Agent], experts: list[ExpertProfile], showcase) -> None:
        verified = [agent for agent in agents if agent.is_verified]
        if len(verified) < 2:
            raise CommandError("Too few verified agents to lead projects; generate more agents.")
        by_region: dict[int, list[Agent]] = {}
        for agent in verified:
            by_region.setdefault(agent.region_id, []).append(agent)
        projects, plans = [], []
        for index in range(count):
            # one project of each state first (every state is there even at a small scale), then by weight
            if index < len(STATE_WEIGHTS) <= count:
                state = STATE_WEIGHTS[index][0]
            else:
                state = _weighted(self.rng, STATE_WEIGHTS)
            lead = self.rng.choice(verified)
            if showcase and index % 97 == 0 and state in OPEN | RUNNING:
                lead = showcase["agents"][index % len(showcase["agents"])]
            topic, topic_en = self._topic()
            title_ru, title_en = self.rng.choice(PROJECT_PATTERNS)
            created = self._moment(days_back=3 * 365)
            # the workflow's steps, a few days apart, never in the future
            moments, moment = [], created
            for _step in PATHS[state]:
                moment = min(moment + timedelta(days=self.rng.randint(2, 40), hours=self.rng.randint(0, 23)), self.now)
                moments.append(moment)
            started = moments[2] if state in RUNNING else None
            public = state in OPEN | RUNNING
            projects.append(
                Project(
                    title_ru=f"{title_ru.format(topic=topic)}: {lead.region.name_ru}",
                    title_en=f"{title_en.format(topic_en=topic_en)}: {lead.region.name_en}",
                    summary_ru=f"Совместный проект регионов в области {topic}.",
                    summary_en=f"A joint project of regions in {topic_en}.",
                    description=f"Партнёры объединяют лаборатории, производство и кадры в области {topic}.",
                    lead_agent=lead,
                    cooperation_types=self.rng.sample(CooperationType.values, k=self.rng.randint(1, 2)),
                    state=state,
                    starts_on=timezone.localdate(started) if started else None,
                    ends_on=timezone.localdate(moments[3])
                    if state in {ProjectState.COMPLETED, ProjectState.ARCHIVED}
                    else None,
                    is_featured=public and self.rng.random() < 0.01,
                    is_hidden=public and self.rng.random() < 0.005,
                    created_by=self.generator,
                    created_at=created,
                    updated_at=moments[-1] if moments else created,
                )
            )
            plans.append((state, created, moments))
        projects = Project.objects.bulk_create(projects, batch_size=BATCH)

        transitions, participants, invitations, directions, rubrics = [], [], [], [], []
        for index, (project, (state, created, moments)) in enumerate(zip(projects, plans, strict=True)):
            previous = ProjectState.DRAFT
            transitions.append(
                ProjectTransition(
                    project=project, actor=None, from_state="", to_state=ProjectState.DRAFT, created_at=created
                )
            )
            for step, moment in zip(PATHS[state], moments, strict=True):
                transitions.append(
                    ProjectTransition(
                        project=project, actor=None, from_state=previous, to_state=step, created_at=moment
                    )
                )
                previous = step
            participants.append(
                ProjectParticipant(
                    project=project,
                    agent=project.lead_agent,
                    role=ParticipantRole.LEAD,
                    status=ParticipantStatus.ACCEPTED,
                    created_at=created,
                    decided_at=created,
                )
            )
            published_at = moments[1] if len(moments) > 1 and state in OPEN | RUNNING else None
            taken = {project.lead_agent_id}
            if published_at:
                participants.extend(self._partners(project, state, published_at, by_region, verified, taken))
                if showcase and state == ProjectState.PUBLISHED and index % 41 == 1:
                    agent = showcase["agents"][index % len(showcase["agents"])]
                    if agent.pk not in taken:
                        taken.add(agent.pk)
                        participants.append(
                            self._participation(project, agent, ParticipantStatus.INVITED, published_at)
                        )
                invitations.extend(self._expert_invitations(project, state, published_at, experts, showcase, index))
            for item in set(self.rng.sample(self.nace, k=self.rng.randint(1, 2))):
                directions.append(Project.directions.through(project_id=project.pk, classifieritem_id=item))
            rubrics.append(
                Project.rubrics.through(project_id=project.pk, classifieritem_id=self.rng.choice(self.grnti))
            )
        ProjectTransition.objects.bulk_create(transitions, batch_size=BATCH)
        ProjectParticipant.objects.bulk_create(participants, batch_size=BATCH)
        ExpertInvitation.objects.bulk_create(invitations, batch_size=BATCH)
        Project.directions.through.objects.bulk_create(directions, batch_size=BATCH)
        Project.rubrics.through.objects.bulk_create(rubrics, batch_size=BATCH)
        self.counts = {
            "transitions": len(transitions),
            "participants": len(participants),
            "expert invitations": len(invitations),
        }

    def _participation(self, project, agent, status, after: datetime) -> ProjectParticipant:
        moment = self._moment(after=after)
        decided = status in (ParticipantStatus.ACCEPTED, ParticipantStatus.LEFT, ParticipantStatus.DECLINED)
        return ProjectParticipant(
            project=project,
            agent=agent,
            role=ParticipantRole.PARTNER,
            status=status,
            motivation="Готовы предоставить лабораторию и специалистов." if status == ParticipantStatus.APPLIED else "",
            created_at=moment,
            decided_at=moment + timedelta(days=3) if decided else None,
        )

    def _partners(self, project, state, published_at, by_region, verified, taken) -> list[ProjectParticipant]:
        """Partners mostly from other regions: accepted ones in running projects, applications and invitations
        in open ones, now and then a partner that left or was declined."""
        if state in RUNNING:
            plan = [ParticipantStatus.ACCEPTED] * self.rng.randint(1, 4)
            if self.rng.random() < 0.1:
                plan.append(ParticipantStatus.LEFT)
        else:
            plan = [ParticipantStatus.ACCEPTED] * self.rng.randint(0, 2)
        if state in OPEN:
            plan += [ParticipantStatus.APPLIED] * self.rng.randint(0, 2)
            plan += [ParticipantStatus.INVITED] * self.rng.randint(0, 1)
        if self.rng.random() < 0.1:
            plan.append(ParticipantStatus.DECLINED)
        result = []
        for status in plan:
            if self.rng.random() < 0.75:  # another region, more often of the same macro-region
                pool = verified
                if self.rng.random() < 0.5:
                    same = [
                        r.pk
                        for r in self.regions
                        if r.macroregion_id == project.lead_agent.region.macroregion_id
                        and r.pk != project.lead_agent.region_id
                    ]
                    pool = by_region.get(self.rng.choice(same), verified) if same else verified
            else:
                pool = by_region.get(project.lead_agent.region_id, verified)
            agent = self.rng.choice(pool)
            if agent.pk in taken:
                continue
            taken.add(agent.pk)
            result.append(self._participation(project, agent, status, published_at))
        return result

    def _expert_invitations(self, project, state, published_at, experts, showcase, index) -> list[ExpertInvitation]:
        published = [expert for expert in experts if expert.is_published]
        chosen: list[tuple[ExpertProfile, str]] = []
        if published and self.rng.random() < 0.35:
            for _ in range(self.rng.randint(1, 2)):
                status = InvitationStatus.ACCEPTED if state in RUNNING else InvitationStatus.INVITED
                if self.rng.random() < 0.15:
                    status = InvitationStatus.DECLINED
                chosen.append((self.rng.choice(published), status))
        if showcase and state in OPEN and index % 53 == 2:
            chosen.append((showcase["expert"], InvitationStatus.INVITED))
        result, seen = [], set()
        for expert, status in chosen:
            if expert.pk in seen:
                continue
            seen.add(expert.pk)
            moment = self._moment(after=published_at)
            result.append(
                ExpertInvitation(
                    project=project,
                    expert=expert,
                    message="Просим оценить программу работ.",
                    status=status,
                    decided_at=moment + timedelta(days=2) if status != InvitationStatus.INVITED else None,
                    created_at=moment,
                )
            )
        return result

    # --- interactions

    def interactions(self, count: int, *, agents: list[Agent]) -> int:
        verified = [agent for agent in agents if agent.is_verified]
        by_macro: dict[int, list[Agent]] = {}
        for agent in verified:
            by_macro.setdefault(agent.region.macroregion_id, []).append(agent)
        interactions, groups = [], []
        for _ in range(count):
            first = self.rng.choice(verified)
            group = {first.pk: first}
            for _partner in range(self.rng.choices([1, 2, 3], weights=[60, 30, 10])[0]):
                pool = by_macro[first.region.macroregion_id] if self.rng.random() < 0.6 else verified
                for _attempt in range(5):  # a partner of another region
                    partner = self.rng.choice(pool)
                    if partner.region_id != first.region_id and partner.pk not in group:
                        group[partner.pk] = partner
                        break
            if len({agent.region_id for agent in group.values()}) < 2:
                others = [agent for agent in verified if agent.region_id != first.region_id]
                if not others:
                    raise CommandError("Every verified agent is in one region: generate more agents.")
                partner = self.rng.choice(others)
                group[partner.pk] = partner
            kind = _weighted(self.rng, INTERACTION_KIND_WEIGHTS)
            topic, _topic_en = self._topic()
            moment = self._moment()
            withdrawn = self.rng.random() < 0.02
            interactions.append(
                Interaction(
                    title=INTERACTION_PATTERNS[kind].format(topic=topic),
                    kind=kind,
                    occurred_on=timezone.localdate(moment),
                    description=f"Обмен опытом и планами в области {topic}.",
                    cooperation_types=self.rng.sample(CooperationType.values, k=self.rng.randint(0, 2)),
                    recorded_by=self.generator,
                    # confirmed by the other side (levels issue #14): the generated history counts as before
                    status=InteractionStatus.CONFIRMED,
                    is_withdrawn=withdrawn,
                    withdrawn_reason="Запись-дубликат." if withdrawn else "",
                    withdrawn_at=moment + timedelta(days=5) if withdrawn else None,
                    created_at=moment + timedelta(hours=6),
                    updated_at=moment + timedelta(hours=6),
                )
            )
            groups.append(list(group))
        interactions = Interaction.objects.bulk_create(interactions, batch_size=BATCH)
        through = Interaction.participants.through
        rows = [
            through(interaction_id=interaction.pk, agent_id=agent_id)
            for interaction, group in zip(interactions, groups, strict=True)
            for agent_id in group
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    # --- the showcase user

    def showcase(self) -> dict | None:
        """The signed-in user of the benchmark: two Lipetsk agents to administer and an expert profile."""
        user = User.objects.filter(email=SHOWCASE_EMAIL).first()
        if user is None:
            user = User.objects.create(
                email=SHOWCASE_EMAIL, full_name="Ирина Витринная", password=make_password(None), language="ru"
            )
        lipetsk = next((region for region in self.regions if region.iso_code == "RU-LIP"), self.regions[0])
        agents = list(
            Agent.objects.filter(memberships__user=user, memberships__status=MembershipStatus.APPROVED)
            .select_related("region", "region__macroregion")
            .order_by("pk")
        )
        if not agents:
            agents = Agent.objects.bulk_create(
                [
                    Agent(
                        name=f"{name} (Липецкая область)",
                        name_en=f"{name_en} (Lipetsk Oblast)",
                        helix=helix,
                        region=lipetsk,
                        description="Витрина генератора данных: проекты, заявки и приглашения.",
                        is_verified=True,
                        verified_at=self.now,
                        created_by=self.generator,
                        created_at=self.now - timedelta(days=1000),
                        updated_at=self.now - timedelta(days=1000),
                    )
                    for name, name_en, helix in [
                        ("Липецкий центр кластерного развития", "Lipetsk Cluster Development Centre", Helix.GOVERNMENT),
                        ("Липецкий технопарк «Вектор»", "Vector Technopark of Lipetsk", Helix.BUSINESS),
                    ]
                ]
            )
            for agent in agents:
                agent.region = lipetsk
            AgentMembership.objects.bulk_create(
                [
                    AgentMembership(
                        agent=agent,
                        user=user,
                        role=AgentRole.ADMINISTRATOR,
                        status=MembershipStatus.APPROVED,
                        created_at=agent.created_at,
                        decided_at=agent.created_at,
                    )
                    for agent in agents
                ]
            )
            forget_user_agent_roles(user.pk)  # bulk_create sends no signal
        expert = ExpertProfile.objects.filter(user=user).first()
        if expert is None:
            expert = ExpertProfile.objects.create(
                user=user,
                headline_ru="Эксперт по кластерной политике",
                headline_en="Cluster policy expert",
                region=lipetsk,
                languages=["ru", "en"],
                is_published=True,
                created_at=self.now,
                updated_at=self.now,
            )
        return {"user": user, "agents": agents, "expert": expert}


FIRST_NAMES = ["Анна", "Иван", "Мария", "Пётр", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья", "Алексей"]
LAST_NAMES = ["Иванова", "Смирнов", "Кузнецова", "Попов", "Васильева", "Соколов", "Морозова", "Волков", "Лебедева"]


class Command(BaseCommand):
    help = (
        "Generate demo data at scale (agents, members, experts, projects in every state, interactions), "
        "then recompute the cooperation levels and rebuild the search index. Tops up: a second run adds only "
        "what is missing to reach the requested totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agents", type=int, default=10_000, help="Total generated agents (default 10,000).")
        parser.add_argument("--projects", type=int, default=2_000, help="Total generated projects (default 2,000).")
        parser.add_argument(
            "--interactions", type=int, default=20_000, help="Total generated interactions (default 20,000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1): the same seed, the same data."
        )

    def handle(self, *args, agents: int, projects: int, interactions: int, seed: int, **options):
        if min(agents, projects, interactions) < 0:
            raise CommandError("Counts cannot be negative.")
        started = time.perf_counter()
        now = timezone.now()
        models = (Agent, AgentMembership, ExpertProfile, ExpertInvitation, Project, ProjectTransition)
        with transaction.atomic(), _historical_timestamps(*models, ProjectParticipant, Interaction):
            generator = Generator(seed=seed, now=now, stdout=self.stdout)
            existing = generator.existing
            missing = {
                "agents": max(0, agents - existing["agents"]),
                "projects": max(0, projects - existing["projects"]),
                "interactions": max(0, interactions - existing["interactions"]),
            }
            if generator.had_data:
                self.stdout.write(
                    f"Already generated: {existing['agents']} agents, {existing['projects']} projects, "
                    f"{existing['interactions']} interactions; topping up to the requested totals."
                )
            if not any(missing.values()):
                self.stdout.write("Nothing to add: the database already holds the requested amounts.")
                return
            showcase = generator.showcase_data
            new_agents = generator.agents(missing["agents"])
            generator.members(new_agents)
            new_experts = generator.experts(max(1, missing["agents"] // 10)) if missing["agents"] else []
            all_agents = list(
                Agent.objects.filter(created_by=generator.generator).select_related("region", "region__macroregion")
            )
            experts = new_experts or list(ExpertProfile.objects.filter(user__email__endswith=f"@{DOMAIN}"))
            self.stdout.write(
                f"Agents: +{len(new_agents)}, experts: +{len(new_experts)} ({time.perf_counter() - started:.1f} s)"
            )
            step = time.perf_counter()
            generator.counts = {}
            if missing["projects"]:
                generator.projects(missing["projects"], agents=all_agents, experts=experts, showcase=showcase)
            extra = ", ".join(f"{value} {name}" for name, value in generator.counts.items())
            self.stdout.write(
                f"Projects: +{missing['projects']}{f' ({extra})' if extra else ''} ({time.perf_counter() - step:.1f} s)"
            )
            step = time.perf_counter()
            links = generator.interactions(missing["interactions"], agents=all_agents) if missing["interactions"] else 0
            self.stdout.write(
                f"Interactions: +{missing['interactions']} ({links} participations) "
                f"({time.perf_counter() - step:.1f} s)"
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics after bulk inserts
        step = time.perf_counter()
        result = levels_recompute(as_of=timezone.localdate())
        self.stdout.write(
            f"Levels recomputed: {result.evidence} pieces of evidence, {result.pair_periods} pair periods, "
            f"{result.region_periods} region periods ({time.perf_counter() - step:.1f} s)"
        )
        if "rebuild_search_index" in get_commands():
            step = time.perf_counter()
            call_command("rebuild_search_index", stdout=self.stdout, stderr=self.stderr)
            self.stdout.write(f"Search index rebuilt ({time.perf_counter() - step:.1f} s)")
        else:
            self.stdout.write("No rebuild_search_index command (the search app has none yet): skipped.")
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s. Signed-in showcase user: {SHOWCASE_EMAIL} (no password; "
            "log in as them with a session, as bench/pages.py does)."
        )
