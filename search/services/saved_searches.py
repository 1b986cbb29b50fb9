"""Saved searches: save, rename, delete, switch alerts; and the alerts themselves."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.notifications import notify_on_commit

from ..choices import DocumentKind
from ..events import matches_recorded
from ..models import SavedSearch, SavedSearchMatch
from ..params import SearchParams
from ..selectors import alerting_saved_searches, matching_refs, own_refs

logger = logging.getLogger(__name__)

#: The notification event (templates ``search/email/saved_search_match_{subject,body}.txt``).
MATCH_EVENT = "search/email/saved_search_match"
#: What alerts are about: new agents, experts and open projects (regions are not "new").
ALERT_KINDS = (DocumentKind.AGENT, DocumentKind.EXPERT, DocumentKind.PROJECT)
#: Matches listed in one notification (the rest are counted).
LISTED_MATCHES = 5


def _check(actor: User, permission: str, saved_search: SavedSearch | None = None) -> None:
    if not actor.has_perm(permission, saved_search):
        raise PermissionDenied


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    return name


@transaction.atomic
def saved_search_create(*, actor: User, name: str, query: str, alerts_enabled: bool = True) -> SavedSearch:
    """Save a search (the query string of the search page, stored in its canonical form) under a name."""
    _check(actor, "search.add_savedsearch")
    params = SearchParams.from_query(query or "")
    saved_search = SavedSearch(
        user=actor, name=_clean_name(name), query=params.to_query(), alerts_enabled=alerts_enabled
    )
    saved_search.full_clean()
    saved_search.save()
    audit_log(actor=actor, action="saved_search.created", target=saved_search, query=saved_search.query)
    return saved_search


@transaction.atomic
def saved_search_update(
    *, actor: User, saved_search: SavedSearch, name: str | None = None, alerts_enabled: bool | None = None
) -> SavedSearch:
    """Rename a saved search and/or switch its alerts on or off (its parameters do not change)."""
    saved_search = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
    _check(actor, "search.change_savedsearch", saved_search)
    fields = []
    if name is not None:
        saved_search.name = _clean_name(name)
        fields.append("name")
    if alerts_enabled is not None:
        saved_search.alerts_enabled = bool(alerts_enabled)
        fields.append("alerts_enabled")
    if not fields:
        return saved_search
    saved_search.full_clean()
    saved_search.save(update_fields=[*fields, "updated_at"])
    audit_log(actor=actor, action="saved_search.updated", target=saved_search, name=name, alerts_enabled=alerts_enabled)
    return saved_search


@transaction.atomic
def saved_search_delete(*, actor: User, saved_search: SavedSearch) -> None:
    """Delete a saved search and the record of its matches."""
    saved_search = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
    _check(actor, "search.delete_savedsearch", saved_search)
    audit_log(actor=actor, action="saved_search.deleted", target=saved_search, query=saved_search.query)
    saved_search.delete()


# --- Alerts. -------------------------------------------------------------------------------------------


def saved_search_alerts(*, refs: Iterable[tuple[str, int]], now: datetime | None = None) -> int:
    """Tell the owners of saved searches (with alerts on) about the new documents ``refs`` that match them.

    Each saved search is handled in its own transaction, its row locked: the objects it was
    already told about (``SavedSearchMatch``) are skipped, the others recorded and notified in
    the same transaction, after its commit. Running it twice, or concurrently, therefore
    notifies nobody twice about the same object. Returns the number of new matches.
    """
    now = now or timezone.now()
    wanted = sorted({(str(kind), int(object_id)) for kind, object_id in refs if kind in ALERT_KINDS})
    if not wanted:
        return 0
    matched = 0
    for saved_search in alerting_saved_searches(created_before=now):
        try:
            matched += _alert(saved_search, wanted)
        except Exception:  # one broken saved search must not stop the others
            logger.exception("Saved search %s: alert failed", saved_search.pk)
    return matched


@transaction.atomic
def _alert(saved_search: SavedSearch, refs: list[tuple[str, int]]) -> int:
    documents = matching_refs(SearchParams.from_query(saved_search.query), refs)
    # Nobody needs an alert about their own organisation, its projects or their own expert profile.
    own = own_refs(saved_search.user, documents)
    documents = [document for document in documents if (document.kind, document.object_id) not in own]
    if not documents:
        return 0
    locked = SavedSearch.objects.select_for_update().filter(pk=saved_search.pk, alerts_enabled=True).first()
    if locked is None:
        return 0
    known = set(
        SavedSearchMatch.objects.filter(
            saved_search=locked, object_id__in=[document.object_id for document in documents]
        ).values_list("kind", "object_id")
    )
    new = [document for document in documents if (document.kind, document.object_id) not in known]
    if not new:
        return 0
    SavedSearchMatch.objects.bulk_create(
        SavedSearchMatch(
            saved_search=locked,
            kind=document.kind,
            object_id=document.object_id,
            title_ru=document.title_ru,
            title_en=document.title_en,
            url=document.url,
        )
        for document in new
    )
    matches_recorded.send(sender=SavedSearchMatch)  # bulk_create sends no post_save
    matches = [
        {"kind": document.kind, "title_ru": document.title_ru, "title_en": document.title_en, "url": document.url}
        for document in new
    ]
    notify_on_commit(
        users=[saved_search.user],
        template=MATCH_EVENT,
        context={
            "saved_search": locked.name,
            "count": len(new),
            "matches": matches[:LISTED_MATCHES],
            "more": max(0, len(new) - LISTED_MATCHES),
            "search_url": locked.get_absolute_url(),
            "saved_searches_url": reverse("search:saved-list"),
            "url": new[0].url if len(new) == 1 else locked.get_absolute_url(),
        },
    )
    return len(new)
