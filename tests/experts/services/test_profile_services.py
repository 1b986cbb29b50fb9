"""Saving one's expert profile: creation, updates, publication rules, audit."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from analytics.models import ClassifierItem
from audit.models import AuditLogEntry
from experts.models import ExpertProfile
from experts.services import expert_profile_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(reference_data):
    return ClassifierItem.objects.get(classifier__code="grnti", code="62")


def test_a_user_creates_an_unpublished_profile_with_a_region_only(make_user, lipetsk):
    user = make_user(full_name="")

    profile = expert_profile_save(user=user, region=lipetsk)

    assert profile.user == user and profile.region == lipetsk
    assert profile.is_published is False and profile.languages == []
    assert AuditLogEntry.objects.filter(action="expert_profile.created", target_id=str(profile.pk)).exists()


def test_a_published_profile_needs_a_name_and_a_competence(make_user, lipetsk):
    user = make_user(full_name="")

    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=user, region=lipetsk, is_published=True, competences=[])

    assert set(error.value.message_dict) == {"full_name", "competences"}
    assert not ExpertProfile.objects.exists()


def test_publishing_with_a_name_and_a_competence(make_user, lipetsk, rubric):
    user = make_user(full_name="")

    profile = expert_profile_save(
        user=user,
        full_name="  Анна Петрова ",
        region=lipetsk,
        competences=[rubric],
        languages=["ru", "en"],
        headline_ru="Биотехнологии",
        is_published=True,
    )

    user.refresh_from_db()
    assert user.full_name == "Анна Петрова"
    assert profile.display_name == "Анна Петрова"
    assert list(profile.competences.all()) == [rubric]
    assert profile.is_published


def test_an_update_changes_only_the_given_fields_and_is_audited(make_user, lipetsk, voronezh, rubric):
    user = make_user(full_name="Иван Иванов")
    profile = expert_profile_save(user=user, region=lipetsk, competences=[rubric], headline_ru="Сталь")

    expert_profile_save(user=user, region=voronezh, availability="limited")

    profile.refresh_from_db()
    assert (profile.region, profile.availability, profile.headline_ru) == (voronezh, "limited", "Сталь")
    assert list(profile.competences.all()) == [rubric]
    entry = AuditLogEntry.objects.get(action="expert_profile.updated")
    assert entry.data["fields"] == ["availability", "region"]


def test_publishing_later_uses_the_competences_already_saved(make_user, lipetsk, rubric):
    user = make_user(full_name="Иван Иванов")
    expert_profile_save(user=user, region=lipetsk, competences=[rubric])

    profile = expert_profile_save(user=user, is_published=True)

    assert profile.is_published


def test_unpublishing_needs_nothing(make_user, lipetsk, rubric):
    user = make_user(full_name="Иван Иванов")
    expert_profile_save(user=user, region=lipetsk, competences=[rubric], is_published=True)

    profile = expert_profile_save(user=user, is_published=False, competences=[])

    assert not profile.is_published and not profile.competences.exists()


@pytest.mark.parametrize(
    ("languages", "field"), [(["ru", "tlh"], "languages"), (["en", "en"], "languages"), ("ru", "languages")]
)
def test_languages_come_from_the_list_once_each(make_user, lipetsk, languages, field):
    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=make_user(), region=lipetsk, languages=languages)

    assert field in error.value.message_dict


def test_bad_input_gives_one_message_per_field(make_user, reference_data):
    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=make_user(), contact_email="not an address", availability="sometimes")

    assert {"region", "contact_email", "availability"} <= set(error.value.message_dict)


def test_an_overlong_name_is_a_field_error(make_user, lipetsk):
    with pytest.raises(ValidationError) as error:
        expert_profile_save(user=make_user(), region=lipetsk, full_name="Я" * 201)

    assert "full_name" in error.value.message_dict


def test_anonymous_users_have_no_profile(lipetsk):
    with pytest.raises(PermissionDenied):
        expert_profile_save(user=AnonymousUser(), region=lipetsk)


def test_unknown_fields_are_a_programming_error(make_user, lipetsk):
    with pytest.raises(TypeError):
        expert_profile_save(user=make_user(), region=lipetsk, user_id=1)
