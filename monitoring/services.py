"""Writes of the monitoring of a project: effects, indicators, dated values, the closing report.

Every service is one transaction: it locks the project row (so that a value
recorded while the lead's administrator completes the project lands either
before the completion or not at all), checks the project's state first
(``InvalidStateError`` with the current state, the API's 409) and then the
permission (``PermissionDenied``), validates (``ValidationError`` per field),
writes, and records the change in the audit log.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.series import NoSeriesDataError, UnknownSeriesError, series_comparison
from audit.services import audit_log
from cooperation.models import Project
from cooperation.notifications import notify_on_commit, project_followers
from core.exceptions import InvalidStateError
from regions.models import Region

from .models import ClosingReport, Effect, Indicator, IndicatorValue
from .predicates import LINKING_STATES, PLANNING_STATES, RECORDING_STATES, REPORTING_STATES

CLOSING_REPORT_PUBLISHED = "monitoring/email/closing_report_published"

INDICATOR_FIELDS = frozenset({"name_ru", "name_en", "unit", "baseline", "target"})
VALUE_FIELDS = frozenset({"date", "value", "note"})
REPORT_TEXT_FIELDS = (
    "summary",
    "summary_en",
    "results",
    "results_en",
    "lessons_learned",
    "lessons_learned_en",
    "recommendations",
    "recommendations_en",
)


def _locked(project: Project | int) -> Project:
    return Project.objects.select_for_update().get(pk=getattr(project, "pk", project))


def _check(project: Project, *, actor: User, permission: str, states: Iterable[str]) -> None:
    """Wrong state first (the caller learns the current state), then the permission."""
    if project.state not in states:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm(permission, project):
        raise PermissionDenied


def _plain(value: Any) -> Any:
    """A value the audit log's JSON can hold."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 125.5, not 125.5000 or 1.255E+2
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _has_values(**lookup: Any) -> bool:
    return IndicatorValue.objects.filter(**lookup).exists()


# --- Effects.


@transaction.atomic
def effect_add(*, project: Project, actor: User, effect_type: str, description: str = "") -> Effect:
    """The lead's member declares an effect the project expects; each type at most once per project."""
    project = _locked(project)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    effect = Effect(project=project, type=effect_type, description=(description or "").strip())
    effect.full_clean(validate_constraints=False)
    if Effect.objects.filter(project=project, type=effect_type).exists():
        raise ValidationError({"type": _("The project already declares this effect.")})
    try:
        with transaction.atomic():
            effect.save()
    except IntegrityError as error:  # the project lock makes this unlikely; the constraint is the backstop
        raise ValidationError({"type": _("The project already declares this effect.")}) from error
    audit_log(actor=actor, action="monitoring.effect_added", target=effect, project=project.pk, type=effect_type)
    return effect


@transaction.atomic
def effect_update(*, effect: Effect, actor: User, description: str) -> Effect:
    """The lead's member rewrites what the project expects of an effect (its type stays)."""
    project = _locked(effect.project_id)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    effect = Effect.objects.get(pk=effect.pk)
    description = (description or "").strip()
    if effect.description != description:
        effect.description = description
        effect.full_clean(validate_constraints=False)
        effect.save(update_fields=["description"])
        audit_log(actor=actor, action="monitoring.effect_updated", target=effect, project=project.pk)
    return effect


@transaction.atomic
def effect_remove(*, effect: Effect, actor: User) -> None:
    """The lead's member withdraws an effect with its indicators, as long as no value has been recorded."""
    project = _locked(effect.project_id)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    if _has_values(indicator__effect=effect):
        raise ValidationError(
            _("Values have been recorded for the indicators of this effect; remove them first to remove the effect.")
        )
    audit_log(actor=actor, action="monitoring.effect_removed", target=project, type=effect.type)
    effect.delete()


# --- Indicators.


