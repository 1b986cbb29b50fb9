"""Helpers for content stored in both languages (``name_ru`` / ``name_en`` columns)."""

from django.utils.translation import get_language


def _columns(obj: object, field: str) -> tuple[str, str]:
    """``(Russian, English)`` texts of ``field``: ``<field>_ru`` (or the plain ``<field>``) and ``<field>_en``."""
    ru = getattr(obj, f"{field}_ru", None)
    if ru is None:  # models whose Russian column is the plain field (Agent.name / name_en, descriptions)
        ru = getattr(obj, field, "")
    return ru or "", getattr(obj, f"{field}_en", "") or ""


def localized_with_language(obj: object, field: str) -> tuple[str, str]:
    """``(text, language)``: ``field`` in the active language, and the language (``"ru"`` or ``"en"``)
    the returned text is actually written in.

    Follows :func:`localized`: English pages get ``<field>_en``, other pages the Russian column, and
    each falls back to the other language when its own is empty. The language lets a template mark
    a fallback with ``lang`` so that screen readers pronounce it right. Both empty: ``("", active)``.
    """
    ru, en = _columns(obj, field)
    if (get_language() or "ru").startswith("en"):
        return (en, "en") if en or not ru else (ru, "ru")
    return (ru, "ru") if ru or not en else (en, "en")


def collation_key(text: str) -> tuple[str, str]:
    """A sort key putting names in dictionary order in Russian and in English alike, whatever the database's
    collation (PostgreSQL's "C" or SQLite's bytes would put "Я" before "а" and "Ё" after "я"): letters
    compared without case, "ё" as "е"; the exact text breaks ties."""
    folded = text.casefold()
    return folded.replace("ё", "е"), text


def localized(obj: object, field: str) -> str:
    """Return ``obj.<field>_en`` when the active language is English, else ``<field>_ru``.

    Falls back to the other language when the preferred one is empty, so a
    page never shows a blank name.
    """
    return localized_with_language(obj, field)[0]


class BilingualNameMixin:
    """Gives a model with ``name_ru`` and ``name_en`` a ``name`` in the active language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class BilingualDescriptionMixin:
    """Gives a model with ``description`` (Russian) and ``description_en`` the description in the active
    language and the language it is written in (for ``lang`` on a fallback)."""

    @property
    def localized_description(self) -> str:
        """The description in the active language, falling back to the other one."""
        return localized_with_language(self, "description")[0]

    @property
    def localized_description_language(self) -> str:
        """``"ru"`` or ``"en"``: the language :attr:`localized_description` is written in."""
        return localized_with_language(self, "description")[1]


def localized_text(field: str) -> property:
    """A read-only property: ``field`` (Russian, the plain column) or ``<field>_en`` in the active language,
    with :func:`localized`'s fallback; for the texts people write and others read (reports, milestones)."""
    return property(lambda obj: localized(obj, field), doc=f"``{field}`` in the active language, or the other one.")


def localized_text_language(field: str) -> property:
    """A read-only property: ``"ru"`` or ``"en"``, the language :func:`localized_text` of ``field`` is written in
    (a template puts ``lang`` on a fallback so that screen readers pronounce it right)."""
    return property(lambda obj: localized_with_language(obj, field)[1], doc=f"The language of ``{field}`` shown.")
