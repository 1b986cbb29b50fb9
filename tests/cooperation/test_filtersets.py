"""The project catalogue's filters (shared by the page and the API), on the test database (SQLite by default)."""

import pytest

from analytics.models import ClassifierItem
from cooperation.choices import CooperationType, Helix, ParticipantStatus, ProjectState
from cooperation.filtersets import ProjectFilterSet
from cooperation.models import Project
from regions.models import Region
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def filtered(**params) -> set[int]:
    filterset = ProjectFilterSet(params, queryset=Project.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


@pytest.fixture
def region(reference_data):
    return lambda code: Region.objects.get(iso_code=code)


def test_text_search_ignores_case_of_cyrillic_letters_in_titles_and_summaries(reference_data):
    # given
    cluster = ProjectFactory(title_ru="Агробиотехнологический кластер", title_en="", summary_ru="", summary_en="")
    school = ProjectFactory(title_ru="Школа", summary_ru="Инженерная ШКОЛА для молодёжи", title_en="", summary_en="")
    twin = ProjectFactory(title_ru="", title_en="Metallurgy digital twin", summary_ru="", summary_en="")
    # then
    assert filtered(q="агробиотехнологический") == {cluster.pk}
    assert filtered(q="КЛАСТЕР") == {cluster.pk}
    assert filtered(q="инженерная школа") == {school.pk}
    assert filtered(q="DIGITAL twin") == {twin.pk}
    assert filtered(q="кластер школа") == set()


def test_type_matches_membership_in_the_json_list(reference_data):
    # given
    science = ProjectFactory(cooperation_types=[CooperationType.SCIENTIFIC])
    both = ProjectFactory(cooperation_types=[CooperationType.PRODUCTION, CooperationType.SCIENTIFIC])
    education = ProjectFactory(cooperation_types=[CooperationType.EDUCATIONAL])
    # then
    assert filtered(type=["scientific"]) == {science.pk, both.pk}
    assert filtered(type=["production"]) == {both.pk}
    assert filtered(type=["educational", "production"]) == {both.pk, education.pk}
    assert filtered(type=["consulting"]) == set()
    assert not ProjectFilterSet({"type": ["unknown"]}, queryset=Project.objects.all()).is_valid()


def test_state_and_lead_helix(reference_data):
    # given
    draft = ProjectFactory(lead_agent=AgentFactory(helix=Helix.SCIENCE))
    active = ProjectFactory(state=ProjectState.ACTIVE)
    # then
    assert "level" not in ProjectFilterSet.base_filters  # no author-declared level to filter by
    assert filtered(state=["active", "published"]) == {active.pk}
    assert filtered(helix=["science"]) == {draft.pk}
    assert filtered(helix=["business"]) == {active.pk}


def test_region_and_macroregion_come_from_accepted_participants(region):
    # given a Lipetsk project with an accepted Voronezh partner and an applying Tambov one
    joint = ProjectFactory(state=ProjectState.PUBLISHED)
    ParticipantFactory(project=joint, agent=AgentFactory(region=region("RU-VOR")))
    ParticipantFactory(project=joint, agent=AgentFactory(region=region("RU-TAM")), status=ParticipantStatus.APPLIED)
    local = ProjectFactory(lead_agent=AgentFactory(region=region("RU-BEL")))
    moscow = ProjectFactory(lead_agent=AgentFactory(region=region("RU-MOW")))
    # then
    assert filtered(region=["RU-VOR"]) == {joint.pk}
    assert filtered(region=["RU-LIP"]) == {joint.pk}
    assert filtered(region=["RU-TAM"]) == set()
    assert filtered(region=["RU-VOR", "RU-BEL"]) == {joint.pk, local.pk}
    assert filtered(macroregion="central-black-earth") == {joint.pk, local.pk}
    assert filtered(macroregion="central") == {moscow.pk}
    assert not ProjectFilterSet({"region": ["RU-XXX"]}, queryset=Project.objects.all()).is_valid()


def test_competence_matches_directions_or_rubrics(reference_data):
    # given
    agriculture = ClassifierItem.objects.filter(classifier__code="nace2").first()
    rubric = ClassifierItem.objects.filter(classifier__code="grnti").first()
    by_direction = ProjectFactory()
    by_direction.directions.set([agriculture])
    by_rubric = ProjectFactory()
    by_rubric.rubrics.set([rubric])
    both = ProjectFactory()
    both.directions.set([agriculture])
    both.rubrics.set([rubric])
    ProjectFactory()
    # then
    assert filtered(competence=[agriculture.pk]) == {by_direction.pk, both.pk}
    assert filtered(competence=[agriculture.pk, rubric.pk]) == {by_direction.pk, by_rubric.pk, both.pk}
    assert Project.objects.count() == 4
    filterset = ProjectFilterSet({"competence": [agriculture.pk, rubric.pk]}, queryset=Project.objects.all())
    assert filterset.qs.count() == 3  # no duplicates


def test_interregional_counts_distinct_regions_of_accepted_participants(region):
    # given
    interregional = ProjectFactory()
    ParticipantFactory(project=interregional, agent=AgentFactory(region=region("RU-VOR")))
    same_region = ProjectFactory()
    ParticipantFactory(project=same_region)  # another Lipetsk agent
    only_applied = ProjectFactory()
    ParticipantFactory(project=only_applied, agent=AgentFactory(region=region("RU-TAM")), status="applied")
    # then
    assert filtered(interregional="true") == {interregional.pk}
    assert filtered(interregional="false") == {same_region.pk, only_applied.pk}
    assert len(filtered()) == 3
