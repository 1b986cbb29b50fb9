"""``manage.py rebuild_search_index``: rebuild the whole search index from the database, in one transaction."""

import time

from django.core.management.base import BaseCommand

from search.choices import DocumentKind
from search.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the partner-search index (agents, experts, open projects, regions) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", action="append", choices=DocumentKind.values, help="Rebuild only these kinds (repeatable)."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = index_rebuild(kinds=options.get("kind"))
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
        self.stdout.write(f"Search index rebuilt in {elapsed:.2f} s ({summary}).")
