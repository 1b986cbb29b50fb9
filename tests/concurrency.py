"""Run actions at the same moment, for the PostgreSQL race tests (row locks, unique constraints)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections


def race(actions: list[Callable[[], Any]], *, timeout: float = 30) -> list[Any]:
    """Run the callables at the same moment in threads, each with its own database connection.

    Returns each callable's result, or the exception it raised, in the order given.
    """
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what we compare
            results[index] = error
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
