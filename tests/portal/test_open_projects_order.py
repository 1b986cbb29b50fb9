"""The home's newly opened projects: recency and the fit score together (issue #13), no database."""

from types import SimpleNamespace

from portal.selectors import open_projects_order


def _project(name, fit):
    return SimpleNamespace(name=name, fit=SimpleNamespace(score=fit) if fit is not None else None)


def test_a_well_fitting_project_moves_ahead_of_a_slightly_newer_one():
    # newest first: recency 1, 0.75, 0.5, 0.25 (four projects); keys: a 1+0.1=1.1, b 0.75+0.9=1.65,
    # c 0.5+0.2=0.7, d 0.25+0 (no fit yet)=0.25 -> b, a, c, d
    projects = [_project("a", 0.1), _project("b", 0.9), _project("c", 0.2), _project("d", None)]
    assert [project.name for project in open_projects_order(projects)] == ["b", "a", "c", "d"]


def test_equal_keys_keep_the_newest_first():
    # a: 1 + 0 = 1; b: 0.5 + 0.5 = 1 -> a tie, the newer (a) first
    projects = [_project("a", 0.0), _project("b", 0.5)]
    assert [project.name for project in open_projects_order(projects)] == ["a", "b"]