@transaction.atomic
def indicator_add(
    *,
    effect: Effect,
    actor: User,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    name_ru: str = "",
    name_en: str = "",
) -> Indicator:
    """The lead's member adds an indicator to an effect: its unit, baseline and target."""
    project = _locked(effect.project_id)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    indicator = Indicator(
        effect=effect,
        name_ru=(name_ru or "").strip(),
        name_en=(name_en or "").strip(),
        unit=(unit or "").strip(),
        baseline=baseline,
        target=target,
    )
    indicator.full_clean()
    indicator.save()
    audit_log(
        actor=actor,
        action="monitoring.indicator_added",
        target=indicator,
        project=project.pk,
        baseline=_plain(indicator.baseline),
        target_value=_plain(indicator.target),
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, actor: User, **fields: Any) -> Indicator:
    """The lead's member corrects an indicator's names, unit or target; the baseline only before any value."""
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise TypeError(f"indicator_update() got unexpected fields: {', '.join(sorted(unknown))}")
    project = _locked(indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    indicator = Indicator.objects.get(pk=indicator.pk)
    changed = []
    for name, value in fields.items():
        value = _strip(value)
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)
            changed.append(name)
    if "baseline" in changed and _has_values(indicator=indicator):
        raise ValidationError(
            {"baseline": _("Values have been recorded against this baseline; it can no longer change.")}
        )
    indicator.full_clean()
    if changed:
        indicator.save(update_fields=changed)
        audit_log(
            actor=actor,
            action="monitoring.indicator_updated",
            target=indicator,
            project=project.pk,
            fields=sorted(changed),
        )
    return indicator


