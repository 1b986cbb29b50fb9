"""The one loader of the ``role,state,allowed`` tables that drive the permission and recipients matrices.

A table is a CSV file with the columns ``role``, ``state`` (or another name for the
column of the situation: an event, an agent state...) and ``allowed``, the
space-separated actions allowed in that cell; **anything not in the table is
denied**. Several files may make up one table (the projects' table keeps its hidden
states in a file of their own): a cell given twice, an unknown role, state or action
is an error in the table, raised when the test module is imported.
"""

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

Table = dict[tuple[str, str], frozenset[str]]


def load_table(
    *paths: Path,
    roles: Iterable[str],
    states: Iterable[str],
    actions: Iterable[str],
    role_column: str = "role",
    state_column: str = "state",
    allowed_column: str = "allowed",
) -> Table:
    """``{(role, state): allowed actions}`` read from ``paths``, every row checked against the matrix's names."""
    roles, states, actions = set(roles), set(states), set(actions)
    table: Table = {}
    for path in paths:
        with path.open(newline="", encoding="utf-8") as file:
            for record in csv.DictReader(file):
                key = (record[role_column], record[state_column])
                allowed = frozenset(record[allowed_column].split())
                if key[0] not in roles or key[1] not in states or not allowed <= actions or key in table:
                    raise ValueError(f"bad or repeated row in {path.name}: {record}")
                table[key] = allowed
    return table


# --- Running a row of cells in one test (issue #11: a test per cell paid the set-up, the sign-in and pytest's own
# bookkeeping thousands of times). A matrix test takes one (role, state) row and runs each action as a subtest
# (``subtests.test(action=...)``): each is reported on its own, and each starts from the same world.


@contextmanager
def rolled_back() -> Iterator[None]:
    """Undo the writes of one cell (a savepoint) and empty the cache, which may hold pages of the undone rows."""
    from django.core.cache import cache
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        cache.clear()
