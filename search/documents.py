"""What each indexed object looks like to the search: its titles, texts and filter values.

Reads only, in bulk (a fixed number of queries per batch of objects, whatever its size); the
writes are in ``search.services.index``. Only what everyone may see is indexed:

* agents that a moderator verified;
* experts whose profile is published;
* projects open for partners (published or active) that moderators have not hidden;
* every region.

Filter values: ``region`` (ISO codes: an agent's or expert's region, a project's participants'
regions), ``macroregion`` (their macro-regions), ``type`` (a project's types of cooperation; for an
agent, those of the public projects it takes part in), ``competence`` (classifier item ids: an
agent's or expert's competences, a project's directions and rubrics, a region's competences in the
current snapshot of the competence maps). The cooperation level is read at query time from the
levels app (it changes with every recomputation); a project's ``level`` is the one it gives, derived from its
state and active participants by ``levels.computations.project_levels`` (no author-declared level).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import translation

from analytics.choices import SnapshotStatus
from analytics.models import ClassifierItem, CoefficientValue
from cooperation.choices import CooperationType, Helix, ParticipantStatus
from cooperation.models import Agent, Project, ProjectParticipant
from cooperation.models.projects import OPEN_STATES, PUBLIC_STATES
from experts.choices import Availability
from experts.models import ExpertProfile
from levels.computations import project_levels
from regions.models import Region

from .choices import DocumentKind, Facet

SUMMARY_LENGTH = 300
TITLE_LENGTH = 300


@dataclass
class DocumentData:
    """The content of one search document before it is written."""

    kind: str
    object_id: int
    title_ru: str
    title_en: str
    url: str
    title_text: str
    body: str = ""
    summary_ru: str = ""
    summary_en: str = ""
    helix: str = ""
    region_id: int | None = None
    level: int | None = None
    created_at: datetime | None = None
    facets: list[tuple[str, str]] = field(default_factory=list)
    #: ``(field, text)`` pairs, the title's first: what the page shows as why a result matched (#12).
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ref(self) -> tuple[str, int]:
        return (self.kind, self.object_id)


def bilingual(choices) -> dict[str, tuple[str, str]]:
    """``{value: (Russian label, English label)}`` of a ``TextChoices``/``IntegerChoices``."""
    labels: dict = {}
    for language, position in (("ru", 0), ("en", 1)):
        with translation.override(language):
            for value, label in choices.choices:
                labels.setdefault(value, ["", ""])[position] = str(label)
    return {value: (pair[0], pair[1]) for value, pair in labels.items()}


def _join(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def _short(text: str) -> str:
    """The text on one line, cut at a word before ``SUMMARY_LENGTH`` characters (with an ellipsis)."""
    text = " ".join((text or "").split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[: SUMMARY_LENGTH - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


class _Urls:
    """Page addresses by id without resolving the URL pattern for every object (a rebuild writes thousands)."""

    MARK = 987654321987654321

    def __init__(self, name: str, key: str = "pk") -> None:
        self.template = reverse(name, kwargs={key: self.MARK})

    def __call__(self, object_id) -> str:
        return self.template.replace(str(self.MARK), str(object_id))


def _title(text: str) -> str:
    return (text or "")[:TITLE_LENGTH]


def _item_text(item: ClassifierItem) -> str:
    return f"{item.code} {item.name_ru} {item.name_en}"


def _item_fields(items: Iterable[ClassifierItem]) -> list[tuple[str, str]]:
    """A competence in each language, as the reason a result matched (the first that matches is shown): its name
    alone, under the label "competence" — the classifier's code glued to it read as a word ("A Сельское…"); the
    code stays searchable through the document's body (:func:`_item_text`)."""
    return [("competence", name) for item in items for name in dict.fromkeys((item.name_ru, item.name_en))]


def _region_text(region: Region) -> str:
    return f"{region.name_ru} {region.name_en} {region.macroregion.name_ru} {region.macroregion.name_en}"


def _region_facets(regions: Iterable[Region]) -> list[tuple[str, str]]:
    facets: dict[tuple[str, str], None] = {}
    for region in regions:
        facets.setdefault((Facet.REGION.value, region.iso_code), None)
        facets.setdefault((Facet.MACROREGION.value, region.macroregion.code), None)
    return list(facets)


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Agents. -------------------------------------------------------------------------------------------