@transaction.atomic
def indicator_remove(*, indicator: Indicator, actor: User) -> None:
    """The lead's member removes an indicator that has no recorded value."""
    project = _locked(indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.change_effects_project", states=PLANNING_STATES)
    if _has_values(indicator=indicator):
        raise ValidationError(_("Values have been recorded for this indicator; remove them first."))
    audit_log(actor=actor, action="monitoring.indicator_removed", target=project, indicator=str(indicator))
    indicator.delete()


# --- Links to the data bank.


def participating_regions(project: Project) -> list[Region]:
    """The regions whose statistics an indicator of the project may follow: the lead's and the partners'."""
    regions = {region.pk: region for region in project.regions}
    lead_region = project.lead_agent.region
    regions.setdefault(lead_region.pk, lead_region)
    return sorted(regions.values(), key=lambda region: (str(region), region.pk))


@transaction.atomic
def indicator_link(*, indicator: Indicator, actor: User, series: str, region: Region | None) -> Indicator:
    """Link an indicator to a series of the data bank for one participating region: its values per year then
    come from the data bank (read-only). Refused with a message per field for an unknown series, a region that
    does not take part, a region without data, or an indicator with values typed by hand."""
    project = _locked(indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.link_indicator_project", states=LINKING_STATES)
    indicator = Indicator.objects.get(pk=indicator.pk)
    errors: dict[str, str] = {}
    if region is None:
        errors["region"] = _("Choose a region.")
    elif region.pk not in {item.pk for item in participating_regions(project)}:
        errors["region"] = _("%(region)s does not take part in the project.") % {"region": region}
    if _has_values(indicator=indicator):
        errors["series"] = _("Values have been typed for this indicator; remove them before linking it.")
    if not errors and region is not None:
        try:
            comparison = series_comparison(series, region_iso=region.iso_code)
        except UnknownSeriesError as error:
            errors["series"] = str(error)
        except NoSeriesDataError as error:
            errors["region"] = str(error)
    if errors:
        raise ValidationError(errors)
    indicator.series = series.strip()
    indicator.series_region = region
    indicator.unit = comparison.unit[:50]
    indicator.full_clean()
    indicator.save(update_fields=["series", "series_region", "unit"])
    audit_log(
        actor=actor,
        action="monitoring.indicator_linked",
        target=indicator,
        project=project.pk,
        series=indicator.series,
        region=region.iso_code if region else "",
    )
    return indicator


@transaction.atomic
def indicator_unlink(*, indicator: Indicator, actor: User) -> Indicator:
    """Undo a link to the data bank: the indicator takes typed values again."""
    project = _locked(indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.link_indicator_project", states=LINKING_STATES)
    indicator = Indicator.objects.get(pk=indicator.pk)
    if indicator.series:
        audit_log(
            actor=actor,
            action="monitoring.indicator_unlinked",
            target=indicator,
            project=project.pk,
            series=indicator.series,
        )
        indicator.series, indicator.series_region = "", None
        indicator.save(update_fields=["series", "series_region"])
    return indicator


# --- Actual values.


def _validate_date(on: datetime.date | None, *, project: Project, today: datetime.date) -> None:
    """A value is dated from the day the project actually started (not the planned start) to today."""
    if on is None:
        raise ValidationError({"date": _("Give the date of the value.")})
    if on > today:
        raise ValidationError({"date": _("A value cannot be dated in the future.")})
    if project.started_on and on < project.started_on:
        raise ValidationError(
            {
                "date": _("The project started on %(date)s; a value cannot be dated earlier.")
                % {"date": date_format(project.started_on, "SHORT_DATE_FORMAT")}
            }
        )


def _duplicate_date(on: datetime.date) -> ValidationError:
    return ValidationError(
        {
            "date": _("A value for %(date)s is already recorded; edit that value to correct it.")
            % {"date": date_format(on, "SHORT_DATE_FORMAT")}
        }
    )


def _save_value(indicator_value: IndicatorValue, **kwargs: Any) -> None:
    """Save; the unique constraint turns a date recorded meanwhile into the same per-field error."""
    try:
        with transaction.atomic():
            indicator_value.save(**kwargs)
    except IntegrityError as error:
        raise _duplicate_date(indicator_value.date) from error


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    actor: User,
    date: datetime.date,
    value: Decimal,
    note: str = "",
    today: datetime.date | None = None,
) -> IndicatorValue:
    """The lead's member records an indicator's value on a date (one per date) while the project is active."""
    project = _locked(indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.record_indicator_project", states=RECORDING_STATES)
    if Indicator.objects.filter(pk=indicator.pk).exclude(series="").exists():
        raise ValidationError(
            {"indicator": _("This indicator takes its values from the data bank; they are not typed.")}
        )
    _validate_date(date, project=project, today=today or timezone.localdate())
    indicator_value = IndicatorValue(
        indicator=indicator, date=date, value=value, note=(note or "").strip(), recorded_by=actor
    )
    indicator_value.full_clean(validate_constraints=False)
    if IndicatorValue.objects.filter(indicator=indicator, date=date).exists():
        raise _duplicate_date(date)
    _save_value(indicator_value)
    audit_log(
        actor=actor,
        action="monitoring.value_recorded",
        target=indicator_value,
        project=project.pk,
        indicator=indicator.pk,
        date=_plain(date),
        value=_plain(indicator_value.value),
    )
    return indicator_value


@transaction.atomic
def indicator_value_update(
    *, indicator_value: IndicatorValue, actor: User, today: datetime.date | None = None, **fields: Any
) -> IndicatorValue:
    """The lead's member corrects a recorded value (its date, figure or note) while the project is active."""
    unknown = set(fields) - VALUE_FIELDS
    if unknown:
        raise TypeError(f"indicator_value_update() got unexpected fields: {', '.join(sorted(unknown))}")
    project = _locked(indicator_value.indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.record_indicator_project", states=RECORDING_STATES)
    indicator_value = IndicatorValue.objects.get(pk=indicator_value.pk)
    before = {name: _plain(getattr(indicator_value, name)) for name in fields}
    changed = []
    for name, value in fields.items():
        value = _strip(value)
        if getattr(indicator_value, name) != value:
            setattr(indicator_value, name, value)
            changed.append(name)
    if "date" in changed:
        _validate_date(indicator_value.date, project=project, today=today or timezone.localdate())
    indicator_value.full_clean(validate_constraints=False)
    if (
        "date" in changed
        and IndicatorValue.objects.filter(indicator_id=indicator_value.indicator_id, date=indicator_value.date)
        .exclude(pk=indicator_value.pk)
        .exists()
    ):
        raise _duplicate_date(indicator_value.date)
    if changed:
        _save_value(indicator_value, update_fields=[*changed, "updated_at"])
        audit_log(
            actor=actor,
            action="monitoring.value_corrected",
            target=indicator_value,
            project=project.pk,
            before={name: before[name] for name in changed},
            after={name: _plain(getattr(indicator_value, name)) for name in changed},
        )
    return indicator_value


@transaction.atomic
def indicator_value_remove(*, indicator_value: IndicatorValue, actor: User) -> None:
    """The lead's member deletes a value recorded by mistake while the project is active."""
    project = _locked(indicator_value.indicator.effect.project_id)
    _check(project, actor=actor, permission="monitoring.record_indicator_project", states=RECORDING_STATES)
    audit_log(
        actor=actor,
        action="monitoring.value_removed",
        target=project,
        indicator=indicator_value.indicator_id,
        date=_plain(indicator_value.date),
        value=_plain(indicator_value.value),
    )
    indicator_value.delete()


# --- The closing report.


@transaction.atomic
def closing_report_save(
    *,
    project: Project,
    actor: User,
    lessons_learned: str = "",
    summary: str = "",
    results: str = "",
    recommendations: str = "",
    lessons_learned_en: str = "",
    summary_en: str = "",
    results_en: str = "",
    recommendations_en: str = "",
    is_published: bool = False,
    now: datetime.datetime | None = None,
) -> ClosingReport:
    """The lead's member writes or revises the closing report of a completed project.

    Each text in Russian (the plain argument), English (``_en``) or both; the lessons learned in one at least.

    Publishing it (the first time, or again after withdrawing it) puts it in
    the library of lessons learned and tells the project's followers (the members of every
    participant and the accepted experts) after the commit.
    """
    project = _locked(project)
    report = ClosingReport.objects.select_for_update().filter(project=project).first()
    permission = "monitoring.change_closingreport_project" if report else "monitoring.add_closingreport_project"
    _check(project, actor=actor, permission=permission, states=REPORTING_STATES)
    created = report is None
    if report is None:
        report = ClosingReport(project=project, author=actor)
    was_published = report.is_published
    texts = {
        "summary": summary,
        "summary_en": summary_en,
        "results": results,
        "results_en": results_en,
        "lessons_learned": lessons_learned,
        "lessons_learned_en": lessons_learned_en,
        "recommendations": recommendations,
        "recommendations_en": recommendations_en,
    }
    changed = []
    for name, value in texts.items():
        value = (value or "").strip()
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed.append(name)
    if report.is_published != bool(is_published):
        report.is_published = bool(is_published)
        report.published_at = (now or timezone.now()) if is_published else None
        changed += ["is_published", "published_at"]
    report.full_clean(exclude=["search_text"])
    report.search_text = report.build_search_text()
    if created:
        report.save()
    elif changed:
        report.save(update_fields=[*changed, "search_text", "updated_at"])
    if created or changed:
        audit_log(
            actor=actor,
            action="monitoring.closing_report_created" if created else "monitoring.closing_report_updated",
            target=report,
            project=project.pk,
            fields=sorted(changed),
            is_published=report.is_published,
        )
    if report.is_published and not was_published:
        notify_on_commit(
            users=project_followers(project),
            template=CLOSING_REPORT_PUBLISHED,
            context={
                "project": project,
                "report": report,
                "url": reverse("monitoring:closing-report", kwargs={"project_pk": project.pk}),
            },
            exclude=actor,
        )
    return report
