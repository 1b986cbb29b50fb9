"""The consultation request form's list of organisations to ask."""

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
        with translation.override(language):
            choices = ConsultationRequestForm(user=user).fields["advising_agent"].choices
            return [int(str(value)) for value, _label in choices if value and int(str(value)) in mine]

    assert order("ru") == [lipetsk_a.pk, lipetsk_b.pk, khabarovsk.pk]
    assert order("en") == [khabarovsk.pk, lipetsk_a.pk, lipetsk_b.pk]
