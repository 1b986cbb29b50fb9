"""Presenters shape what the selectors read and read nothing themselves (README, "Layers").

The views read through the apps' selectors and pass the rows in; a presenter that imported a model
or a manager, or narrowed a queryset, would hide queries in what should be pure functions.
The same holds for the template tags that show a shared panel (they read through selectors).
tests/analytics/test_presenters_pure.py and tests/levels/test_presenters_pure.py call the
presenters under ``django_assert_num_queries(0)``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRESENTERS = sorted(path.relative_to(ROOT) for path in ROOT.glob("*/presenters.py"))
TAGS = [Path("levels/templatetags/levels_tags.py")]

#: Queryset and manager methods: reads when called on a model's manager or a queryset.
QUERY_METHODS = {
    "objects",
    "filter",
    "exclude",
    "select_related",
    "prefetch_related",
    "values_list",
    "annotate",
    "aggregate",
    "order_by",
    "only",
    "defer",
    "distinct",
}


def _type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_block(node):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def reads_in(source: str, *, selectors_allowed: bool = False) -> list[str]:
    """What in ``source`` reads the database, or could: model/django.db imports, queryset methods and (for
    presenters, which get the rows passed in) selector imports; in line order."""
    banned = ("models",) if selectors_allowed else ("models", "selectors")
    found = []
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names = {alias.name for alias in node.names}
            if module.endswith(banned) or module.startswith("django.db") or names & set(banned):
                found.append(f"line {node.lineno}: from {module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.endswith(tuple(f".{name}" for name in banned)) or alias.name.startswith("django.db"):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in QUERY_METHODS:
            found.append(f"line {node.lineno}: .{node.attr}")
    return sorted(found, key=lambda text: (int(text.split()[1].rstrip(":")), text))


def test_every_app_with_presenters_is_checked():
    assert {str(path) for path in PRESENTERS} >= {"analytics/presenters.py", "levels/presenters.py"}


@pytest.mark.parametrize("path", PRESENTERS, ids=str)
def test_presenters_read_nothing(path):
    assert reads_in((ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TAGS, ids=str)
def test_panel_tags_read_through_selectors(path):
    assert reads_in((ROOT / path).read_text(encoding="utf-8"), selectors_allowed=True) == []


def test_the_check_sees_a_read():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from regions.models import Region\n"
        "from . import selectors\n"
        "if TYPE_CHECKING:\n"
        "    from .selectors import PageData\n"
        "def page():\n"
        "    return Region.objects.filter(code='x')\n"
    )
    assert reads_in(source) == [
        "line 2: from regions.models import Region",
        "line 3: from . import selectors",
        "line 7: .filter",
        "line 7: .objects",
    ]
    assert reads_in(source, selectors_allowed=True) == [
        "line 2: from regions.models import Region",
        "line 7: .filter",
        "line 7: .objects",
    ]


#: Panel tags that still import a model for its constants or classes (``isinstance``), but read through selectors.
TAGS_WITH_MODEL_IMPORTS = [
    Path("discussion/templatetags/discussion_tags.py"),
    Path("search/templatetags/search_tags.py"),
]


@pytest.mark.parametrize("path", [*TAGS, *TAGS_WITH_MODEL_IMPORTS], ids=str)
def test_panel_tags_use_no_manager(path):
    found = reads_in((ROOT / path).read_text(encoding="utf-8"), selectors_allowed=True)
    assert [text for text in found if text.endswith(".objects")] == []