def public_agents():
    """Agents the search shows: verified ones."""
    return Agent.objects.filter(is_verified=True)


def _agent_types(agent_ids: list[int]) -> dict[int, set[str]]:
    """Types of cooperation of the public projects each agent takes part in (one query)."""
    rows = ProjectParticipant.objects.filter(
        agent_id__in=agent_ids,
        status=ParticipantStatus.ACCEPTED,
        project__state__in=PUBLIC_STATES,
        project__is_hidden=False,
    ).values_list("agent_id", "project__cooperation_types")
    types: dict[int, set[str]] = defaultdict(set)
    for agent_id, values in rows:
        types[agent_id].update(value for value in values or () if value in CooperationType.values)
    return types


def agent_documents(ids: list[int] | None = None, *, batch: int = 2000) -> Iterator[DocumentData]:
    """Documents of the verified agents among ``ids`` (all of them when None)."""
    helices, type_labels = bilingual(Helix), bilingual(CooperationType)
    url = _Urls("cooperation:agent-detail")
    queryset = public_agents()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    all_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(all_ids, batch):
        agents = (
            Agent.objects.filter(pk__in=chunk)
            .select_related("region__macroregion")
            .prefetch_related(Prefetch("competences", queryset=ClassifierItem.objects.order_by("code")))
            .order_by("pk")
        )
        types = _agent_types(chunk)
        for agent in agents:
            competences = list(agent.competences.all())
            agent_types = sorted(types.get(agent.pk, ()))
            helix = helices.get(agent.helix, ("", ""))
            facets = _region_facets([agent.region])
            facets += [(Facet.TYPE.value, value) for value in agent_types]
            facets += [(Facet.COMPETENCE.value, str(item.pk)) for item in competences]
            yield DocumentData(
                kind=DocumentKind.AGENT,
                object_id=agent.pk,
                title_ru=_title(agent.name),
                title_en=_title(agent.name_en or agent.name),
                url=url(agent.pk),
                title_text=_join(agent.name, agent.name_en),
                body=_join(
                    agent.description,
                    agent.description_en,
                    *helix,
                    _region_text(agent.region),
                    *(_item_text(item) for item in competences),
                    *(" ".join(type_labels[value]) for value in agent_types),
                ),
                summary_ru=_short(agent.description or agent.description_en),
                summary_en=_short(agent.description_en or agent.description),
                helix=agent.helix,
                region_id=agent.region_id,
                created_at=agent.verified_at or agent.created_at,
                facets=facets,
                fields=[
                    ("name", agent.name),
                    ("name", agent.name_en),
                    *_item_fields(competences),
                    ("description", agent.description),
                    ("description", agent.description_en),
                    ("helix", " · ".join(helix)),
                    *(("type", " · ".join(type_labels[value])) for value in agent_types),
                    ("region", _region_text(agent.region)),
                ],
            )


# --- Experts. ------------------------------------------------------------------------------------------


def public_experts():
    """Experts the search shows: published profiles."""
    return ExpertProfile.objects.filter(is_published=True)


def _expert_name(profile: ExpertProfile, language: str) -> str:
    with translation.override(language):
        return profile.display_name


