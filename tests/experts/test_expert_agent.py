"""An expert names the organisation they work for, and carries its helix (issue #14, item 2).

Seed 000's level 2 is agents of one region advising another; the expert's organisation says which link of the
spiral the advice comes from. Only an organisation the user acts for, in the profile's region, may be named.
"""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from cooperation.choices import AgentRole, Helix
from experts.models import ExpertProfile
from experts.services import expert_profile_save
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def university(voronezh):
    return AgentFactory(region=voronezh, helix=Helix.SCIENCE, name="Воронежский университет")


@pytest.fixture
def scientist(university):
    return MembershipFactory(agent=university, role=AgentRole.REPRESENTATIVE).user


def test_an_expert_names_the_organisation_they_act_for_and_carries_its_helix(scientist, university, voronezh):
    profile = expert_profile_save(user=scientist, region=voronezh, agent=university)

    assert ExpertProfile.objects.get(pk=profile.pk).agent == university
    assert profile.helix == Helix.SCIENCE


def test_an_organisation_the_user_does_not_act_for_is_refused(make_user, university, voronezh):
    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=make_user(), region=voronezh, agent=university)

    assert set(error.value.message_dict) == {"agent"}
    assert not ExpertProfile.objects.exists()


def test_the_organisation_must_be_in_the_profiles_region(scientist, university, lipetsk):
    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=scientist, region=lipetsk, agent=university)

    assert "Воронежский университет" in error.value.message_dict["agent"][0]


def test_the_api_takes_only_the_callers_organisations_and_reads_the_helix(scientist, university, make_user, voronezh):
    other = AgentFactory(region=voronezh, helix=Helix.BUSINESS)
    client = APIClient()
    client.force_authenticate(scientist)

    refused = client.put("/api/experts/me/", {"region": "RU-VOR", "agent": other.pk}, format="json")
    saved = client.put("/api/experts/me/", {"region": "RU-VOR", "agent": university.pk}, format="json")

    assert refused.status_code == 400 and "agent" in refused.json()
    assert saved.status_code == 200, saved.content
    read = client.get("/api/experts/me/").json()
    assert read["agent"] == university.pk and read["helix"] == "science"
    assert read["agent_name"] == university.display_name


def test_the_directory_filters_experts_by_their_organisations_helix(university, voronezh, client):
    at_university = ExpertProfileFactory(region=voronezh, agent=university, is_published=True)
    independent = ExpertProfileFactory(region=voronezh, is_published=True)

    page = client.get("/experts/?helix=science", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert at_university.get_absolute_url() in page and independent.get_absolute_url() not in page
    assert "Works for" in page and f'href="{university.get_absolute_url()}"' in page
