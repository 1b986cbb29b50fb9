"""Demo monitoring for the demo projects: effects, indicators, dated values and closing reports.

Everything goes through the services, so the demo obeys the same rules as
users do. ``cooperation.demo`` is expected to call :func:`demo_monitoring_for`
on each demo project while it is active (before completing it) and
:func:`demo_closing_report_for` once it is completed; both are idempotent.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cooperation.choices import CooperationType, ProjectState
from cooperation.models import Project

from .choices import EffectType
from .models import ClosingReport, Effect, Indicator, IndicatorValue
from .predicates import PLANNING_STATES
from .services import closing_report_save, effect_add, indicator_add, indicator_value_record

# Per type of cooperation: the effects it is expected to produce, each with one indicator
# (Russian name, English name, unit, baseline, target).
PLANS: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    CooperationType.SCIENTIFIC: [
        (EffectType.NETWORK, "Совместные публикации и заявки", "Joint papers and grant applications", "шт.", "2", "12"),
        (EffectType.MODERNISATION, "Внедрённые разработки", "Developments put into use", "шт.", "0", "4"),
    ],
    CooperationType.PRODUCTION: [
        (EffectType.ECONOMIC, "Выручка по заказам партнёров", "Revenue from partners' orders", "млн руб.", "40", "120"),
        (EffectType.SCALE, "Доля закупок у партнёров", "Share of purchases from partners", "%", "12", "35"),
    ],
    CooperationType.EDUCATIONAL: [
        (EffectType.SOCIAL, "Выпускники, нанятые партнёрами", "Graduates hired by partners", "чел.", "0", "60"),
        (EffectType.HUMANITARIAN, "Участники программ", "Programme participants", "чел.", "30", "150"),
    ],
    CooperationType.CONSULTING: [
        (EffectType.COMMUNICATION, "Совместные мероприятия", "Joint events", "шт.", "1", "10"),
        (EffectType.SYNERGETIC, "Срок согласования проектов", "Time to agree a project", "дней", "60", "20"),
    ],
}
SHARES = (Decimal("0.25"), Decimal("0.55"), Decimal("0.8"))
#: Units of things counted one by one: their values are whole numbers (nobody reads "3,2 шт.").
COUNTED_UNITS = frozenset({"шт.", "чел.", "дней"})


def demo_value(baseline: Decimal, target: Decimal, share: Decimal, unit: str) -> Decimal:
    """The demo value ``share`` of the way from ``baseline`` to ``target``: whole for counted units."""
    value = baseline + (target - baseline) * share
    if unit in COUNTED_UNITS:
        return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal("0.0001"))


def demo_monitoring_for(project: Project, *, actor: Any, today: datetime.date) -> None:
    """Declare the demo effects of ``project`` (if it has none) and, while it is active, record three values.

    Called from the draft (a project is submitted with its effects) and again once it is active;
    values are recorded once, from the actual start (or 270 days ago, whichever is later).
    """
    if project.state not in PLANNING_STATES:
        return
    if not Effect.objects.filter(project=project).exists():
        for cooperation_type in project.cooperation_types:
            for effect_type, name_ru, name_en, unit, baseline, target in PLANS.get(cooperation_type, []):
                if Effect.objects.filter(project=project, type=effect_type).exists():
                    continue
                effect = effect_add(project=project, actor=actor, effect_type=effect_type)
                indicator_add(
                    effect=effect,
                    actor=actor,
                    name_ru=name_ru,
                    name_en=name_en,
                    unit=unit,
                    baseline=Decimal(baseline),
                    target=Decimal(target),
                )
    indicators = list(Indicator.objects.filter(effect__project=project).order_by("effect_id", "id"))
    if project.state != ProjectState.ACTIVE or IndicatorValue.objects.filter(indicator__in=indicators).exists():
        return
    started = project.started_on or project.starts_on or today - datetime.timedelta(days=270)
    start = max(started, today - datetime.timedelta(days=270))
    if start > today:
        return
    step = (today - start) / len(SHARES)
    for indicator in indicators:
        for number, share in enumerate(SHARES, start=1):
            indicator_value_record(
                indicator=indicator,
                actor=actor,
                date=start + step * number,
                value=demo_value(indicator.baseline, indicator.target, share, indicator.unit),
                today=today,
            )


def demo_closing_report_for(project: Project, *, actor: Any, publish: bool = True) -> None:
    """Write (and publish) the demo closing report of a completed ``project`` that has none."""
    if project.state != ProjectState.COMPLETED or ClosingReport.objects.filter(project=project).exists():
        return
    closing_report_save(
        project=project,
        actor=actor,
        summary=f"Проект «{project.title_ru or project.title_en}» завершён: партнёры из разных регионов "
        "выполнили совместную программу работ.",
        results="Достигнута бо́льшая часть целевых значений показателей; налажены постоянные контакты партнёров.",
        lessons_learned="Права на совместные результаты нужно согласовать до начала работ. "
        "Координатор в каждом регионе-участнике ускоряет решения. "
        "Показатели стоит измерять ежеквартально, а не в конце проекта.",
        recommendations="Начинать с небольшого пилотного этапа и расширять состав партнёров по его итогам.",
        summary_en=f"The project “{project.title_en or project.title_ru}” is completed: partners from several "
        "regions carried out a joint programme of work.",
        results_en="Most of the indicators' targets were reached; the partners keep in regular contact.",
        lessons_learned_en="Agree on the rights to joint results before the work begins. "
        "A coordinator in each participating region speeds up decisions. "
        "Measure the indicators every quarter, not at the end of the project.",
        recommendations_en="Start with a small pilot stage and widen the partnership on its results.",
        is_published=publish,
    )


#: The showcase's indicator tied to regional statistics: Lipetsk's share of manufacturing (OKVED2 section C) in
#: its gross value added, Rosstat 2016–2022, beside the Central Black Earth macro-region.
DATA_BANK_DEMO = {
    "name_ru": "Доля обрабатывающих производств в ВДС Липецкой области",
    "name_en": "Share of manufacturing in the GVA of Lipetsk Oblast",
    "series": "gva_share:C",
    "region": "RU-LIP",
    "baseline": Decimal("36.5"),
    "target": Decimal("38"),
}


def demo_data_bank_links_load() -> int:
    """Give the featured demo projects led from Lipetsk that expect an economic effect an indicator linked to
    Lipetsk's GVA share of manufacturing (idempotent; nothing when the GVA data are not loaded). Returns how
    many were linked."""
    from analytics.series import NoSeriesDataError, UnknownSeriesError, series_comparison
    from regions.models import Region

    from .services import indicator_link

    region = Region.objects.filter(iso_code=DATA_BANK_DEMO["region"]).first()
    if region is None:
        return 0
    try:
        series_comparison(str(DATA_BANK_DEMO["series"]), region_iso=region.iso_code)
    except (UnknownSeriesError, NoSeriesDataError):
        return 0
    linked = 0
    effects = Effect.objects.filter(
        type=EffectType.ECONOMIC,
        project__is_featured=True,
        project__lead_agent__region=region,
        project__state__in=PLANNING_STATES,
    ).select_related("project__created_by")
    for effect in effects:
        if Indicator.objects.filter(effect__project=effect.project).exclude(series="").exists():
            continue
        actor = effect.project.created_by
        indicator = indicator_add(
            effect=effect,
            actor=actor,
            name_ru=str(DATA_BANK_DEMO["name_ru"]),
            name_en=str(DATA_BANK_DEMO["name_en"]),
            unit="%",
            baseline=DATA_BANK_DEMO["baseline"],
            target=DATA_BANK_DEMO["target"],
        )
        indicator_link(indicator=indicator, actor=actor, series=str(DATA_BANK_DEMO["series"]), region=region)
        linked += 1
    return linked
