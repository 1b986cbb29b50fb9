"""Competence events recorded by the recomputation: hand-computed changes, idempotency, news, corrections.

Volumes (NACE sections A and C, Lipetsk and Voronezh, both in the Central Black Earth
macro-region; no country row, so the national reference is the two regions' sum and the
macro-regional one is the same two regions -- both factors are equal here):

    2020: LIP A=10 C=30, VOR A=20 C=20 -> totals A 30, C 50, all 80
          LIP A = (10/40)/(30/80) = 0.667   LIP C = (30/40)/(50/80) = 1.2
          VOR A = (20/40)/(30/80) = 1.333   VOR C = (20/40)/(50/80) = 0.8
    2021: LIP A=30 C=10, VOR A=20 C=20 -> totals A 50, C 30, all 80
          LIP A = (30/40)/(50/80) = 1.2     LIP C = (10/40)/(30/80) = 0.667
          VOR A = (20/40)/(50/80) = 0.8     VOR C = (20/40)/(30/80) = 1.333

So in 2021 Lipetsk gained A and lost C, Voronezh lost A and gained C: 4 changes x 2 factors = 8 events.
"""

from __future__ import annotations

import pytest

from analytics.choices import BatchKind
from analytics.events import competence_events_recorded
from analytics.models import ClassifierItem, CompetenceEvent, Dataset, ImportBatch, Observation, Snapshot
from analytics.services.snapshots import snapshot_recompute
from regions.models import Region

pytestmark = pytest.mark.django_db

YEAR_2020 = [("RU-LIP", "A", 10), ("RU-LIP", "C", 30), ("RU-VOR", "A", 20), ("RU-VOR", "C", 20)]
YEAR_2021 = [("RU-LIP", "A", 30), ("RU-LIP", "C", 10), ("RU-VOR", "A", 20), ("RU-VOR", "C", 20)]


def observe(dataset: Dataset, year: int, rows, *, regions=("RU-LIP", "RU-VOR")) -> None:
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.OBSERVATIONS, file_name=f"{year}.csv", checksum="0" * 64
    )
    regions = {region.iso_code: region for region in Region.objects.filter(iso_code__in=regions)}
    for iso, code, value in rows:
        Observation.objects.update_or_create(
            dataset=dataset,
            region=regions[iso],
            item=ClassifierItem.objects.get(classifier__code="nace2", code=code),
            year=year,
            defaults={"value": value, "batch": batch},
        )


@pytest.fixture
def dataset(reference_data):
    dataset = Dataset.objects.create(code="volumes", name_ru="Объёмы", name_en="Volumes")
    observe(dataset, 2020, YEAR_2020)
    observe(dataset, 2021, YEAR_2021)
    return dataset


@pytest.fixture
def signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    competence_events_recorded.connect(receiver, dispatch_uid="test-competence-events")
    yield received
    competence_events_recorded.disconnect(dispatch_uid="test-competence-events")


def recorded() -> set[tuple[str, str, str, int, str]]:
    return set(CompetenceEvent.objects.values_list("region__iso_code", "item__code", "indicator", "year", "kind"))


NATIONAL, MACRO = "national_localisation", "macroregional_localisation"


def test_the_first_recomputation_records_the_hand_computed_events_and_tells_no_one(
    dataset, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = snapshot_recompute()

    expected = {
        (iso, code, indicator, 2021, kind)
        for indicator in (NATIONAL, MACRO)
        for iso, code, kind in [
            ("RU-LIP", "A", "gained"),
            ("RU-LIP", "C", "lost"),
            ("RU-VOR", "A", "lost"),
            ("RU-VOR", "C", "gained"),
        ]
    }
    assert recorded() == expected
    event = CompetenceEvent.objects.get(region__iso_code="RU-LIP", item__code="A", indicator=NATIONAL)
    assert event.value_before == pytest.approx(0.25 / 0.375)
    assert event.value_after == pytest.approx(0.75 / 0.625)
    assert event.snapshot == snapshot
    # The first recording is the data set's history: news to no one.
    assert signals == []


def test_an_unchanged_recomputation_records_none(dataset, signals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = snapshot_recompute()
        second = snapshot_recompute(force=True)

    assert second != first
    assert CompetenceEvent.objects.count() == 8
    assert not CompetenceEvent.objects.filter(snapshot=second).exists()
    assert signals == []


def test_a_new_year_records_its_events_once_and_signals_them_as_news(
    dataset, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_recompute()
    # 2022 repeats 2020's volumes, so every 2021 change turns back: 8 more events.
    observe(dataset, 2022, YEAR_2020)

    with django_capture_on_commit_callbacks(execute=True):
        snapshot = snapshot_recompute()

    new = CompetenceEvent.objects.filter(snapshot=snapshot)
    assert set(new.values_list("region__iso_code", "item__code", "year", "kind")) == {
        ("RU-LIP", "A", 2022, "lost"),
        ("RU-LIP", "C", 2022, "gained"),
        ("RU-VOR", "A", 2022, "gained"),
        ("RU-VOR", "C", 2022, "lost"),
    }
    assert new.count() == 8
    assert signals == [{"snapshot_id": snapshot.pk, "dataset_ids": [dataset.pk], "signal": competence_events_recorded}]


def test_a_corrected_import_removes_the_events_the_data_no_longer_support(dataset, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_recompute()
    observe(dataset, 2021, YEAR_2020)  # 2021 corrected to 2020's volumes: no change any more

    with django_capture_on_commit_callbacks(execute=True):
        snapshot_recompute()

    assert not CompetenceEvent.objects.exists()


def test_events_outlive_the_pruned_snapshot_that_recorded_them(dataset, settings):
    settings.ANALYTICS_SNAPSHOT_RETENTION = 1
    first = snapshot_recompute()
    snapshot_recompute(force=True)

    assert not Snapshot.objects.filter(pk=first.pk).exists()
    assert CompetenceEvent.objects.count() == 8
    assert not CompetenceEvent.objects.filter(snapshot__isnull=False).exists()


def test_a_failure_while_recording_events_leaves_the_new_snapshot_current(dataset, monkeypatch):
    from analytics.services import snapshots

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshots, "competence_events_record", boom)

    snapshot = snapshot_recompute()

    assert Snapshot.objects.get(is_current=True) == snapshot
    assert not CompetenceEvent.objects.exists()
