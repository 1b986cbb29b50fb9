"""The demo experts: published profiles of several regions, and experts of other regions in the open projects."""

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
