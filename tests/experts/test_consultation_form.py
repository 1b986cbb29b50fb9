"""The consultation request form's list of organisations to ask."""

import re

import pytest
from django.utils import translation

from experts.forms import ConsultationRequestForm
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_organisations_to_ask_are_of_another_region_by_region_in_the_pages_language(reference_data):
    """Khabarovsk comes after Lipetsk in Russian (Х, Л) and before it in English (K, L); within a region, by name.
    The user acts for a Belgorod organisation only: Belgorod's others are not offered (advice comes from another
    region)."""
    region = {code: Region.objects.get(iso_code=code) for code in ("RU-BEL", "RU-KHA", "RU-LIP")}
    user = MembershipFactory(agent=AgentFactory(region=region["RU-BEL"])).user
    khabarovsk = AgentFactory(region=region["RU-KHA"], name="Альфа", name_en="Alpha")
    lipetsk_b = AgentFactory(region=region["RU-LIP"], name="Бета", name_en="Beta")
    lipetsk_a = AgentFactory(region=region["RU-LIP"], name="Альфа", name_en="Alpha")
    neighbour = AgentFactory(region=region["RU-BEL"])
    mine = {khabarovsk.pk, lipetsk_a.pk, lipetsk_b.pk, neighbour.pk}

    def order(language: str) -> list[int]:
        """The options as the page renders them (the widget's choices, not the field's)."""
        with translation.override(language):
            html = str(ConsultationRequestForm(user=user)["advising_agent"])
        return [int(value) for value in re.findall(r'<option value="(\d+)"', html) if int(value) in mine]

    assert order("ru") == [lipetsk_a.pk, lipetsk_b.pk, khabarovsk.pk]
    assert order("en") == [khabarovsk.pk, lipetsk_a.pk, lipetsk_b.pk]


def test_a_user_acting_in_two_regions_is_offered_both(reference_data):
    """With organisations in Belgorod and Lipetsk, either region's others may advise the other one's."""
    belgorod, lipetsk = (Region.objects.get(iso_code=code) for code in ("RU-BEL", "RU-LIP"))
    user = MembershipFactory(agent=AgentFactory(region=belgorod)).user
    MembershipFactory(agent=AgentFactory(region=lipetsk), user=user)
    others = {AgentFactory(region=belgorod).pk, AgentFactory(region=lipetsk).pk}

    offered = ConsultationRequestForm(user=user).fields["advising_agent"].queryset

    assert others <= set(offered.values_list("pk", flat=True))
