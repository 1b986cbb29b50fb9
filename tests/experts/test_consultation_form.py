"""The consultation request form's list of organisations to ask."""

import re

import pytest
from django.utils import translation

from experts.forms import ConsultationRequestForm
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_organisations_to_ask_are_by_region_in_the_pages_language(reference_data):
    """Khabarovsk comes after Lipetsk in Russian (Х, Л) and before it in English (K, L); within a region, by name."""
    region = {code: Region.objects.get(iso_code=code) for code in ("RU-BEL", "RU-KHA", "RU-LIP")}
    user = MembershipFactory(agent=AgentFactory(region=region["RU-BEL"])).user
    khabarovsk = AgentFactory(region=region["RU-KHA"], name="Альфа", name_en="Alpha")
    lipetsk_b = AgentFactory(region=region["RU-LIP"], name="Бета", name_en="Beta")
    lipetsk_a = AgentFactory(region=region["RU-LIP"], name="Альфа", name_en="Alpha")
    mine = {khabarovsk.pk, lipetsk_a.pk, lipetsk_b.pk}

    def order(language: str) -> list[int]:
        """The options as the page renders them (the widget's choices, not the field's)."""
        with translation.override(language):
            html = str(ConsultationRequestForm(user=user)["advising_agent"])
        return [int(value) for value in re.findall(r'<option value="(\d+)"', html) if int(value) in mine]

    assert order("ru") == [lipetsk_a.pk, lipetsk_b.pk, khabarovsk.pk]
    assert order("en") == [khabarovsk.pk, lipetsk_a.pk, lipetsk_b.pk]
