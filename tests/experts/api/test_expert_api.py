"""The experts API: profiles (list, filters, retrieve, ``me``) and invitations (invite, respond, withdraw)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from analytics.models import ClassifierItem
from cooperation.choices import ProjectState
from experts.models import ExpertInvitation, ExpertProfile
from tests.cooperation.factories import ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def ids(response) -> set[int]:
    assert response.status_code == 200, response.data
    return {row["id"] for row in response.data["results"]}


# --- Profiles.


def test_the_list_holds_published_profiles_with_filters(api, lipetsk, voronezh):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    bio = ExpertProfileFactory(region=voronezh, languages=["en"], competences=[rubric])
    steel = ExpertProfileFactory(region=lipetsk, languages=["ru"], availability="unavailable")
    ExpertProfileFactory(region=lipetsk, is_published=False)

    assert ids(api.get("/api/experts/")) == {bio.pk, steel.pk}
    assert ids(api.get("/api/experts/", {"region": "RU-VOR"})) == {bio.pk}
    assert ids(api.get("/api/experts/", {"competence": rubric.pk})) == {bio.pk}
    assert ids(api.get("/api/experts/", {"language": "en"})) == {bio.pk}
    assert ids(api.get("/api/experts/", {"availability": "unavailable"})) == {steel.pk}
    assert ids(api.get("/api/experts/", {"macroregion": "central-black-earth"})) == {bio.pk, steel.pk}


def test_the_list_query_count_does_not_grow(api, reference_data):
    items = list(ClassifierItem.objects.filter(classifier__code="grnti")[:2])
    for _ in range(2):
        ExpertProfileFactory(competences=items)
    with CaptureQueriesContext(connection) as few:
        api.get("/api/experts/")
    for _ in range(8):
        ExpertProfileFactory(competences=items)
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/experts/")

    assert response.data["count"] == 10
    assert len(many) == len(few)


def test_retrieve_hides_others_unpublished_profiles_and_the_email_from_anonymous_callers(api, make_user):
    public = ExpertProfileFactory(contact_email="expert@example.org")
    hidden = ExpertProfileFactory(is_published=False)

    assert api.get(f"/api/experts/{public.pk}/").data["contact_email"] is None
    assert api.get(f"/api/experts/{hidden.pk}/").status_code == 404
    api.force_authenticate(make_user())
    assert api.get(f"/api/experts/{public.pk}/").data["contact_email"] == "expert@example.org"
    assert api.get(f"/api/experts/{hidden.pk}/").status_code == 404
    api.force_authenticate(hidden.user)
    assert api.get(f"/api/experts/{hidden.pk}/").status_code == 200


def test_me_creates_reads_and_changes_the_callers_profile(api, make_user, voronezh):
    user = make_user(full_name="")
    rubric = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    api.force_authenticate(user)
    assert api.get("/api/experts/me/").status_code == 404

    refused = api.put("/api/experts/me/", {"region": "RU-VOR", "is_published": True}, format="json")
    assert refused.status_code == 400
    assert set(refused.data) == {"full_name", "competences"}

    created = api.put(
        "/api/experts/me/",
        {
            "full_name": "Олег Орлов",
            "region": "RU-VOR",
            "competences": [rubric.pk],
            "languages": ["ru", "zh"],
            "is_published": True,
        },
        format="json",
    )
    assert created.status_code == 200, created.data
    assert (created.data["name"], created.data["region"], created.data["languages"]) == (
        "Олег Орлов",
        "RU-VOR",
        ["ru", "zh"],
    )

    changed = api.patch("/api/experts/me/", {"availability": "limited"}, format="json")
    assert changed.data["availability"] == "limited" and changed.data["is_published"] is True
    assert ExpertProfile.objects.get(user=user).competences.get() == rubric


def test_me_rejects_bad_input_per_field(api, make_user, reference_data):
    api.force_authenticate(make_user())

    response = api.put("/api/experts/me/", {"region": "RU-XXX", "languages": ["tlh"]}, format="json")

    assert response.status_code == 400
    assert {"region", "languages"} <= set(response.data)


def test_me_is_for_signed_in_callers(api, reference_data):
    assert api.get("/api/experts/me/").status_code in (401, 403)
    assert api.put("/api/experts/me/", {"region": "RU-LIP"}, format="json").status_code in (401, 403)


# --- Invitations.


def test_the_lead_invites_through_the_api(api, project, lead_member, expert):
    api.force_authenticate(lead_member)

    response = api.post(
        "/api/expert-invitations/", {"project": project.pk, "expert": expert.pk, "message": "Hi"}, format="json"
    )

    assert response.status_code == 201, response.data
    assert (response.data["status"], response.data["expert_region"], response.data["lead_region"]) == (
        "invited",
        "RU-VOR",
        "RU-LIP",
    )
    again = api.post("/api/expert-invitations/", {"project": project.pk, "expert": expert.pk}, format="json")
    assert again.status_code == 400 and "expert" in again.data


def test_inviting_is_refused_to_others_and_in_closed_projects(api, project, lead_agent, lead_member, expert, make_user):
    api.force_authenticate(make_user())
    assert api.post("/api/expert-invitations/", {"project": project.pk, "expert": expert.pk}).status_code == 403

    api.force_authenticate(lead_member)
    completed = ProjectFactory(lead_agent=lead_agent, state=ProjectState.COMPLETED)
    response = api.post("/api/expert-invitations/", {"project": completed.pk, "expert": expert.pk})
    assert response.status_code == 409 and response.data["state"] == "completed"

    hidden = ExpertProfileFactory(is_published=False)  # someone else's unpublished profile "does not exist"
    response = api.post("/api/expert-invitations/", {"project": project.pk, "expert": hidden.pk})
    assert response.status_code == 400 and "expert" in response.data
    assert not ExpertInvitation.objects.exists()


def test_anonymous_callers_cannot_invite(api, project, expert):
    response = api.post("/api/expert-invitations/", {"project": project.pk, "expert": expert.pk})

    assert response.status_code in (401, 403)


def test_the_list_shows_received_and_sent_invitations_only(api, project, lead_member, expert, make_user):
    mine = ExpertInvitationFactory(project=project, expert=expert)
    other = ExpertInvitationFactory()

    api.force_authenticate(expert.user)
    assert ids(api.get("/api/expert-invitations/")) == {mine.pk}
    api.force_authenticate(lead_member)
    assert ids(api.get("/api/expert-invitations/")) == {mine.pk}
    api.force_authenticate(make_user())
    assert ids(api.get("/api/expert-invitations/")) == set()
    assert api.get(f"/api/expert-invitations/{other.pk}/").status_code == 404
    api.force_authenticate(make_user("moderator"))
    assert ids(api.get("/api/expert-invitations/", {"status": "invited"})) == {mine.pk, other.pk}


def test_the_invitation_list_query_count_does_not_grow(api, make_user):
    api.force_authenticate(make_user("moderator"))
    api.get("/api/expert-invitations/")  # the caller's roles are read once, then memoised
    for _ in range(2):
        ExpertInvitationFactory(invited_by=make_user())
    with CaptureQueriesContext(connection) as few:
        api.get("/api/expert-invitations/")
    for _ in range(8):
        ExpertInvitationFactory(invited_by=make_user())
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/expert-invitations/")

    assert response.data["count"] == 10
    assert len(many) == len(few)


def test_the_expert_responds_once_and_a_second_answer_is_409(api, project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    api.force_authenticate(expert.user)

    first = api.post(f"/api/expert-invitations/{invitation.pk}/respond/", {"accept": True}, format="json")
    second = api.post(f"/api/expert-invitations/{invitation.pk}/respond/", {"accept": False}, format="json")

    assert first.status_code == 200 and first.data["status"] == "accepted"
    assert second.status_code == 409 and second.data["state"] == "accepted"


def test_respond_needs_the_answer_and_the_right_person(api, project, lead_member, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    api.force_authenticate(expert.user)
    assert api.post(f"/api/expert-invitations/{invitation.pk}/respond/", {}, format="json").status_code == 400
    api.force_authenticate(lead_member)  # sees the invitation, but does not answer for the expert
    assert api.post(f"/api/expert-invitations/{invitation.pk}/respond/", {"accept": True}).status_code == 403


def test_the_lead_withdraws_and_withdrawing_twice_is_409(api, project, lead_member, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    api.force_authenticate(expert.user)
    assert api.post(f"/api/expert-invitations/{invitation.pk}/withdraw/").status_code == 403
    api.force_authenticate(lead_member)
    assert api.post(f"/api/expert-invitations/{invitation.pk}/withdraw/").data["status"] == "withdrawn"
    response = api.post(f"/api/expert-invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 409 and response.data["state"] == "withdrawn"


def test_the_schema_documents_the_endpoints(api, reference_data):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    assert {
        "/api/experts/",
        "/api/experts/me/",
        "/api/expert-invitations/",
        "/api/expert-invitations/{id}/respond/",
        "/api/expert-invitations/{id}/withdraw/",
        "/api/consultations/",
        "/api/consultations/{id}/",
        *(f"/api/consultations/{{id}}/{step}/" for step in ("accept", "decline", "complete", "confirm", "dispute")),
    } <= set(schema["paths"])
