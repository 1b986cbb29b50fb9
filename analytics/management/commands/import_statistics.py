"""``manage.py import_statistics FILE``: import a CSV/XLSX file into a data set, or check it with ``--dry-run``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analytics.choices import BatchKind
from analytics.importers import describe_problem
from analytics.models import Classifier, Dataset
from analytics.services.imports import ImportRejectedError, import_apply, import_preview


class Command(BaseCommand):
    help = (
        "Import statistics (observations or published coefficients) from a CSV (UTF-8) or XLSX file into a data "
        "set, all or nothing. Prints every error as 'row R, column C: message' and exits with 1 when there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV (UTF-8) or XLSX file.")
        parser.add_argument("--dataset", required=True, help="Code of the data set, e.g. rosstat-gva.")
        parser.add_argument("--kind", required=True, choices=BatchKind.values, help="What the file holds.")
        parser.add_argument("--classifier", required=True, help="Code of the classifier, e.g. nace2 or grnti.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file: Path, dataset: str, kind: str, classifier: str, dry_run: bool, **options):
        try:
            target = Dataset.objects.get(code=dataset)
        except Dataset.DoesNotExist as error:
            raise CommandError(f"unknown data set {dataset!r}") from error
        try:
            scheme = Classifier.objects.get(code=classifier)
        except Classifier.DoesNotExist as error:
            raise CommandError(f"unknown classifier {classifier!r}") from error
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        arguments = {"dataset": target, "kind": kind, "classifier": scheme, "file_name": file.name, "content": content}
        if dry_run:
            preview = import_preview(**arguments)
        else:
            try:
                batch = import_apply(**arguments, actor=None, system=True)
            except ImportRejectedError as error:
                preview = error.preview
            else:
                report = batch.report
                self.stdout.write(
                    f"imported {file.name} into {target.code} (batch {batch.pk}): {report['created']} created, "
                    f"{report['updated']} updated, {report['unchanged']} unchanged"
                )
                return
        for problem in preview.problems:
            self.stderr.write(describe_problem(problem))
        self.stdout.write(
            f"{'dry run' if dry_run else 'refused'}: {preview.parsed.row_count} rows; would create {preview.created}, "
            f"update {preview.updated}, leave {preview.unchanged} unchanged; {len(preview.problems)} error(s)"
        )
        if preview.problems:
            raise CommandError(f"{len(preview.problems)} error(s); nothing was imported", returncode=1)
