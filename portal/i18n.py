"""Helpers for content stored in both languages (``name_ru`` / ``name_en`` columns)."""

from django.utils.translation import get_language


def localized(obj: object, field: str) -> str:
    """Return ``obj.<field>_en`` when the active language is English, else ``<field>_ru``.

    Falls back to the other language when the preferred one is empty, so a
    page never shows a blank name.
    """
    ru = getattr(obj, f"{field}_ru", None)
    if ru is None:  # models whose Russian column is the plain field (Agent.name / name_en)
        ru = getattr(obj, field, "")
    ru = ru or ""
    en = getattr(obj, f"{field}_en", "") or ""
    if (get_language() or "ru").startswith("en"):
        return en or ru
    return ru or en


class BilingualNameMixin:
    """Gives a model with ``name_ru`` and ``name_en`` a ``name`` in the active language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name