def expert_documents(ids: list[int] | None = None, *, batch: int = 2000) -> Iterator[DocumentData]:
    """Documents of the published expert profiles among ``ids`` (all of them when None)."""
    availability = bilingual(Availability)
    url = _Urls("experts:expert-detail")
    queryset = public_experts()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    all_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(all_ids, batch):
        profiles = (
            ExpertProfile.objects.filter(pk__in=chunk)
            .select_related("user", "region__macroregion")
            .prefetch_related(Prefetch("competences", queryset=ClassifierItem.objects.order_by("code")))
            .order_by("pk")
        )
        for profile in profiles:
            competences = list(profile.competences.all())
            name_ru, name_en = _expert_name(profile, "ru"), _expert_name(profile, "en")
            facets = _region_facets([profile.region])
            facets += [(Facet.COMPETENCE.value, str(item.pk)) for item in competences]
            yield DocumentData(
                kind=DocumentKind.EXPERT,
                object_id=profile.pk,
                title_ru=_title(name_ru),
                title_en=_title(name_en),
                url=url(profile.pk),
                title_text=_join(profile.user.full_name, profile.headline_ru, profile.headline_en),
                body=_join(
                    profile.bio_ru,
                    profile.bio_en,
                    _region_text(profile.region),
                    *(_item_text(item) for item in competences),
                    *availability.get(profile.availability, ()),
                ),
                summary_ru=_short(profile.headline_ru or profile.headline_en or profile.bio_ru),
                summary_en=_short(profile.headline_en or profile.headline_ru or profile.bio_en or profile.bio_ru),
                region_id=profile.region_id,
                created_at=profile.created_at,
                facets=facets,
                fields=[
                    ("name", profile.user.full_name),
                    ("headline", profile.headline_ru),
                    ("headline", profile.headline_en),
                    *_item_fields(competences),
                    ("bio", profile.bio_ru),
                    ("bio", profile.bio_en),
                    ("region", _region_text(profile.region)),
                    ("availability", " · ".join(availability.get(profile.availability, ()))),
                ],
            )


# --- Projects. -----------------------------------------------------------------------------------------


def public_open_projects():
    """Projects the search shows: open for partners (published or active) and not hidden."""
    return Project.objects.filter(state__in=OPEN_STATES, is_hidden=False)


def project_documents(ids: list[int] | None = None, *, batch: int = 1000) -> Iterator[DocumentData]:
    """Documents of the open, visible projects among ``ids`` (all of them when None)."""
    type_labels = bilingual(CooperationType)
    url = _Urls("cooperation:project-detail")
    queryset = public_open_projects()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    all_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    items = ClassifierItem.objects.order_by("code")
    for chunk in _chunks(all_ids, batch):
        projects = (
            Project.objects.filter(pk__in=chunk)
            .select_related("lead_agent__region__macroregion")
            .prefetch_related(
                Prefetch("directions", queryset=items),
                Prefetch("rubrics", queryset=items),
                "objectives",
                Prefetch(
                    "participants",
                    queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED)
                    .select_related("agent__region__macroregion")
                    .order_by("pk"),
                    to_attr="accepted_participants",
                ),
            )
            .order_by("pk")
        )
        for project in projects:
            lead = project.lead_agent
            participants = [participant.agent for participant in project.accepted_participants]
            regions = [lead.region, *(agent.region for agent in participants)]
            competences = [*project.directions.all(), *project.rubrics.all()]
            types = [value for value in project.cooperation_types or () if value in CooperationType.values]
            facets = _region_facets(regions)
            facets += [(Facet.TYPE.value, value) for value in dict.fromkeys(types)]
            facets += [(Facet.COMPETENCE.value, str(item.pk)) for item in dict.fromkeys(competences)]
            title_ru = project.title_ru or project.title_en
            title_en = project.title_en or project.title_ru
            yield DocumentData(
                kind=DocumentKind.PROJECT,
                object_id=project.pk,
                title_ru=_title(title_ru),
                title_en=_title(title_en),
                url=url(project.pk),
                title_text=_join(project.title_ru, project.title_en),
                body=_join(
                    project.summary_ru,
                    project.summary_en,
                    project.description,
                    project.description_en,
                    *dict.fromkeys(f"{agent.name} {agent.name_en}" for agent in [lead, *participants]),
                    *dict.fromkeys(_region_text(region) for region in regions),
                    *(_item_text(item) for item in competences),
                    *(" ".join(type_labels[value]) for value in dict.fromkeys(types)),
                    *(f"{objective.text_ru} {objective.text_en}" for objective in project.objectives.all()),
                ),
                summary_ru=_short(
                    project.summary_ru or project.summary_en or project.description or project.description_en
                ),
                summary_en=_short(
                    project.summary_en or project.description_en or project.summary_ru or project.description
                ),
                helix=lead.helix,
                region_id=lead.region_id,
                # the level the project gives (3 once it runs with active participants of two regions)
                level=project_levels(
                    state=project.state,
                    participations=[(region.pk, ParticipantStatus.ACCEPTED.value) for region in regions],
                ).level,
                created_at=project.created_at,
                facets=facets,
                fields=[
                    ("title", project.title_ru),
                    ("title", project.title_en),
                    *_item_fields(dict.fromkeys(competences)),
                    ("summary", project.summary_ru),
                    ("summary", project.summary_en),
                    ("description", project.description),
                    ("description", project.description_en),
                    *(
                        ("objective", f"{objective.text_ru} {objective.text_en}")
                        for objective in project.objectives.all()
                    ),
                    *(("type", " · ".join(type_labels[value])) for value in dict.fromkeys(types)),
                    *(
                        ("participant", text)
                        for text in dict.fromkeys(f"{agent.name} {agent.name_en}" for agent in [lead, *participants])
                    ),
                    *(("region", text) for text in dict.fromkeys(_region_text(region) for region in regions)),
                ],
            )


