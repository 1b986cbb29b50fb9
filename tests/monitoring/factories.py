import datetime
from decimal import Decimal

import factory

from cooperation.choices import ProjectState
from monitoring.choices import EffectType
from monitoring.models import ClosingReport, Effect, Indicator, IndicatorValue
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import ProjectFactory


class EffectFactory(factory.django.DjangoModelFactory):
    """An economic effect of a new active project."""

    class Meta:
        model = Effect

    project = factory.SubFactory(ProjectFactory, state=ProjectState.ACTIVE)
    type = EffectType.ECONOMIC
    description = "Рост выручки участников."


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator that should grow from 100 to 200."""

    class Meta:
        model = Indicator

    effect = factory.SubFactory(EffectFactory)
    name_ru = factory.Sequence(lambda n: f"Показатель {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "млн руб."
    baseline = Decimal("100")
    target = Decimal("200")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A value of 150 (half-way) on a date in 2025."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("150")
    note = ""
    recorded_by = factory.SubFactory(UserFactory)


class ClosingReportFactory(factory.django.DjangoModelFactory):
    """A published closing report of a new completed project (``search_text`` kept in step)."""

    class Meta:
        model = ClosingReport

    project = factory.SubFactory(ProjectFactory, state=ProjectState.COMPLETED)
    summary = "Проект объединил университет и заводы двух регионов."
    results = "Подготовлено 40 инженеров."
    lessons_learned = "Договариваться о правах на результаты нужно до начала работ."
    recommendations = "Назначать координатора в каждом регионе."
    summary_en = ""
    results_en = ""
    lessons_learned_en = ""
    recommendations_en = ""
    is_published = True
    published_at = factory.LazyFunction(lambda: datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC))
    author = factory.SubFactory(UserFactory)
    search_text = factory.LazyAttribute(lambda report: ClosingReport.build_search_text(report))
