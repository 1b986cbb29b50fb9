"""Benchmark: competence events over the full shipped Rosstat series (no database, no Django).

Builds, from ``analytics/data/rosstat/gva_structure_by_okved_section_2009_2022.csv`` and
``grp_1998_2022.xlsx`` (volume = share × GRP, as the importer does), both localisation factors
(national: against the Russia row; macro-regional: against the region's macro-region) with the
engine, then times ``analytics.computations.events.competence_events`` over all of them
(85 regions × 14 years × every OKVED1/OKVED2 section × 2 coefficients), bridging OKVED1 → OKVED2 by
the shipped equivalent mappings.  Target: under 0.5 s.  Prints figures.

    .venv/bin/python bench/competence_events.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.computations import (  # noqa: E402
    macroregional_localisation_factor,
    national_localisation_factor,
)
from analytics.computations.events import competence_events  # noqa: E402

DATA = ROOT / "analytics/data"
TARGET_SECONDS = 0.5


def coefficients() -> pd.DataFrame:
    shares = pd.read_csv(DATA / "rosstat/gva_structure_by_okved_section_2009_2022.csv")
    regions = pd.read_csv(ROOT / "regions/data/regions.csv")
    name_column = next(c for c in ("rosstat_name", "name_ru") if c in regions.columns)
    iso = dict(zip(regions[name_column], regions["iso_code"], strict=False))
    macro = dict(zip(regions["iso_code"], regions["macroregion"], strict=False)) if "macroregion" in regions else {}
    shares["region"] = shares["region_name_rosstat"].map(iso)
    russia = shares["region_name_rosstat"].str.startswith("Российская Федерация")
    shares.loc[russia, "region"] = "RU"
    shares = shares[shares["region"].notna()]
    shares["classifier"] = shares["classification"].map({"OKVED1": "okved1", "OKVED2": "nace2"})
    shares = shares.rename(columns={"section": "item", "share_pct": "value"})
    frames = []
    for classifier, part in shares.groupby("classifier"):
        part = part.drop_duplicates(["region", "item", "year"])
        national = national_localisation_factor(part[["region", "item", "year", "value"]], country_total="RU")
        frames.append(national.assign(classifier=classifier))
        if macro:
            regional = part[part["region"] != "RU"]
            macroregional = macroregional_localisation_factor(
                regional[["region", "item", "year", "value"]], macroregions=macro
            )
            frames.append(macroregional.assign(classifier=classifier))
    return pd.concat(frames, ignore_index=True).assign(dataset=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    frame = coefficients()
    mappings = pd.read_csv(DATA / "classifiers/okved1_nace2.csv")
    equivalent = mappings[mappings["kind"] == "equivalent"]
    continuations = pd.DataFrame(
        {
            "source_classifier": "okved1",
            "source_code": equivalent["source_code"],
            "target_classifier": "nace2",
            "target_code": equivalent["target_code"],
        }
    )
    timings, cpu_times = [], []
    load_before = os.getloadavg()
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        events = competence_events(frame, continuations=continuations)
        timings.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    print(
        f"coefficients: {len(frame):,} rows ({frame['region'].nunique()} regions, {frame['year'].nunique()} years, "
        f"{frame['indicator'].nunique()} coefficients, {frame[['classifier', 'code']].drop_duplicates().shape[0]} "
        "sections)"
    )
    gained, lost = (events["kind"] == "gained").sum(), (events["kind"] == "lost").sum()
    print(f"events: {len(events):,} ({gained:,} gained, {lost:,} lost)")
    median = statistics.median(timings)
    verdict = "met" if median < TARGET_SECONDS else "NOT met"
    print(
        f"competence_events: median {median * 1000:.1f} ms, "
        f"min {min(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms over {args.repeat} runs "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    print(
        f"CPU time (time.process_time, all threads): median {statistics.median(cpu_times) * 1000:.1f} ms, "
        f"min {min(cpu_times) * 1000:.1f} ms; load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


if __name__ == "__main__":
    main()