# --- Regions. ------------------------------------------------------------------------------------------


def current_region_competences(region_ids: list[int] | None = None) -> dict[int, list[ClassifierItem]]:
    """Each region's competences in the current snapshot: items whose coefficient is a competence in the
    latest year of its data set and coefficient (two queries plus the items)."""
    current = CoefficientValue.objects.filter(snapshot__is_current=True, snapshot__status=SnapshotStatus.COMPLETE)
    latest = list(current.values("dataset_id", "indicator").annotate(year=Max("year")).order_by())
    if not latest:
        return {}
    in_latest_year = Q()
    for row in latest:
        in_latest_year |= Q(dataset_id=row["dataset_id"], indicator=row["indicator"], year=row["year"])
    rows = current.filter(in_latest_year, is_competence=True)
    if region_ids is not None:
        rows = rows.filter(region_id__in=region_ids)
    pairs = set(rows.values_list("region_id", "item_id"))
    items = ClassifierItem.objects.in_bulk({item_id for _region, item_id in pairs})
    competences: dict[int, list[ClassifierItem]] = defaultdict(list)
    for region_id, item_id in sorted(pairs, key=lambda pair: (pair[0], items[pair[1]].code, pair[1])):
        competences[region_id].append(items[item_id])
    return competences


def region_documents(ids: list[int] | None = None) -> Iterator[DocumentData]:
    """Documents of the regions among ``ids`` (all of them when None)."""
    regions = Region.objects.select_related("macroregion", "federal_district").order_by("sort_order", "pk")
    if ids is not None:
        regions = regions.filter(pk__in=ids)
    regions = list(regions)
    competences = current_region_competences([region.pk for region in regions] if ids is not None else None)
    for region in regions:
        items = competences.get(region.pk, [])
        facets = _region_facets([region])
        facets += [(Facet.COMPETENCE.value, str(item.pk)) for item in items]
        district = region.federal_district
        yield DocumentData(
            kind=DocumentKind.REGION,
            object_id=region.pk,
            title_ru=_title(region.name_ru),
            title_en=_title(region.name_en or region.name_ru),
            url=region.get_absolute_url(),
            title_text=_join(region.name_ru, region.name_en),
            body=_join(
                region.macroregion.name_ru,
                region.macroregion.name_en,
                district.name_ru,
                district.name_en,
                *(_item_text(item) for item in items),
            ),
            summary_ru=f"{region.macroregion.name_ru} · {district.name_ru}",
            summary_en=f"{region.macroregion.name_en} · {district.name_en}",
            region_id=region.pk,
            facets=facets,
            fields=[
                ("name", region.name_ru),
                ("name", region.name_en),
                *_item_fields(items),
                ("region", f"{region.macroregion.name_ru} {region.macroregion.name_en}"),
                ("region", f"{district.name_ru} {district.name_en}"),
            ],
        )


# keyed by the kind's value: the index reads kinds back from the database as plain strings
BUILDERS: dict[str, Callable[..., Iterator[DocumentData]]] = {
    DocumentKind.AGENT: agent_documents,
    DocumentKind.EXPERT: expert_documents,
    DocumentKind.PROJECT: project_documents,
    DocumentKind.REGION: region_documents,
}
