"""What one project gives each pair of its regions: the level-3 rule of ``levels.computations`` applied now."""

from django.utils import translation

from levels.computations import PROJECT, project_levels
from levels.presenters import project_level_lines

LIPETSK, TAMBOV, VORONEZH = 1, 2, 3
NAMES = {LIPETSK: "Lipetsk", TAMBOV: "Tambov", VORONEZH: "Voronezh"}


def test_an_active_project_gives_level_3_to_its_active_pair_and_says_what_an_invitation_would_add():
    result = project_levels(
        state="active", participations=[(LIPETSK, "accepted"), (TAMBOV, "accepted"), (VORONEZH, "invited")]
    )
    assert result.level == PROJECT
    assert [(pair.region_a, pair.region_b, pair.counts) for pair in result.pairs] == [(LIPETSK, TAMBOV, True)]
    assert [(region.region, region.status, region.partners) for region in result.pending] == [
        (VORONEZH, "invited", (LIPETSK, TAMBOV))
    ]
    with translation.override("en"):
        assert project_level_lines(result, NAMES) == [
            "Lipetsk–Tambov: level 3 (active participants from both).",
            "Voronezh: invited, not yet active — level 3 with Lipetsk, Tambov when it accepts.",
        ]


def test_one_region_one_agent_gives_no_level_whatever_its_state():
    # The case of issue #13: a one-region, one-agent project went through approval, start and completion.
    for state in ("draft", "published", "active", "completed"):
        result = project_levels(state=state, participations=[(LIPETSK, "accepted")])
        assert result.level is None and result.pairs == ()
    with translation.override("en"):
        (line,) = project_level_lines(project_levels(state="completed", participations=[(LIPETSK, "accepted")]), NAMES)
    assert line.startswith("Only Lipetsk takes part")


def test_two_active_regions_count_only_once_the_project_has_started():
    participations = [(LIPETSK, "accepted"), (VORONEZH, "accepted")]
    published = project_levels(state="published", participations=participations)
    assert published.level is None and [pair.counts for pair in published.pairs] == [False]
    assert project_levels(state="completed", participations=participations).level == PROJECT
    assert project_levels(state="archived", participations=participations).level == PROJECT


def test_an_applicant_region_and_a_declined_one():
    result = project_levels(
        state="active", participations=[(LIPETSK, "accepted"), (TAMBOV, "applied"), (VORONEZH, "declined")]
    )
    assert result.level is None
    assert [(region.region, region.status) for region in result.pending] == [(TAMBOV, "applied")]
    with translation.override("ru"):
        (line,) = project_level_lines(result, NAMES)
    assert "Tambov" in line and "Lipetsk" in line
