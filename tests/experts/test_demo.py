"""The demo experts: published profiles of several regions, and experts of other regions in the open projects."""

import datetime

import pytest
from django.test.utils import override_settings

from cooperation.demo import demo_data_load
from cooperation.models import Project
from cooperation.models.projects import OPEN_STATES
from experts.demo import demo_experts_load
from experts.models import ExpertInvitation, ExpertProfile
from experts.selectors import expert_involvements
from portal.demo import PROJECT_STEPS

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def test_the_demo_experts_take_part_in_the_open_projects_and_loading_twice_changes_nothing(reference_data):
    demo_data_load(steps=PROJECT_STEPS)

    logins = demo_experts_load()
    counts = (ExpertProfile.objects.count(), ExpertInvitation.objects.count())
    demo_experts_load()

    assert "expert@spiral.example" in logins
    assert (ExpertProfile.objects.count(), ExpertInvitation.objects.count()) == counts
    assert ExpertProfile.objects.filter(is_published=True).count() == 4
    open_projects = Project.objects.filter(state__in=OPEN_STATES)
    assert open_projects.exists()
    for project in open_projects:
        assert expert_involvements(interregional_only=True).filter(project=project).exists()
    assert ExpertInvitation.objects.filter(status="invited").count() == 1


def test_the_demo_university_of_voronezh_advises_the_lipetsk_government_and_one_consultation_counts(
    reference_data, settings, tmp_path
):
    from experts.models import Consultation
    from levels.models import PairEvidence
    from levels.services import levels_recompute

    # both through the ``settings`` fixture: mixed with ``override_settings`` its teardown would restore the
    # decorator's settings (the dummy e-mail backend) and leak them into the next tests
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.MEDIA_ROOT = tmp_path
    demo_data_load(steps=PROJECT_STEPS)
    demo_experts_load()
    demo_experts_load()  # twice: nothing new

    consultations = Consultation.objects.select_related("advising_agent__region", "advised_agent__region")
    assert sorted(consultations.values_list("status", flat=True)) == ["completed", "confirmed"]
    confirmed = consultations.get(status="confirmed")
    assert (confirmed.advising_agent.region.iso_code, confirmed.advised_agent.region.iso_code) == ("RU-VOR", "RU-LIP")
    assert confirmed.result_document and confirmed.result_summary
    levels_recompute(as_of=datetime.date(2026, 1, 1))
    evidence = PairEvidence.objects.get(kind="consultation")
    assert (evidence.ref_id, evidence.level, evidence.date_from) == (confirmed.pk, 2, datetime.date(2025, 3, 28))
