"""Data built once per test module instead of once per test (issue #11: the demo alone took 4 s a test).

A module-scoped fixture opens ``module_transaction()``, builds its world and yields it; every test of the module
then runs in a savepoint of that transaction (pytest-django's ``db``), so what a test writes is undone after it,
and the whole world is rolled back when the module is done — ``TestCase.setUpTestData``'s pattern. A test of the
module that must not see the world (it loads the same data itself) belongs in another module. A test that tries
several actions on the same rows runs each in ``transaction.atomic()`` with ``set_rollback(True)``, so no action sees
another's effect (the discussion matrix).
"""

from collections.abc import Iterator
from contextlib import contextmanager


def ensure_reference_data() -> None:
    """The shipped regions and classifiers, loaded again if a transactional test has flushed them."""
    from analytics.services import classifiers_load_reference_data
    from regions.models import Region
    from regions.services import regions_load_reference_data

    if Region.objects.count() != 85:
        regions_load_reference_data()
        classifiers_load_reference_data()


@contextmanager
def module_transaction(django_db_blocker) -> Iterator[None]:
    """A transaction around a module's tests, with the reference data in it, rolled back at the end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_reference_data()
        yield
        transaction.set_rollback(True)


def command_once(django_db_blocker, name: str, *args: str) -> Iterator[str]:
    """Run a management command once inside ``module_transaction``; yields what it printed (for a module fixture)."""
    from io import StringIO

    from django.core.management import call_command

    with module_transaction(django_db_blocker):
        out = StringIO()
        call_command(name, *args, stdout=out)
        yield out.getvalue()
