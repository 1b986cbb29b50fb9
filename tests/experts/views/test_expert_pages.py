"""The expert pages: directory, profile, own profile form, invitations, and the project page's panel."""

import pytest
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from analytics.models import ClassifierItem
from cooperation.choices import ProjectState
from experts.models import ExpertInvitation, ExpertProfile
from regions.models import Region
from tests.cooperation.factories import ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db


def listed(client, **params) -> set[int]:
    response = client.get("/experts/", params)
    assert response.status_code == 200
    return {expert.pk for expert in response.context["experts"]}


def test_the_directory_filters_by_region_competence_language_availability_and_text(
    client, lipetsk, voronezh, make_user
):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    bio = ExpertProfileFactory(
        user=make_user(full_name="Мария Смирнова"),
        region=voronezh,
        languages=["ru", "de"],
        headline_ru="Биотехнологии",
        competences=[rubric],
    )
    steel = ExpertProfileFactory(region=lipetsk, languages=["ru"], availability="limited", headline_ru="Металлургия")
    far = ExpertProfileFactory(region=Region.objects.get(iso_code="RU-MOW"))
    ExpertProfileFactory(region=voronezh, is_published=False)  # never listed for others

    assert listed(client) == {bio.pk, steel.pk, far.pk}
    assert listed(client, region="RU-VOR") == {bio.pk}
    assert listed(client, macroregion="central-black-earth") == {bio.pk, steel.pk}
    assert listed(client, competence=rubric.pk) == {bio.pk}
    assert listed(client, language="de") == {bio.pk}
    assert listed(client, availability="limited") == {steel.pk}
    assert listed(client, q="смирнова") == {bio.pk}
    assert listed(client, q="МЕТАЛЛУРГИЯ") == {steel.pk}


def test_the_directory_shows_the_users_own_unpublished_profile(client, make_user):
    own = ExpertProfileFactory(is_published=False)
    client.force_login(own.user)

    response = client.get("/experts/")

    assert own in response.context["experts"]
    assert "Not published" in response.content.decode() or "Не опубликован" in response.content.decode()


def test_the_directory_query_count_does_not_grow_with_the_experts(client, reference_data):
    items = list(ClassifierItem.objects.filter(classifier__code="nace2")[:3])

    def create(count):
        for _ in range(count):
            ExpertProfileFactory(competences=items)

    create(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/experts/").status_code == 200
    create(8)
    with CaptureQueriesContext(connection) as many:
        client.get("/experts/")

    assert len(many) == len(few)


def test_a_profile_shows_its_contact_to_signed_in_users_only(client, make_user):
    expert = ExpertProfileFactory(contact_email="expert@example.org")

    anonymous = client.get(f"/experts/{expert.pk}/").content.decode()
    client.force_login(make_user())
    signed_in = client.get(f"/experts/{expert.pk}/").content.decode()

    assert expert.display_name in anonymous and "expert@example.org" not in anonymous
    assert "expert@example.org" in signed_in


def test_an_unpublished_profile_is_not_found_for_others(client, make_user):
    hidden = ExpertProfileFactory(is_published=False)

    assert client.get(f"/experts/{hidden.pk}/").status_code == 404
    client.force_login(make_user())
    assert client.get(f"/experts/{hidden.pk}/").status_code == 404
    client.force_login(hidden.user)
    assert client.get(f"/experts/{hidden.pk}/").status_code == 200
    client.force_login(make_user("moderator"))
    assert client.get(f"/experts/{hidden.pk}/").status_code == 200


def test_the_own_profile_form_needs_a_login(client, reference_data):
    response = client.get("/experts/me/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_publishes_a_profile_through_the_form(client, make_user, voronezh):
    user = make_user(full_name="")
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    client.force_login(user)
    form_page = client.get("/experts/me/").content.decode()
    assert '<optgroup label="' in form_page  # competences grouped by classifier
    data = {"region": voronezh.pk, "availability": "available", "languages": ["ru", "en"], "is_published": "on"}

    refused = client.post("/experts/me/", data)
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"full_name", "competences"}

    response = client.post("/experts/me/", {**data, "full_name": "Анна Петрова", "competences": [rubric.pk]})

    profile = ExpertProfile.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == f"/experts/{profile.pk}/"
    assert profile.is_published and profile.languages == ["ru", "en"]
    assert list(profile.competences.all()) == [rubric]
    assert client.get("/experts/me/").context["form"].initial["full_name"] == "Анна Петрова"


def test_the_lead_invites_an_expert_through_the_invite_page(client, project, lead_member, expert):
    client.force_login(lead_member)

    page = client.get(f"/experts/projects/{project.pk}/invite/")
    assert page.status_code == 200
    assert expert in page.context["form"].fields["expert"].queryset

    response = client.post(
        f"/experts/projects/{project.pk}/invite/", {"expert": expert.pk, "message": "Нужна экспертиза."}
    )

    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    invitation = ExpertInvitation.objects.get(project=project, expert=expert)
    assert (invitation.status, invitation.message, invitation.invited_by) == (
        "invited",
        "Нужна экспертиза.",
        lead_member,
    )
    # the expert invited is no longer offered
    assert expert not in client.get(f"/experts/projects/{project.pk}/invite/").context["form"].fields["expert"].queryset


def test_others_cannot_open_the_invite_page(client, project, lead_agent, expert, make_user):
    client.force_login(make_user())
    assert client.get(f"/experts/projects/{project.pk}/invite/").status_code == 403
    assert client.post(f"/experts/projects/{project.pk}/invite/", {"expert": expert.pk}).status_code == 403

    draft = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)
    assert client.get(f"/experts/projects/{draft.pk}/invite/").status_code == 404
    assert not ExpertInvitation.objects.exists()


def test_the_expert_accepts_on_the_invitations_page_and_a_second_click_is_harmless(client, project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    client.force_login(expert.user)

    page = client.get("/experts/invitations/").content.decode()
    assert project.title in page
    assert f'action="/experts/invitations/{invitation.pk}/respond/"' in page

    first = client.post(f"/experts/invitations/{invitation.pk}/respond/", {"accept": "1"})
    second = client.post(f"/experts/invitations/{invitation.pk}/respond/", {"accept": "0"}, follow=True)

    assert first.status_code == 302 and first["Location"] == "/experts/invitations/"
    assert second.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert any(message.level_tag == "error" for message in second.context["messages"])


def test_the_expert_declines(client, project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    client.force_login(expert.user)

    client.post(f"/experts/invitations/{invitation.pk}/respond/", {"accept": "0"})

    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_others_cannot_see_or_answer_an_invitation(client, project, expert, make_user):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    client.force_login(make_user())

    assert client.post(f"/experts/invitations/{invitation.pk}/respond/", {"accept": "1"}).status_code == 404
    assert client.post(f"/experts/invitations/{invitation.pk}/withdraw/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_the_lead_withdraws_an_invitation_back_to_the_project_page(client, project, lead_member, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    client.force_login(lead_member)

    response = client.post(f"/experts/invitations/{invitation.pk}/withdraw/", {"next": f"/projects/{project.pk}/"})

    assert response["Location"] == f"/projects/{project.pk}/"
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"


def test_the_lead_sees_the_invitations_it_sent(client, project, lead_member, expert):
    ExpertInvitationFactory(project=project, expert=expert)
    client.force_login(lead_member)

    page = client.get("/experts/invitations/")

    assert [i.expert for i in page.context["sent"]] == [expert]


def test_the_navbar_links_to_the_directory(client, reference_data):
    page = client.get("/experts/").content.decode()

    assert 'href="/experts/" aria-current="page"' in page


# --- The project page's panel.


def render_panel(project, user) -> str:
    request = RequestFactory().get(f"/projects/{project.pk}/")
    request.user = user
    template = Template("{% load experts_tags %}{% experts_project_panel project %}")
    return template.render(RequestContext(request, {"project": project}))


def test_the_panel_lists_the_projects_experts_for_every_viewer(project, expert, make_user):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    expert.competences.add(rubric)
    ExpertInvitationFactory(project=project, expert=expert, status="accepted")
    pending = ExpertInvitationFactory(project=project)

    html = render_panel(project, make_user())

    assert expert.display_name in html and expert.region.name in html and rubric.name in html
    assert pending.expert.display_name not in html
    assert "/invite/" not in html and "withdraw" not in html


def test_the_panel_offers_the_lead_the_invite_form_and_the_pending_invitations(project, lead_member, expert):
    pending = ExpertInvitationFactory(project=project)

    html = render_panel(project, lead_member)

    assert f'action="/experts/projects/{project.pk}/invite/"' in html
    assert f'<option value="{expert.pk}">' in html  # a published expert to invite
    assert f'<option value="{pending.expert.pk}">' not in html  # already invited
    assert f'action="/experts/invitations/{pending.pk}/withdraw/"' in html
    assert '<label for="id_expert_invite_expert"' in html


def test_the_panel_has_no_invite_form_once_the_project_is_completed(lead_agent, lead_member, expert):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.COMPLETED)

    html = render_panel(project, lead_member)

    assert "/invite/" not in html


def test_the_whole_flow_on_the_project_page(client, project, lead_member, expert):
    # given the lead's member on the project page
    client.force_login(lead_member)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'action="/experts/projects/{project.pk}/invite/"' in page

    # when they invite the expert from the panel, and the expert accepts
    response = client.post(
        f"/experts/projects/{project.pk}/invite/", {"expert": expert.pk, "next": f"/projects/{project.pk}/#experts"}
    )
    assert response["Location"] == f"/projects/{project.pk}/#experts"
    invitation = ExpertInvitation.objects.get(project=project, expert=expert)
    assert (
        f'action="/experts/invitations/{invitation.pk}/withdraw/"'
        in client.get(f"/projects/{project.pk}/").content.decode()
    )
    client.force_login(expert.user)
    client.post(f"/experts/invitations/{invitation.pk}/respond/", {"accept": "1"})

    # then anyone sees the expert on the project page
    client.logout()
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/experts/{expert.pk}/"' in page and expert.display_name in page


def test_the_panel_query_count_does_not_grow_with_the_experts(project, lead_member):
    items = list(ClassifierItem.objects.filter(classifier__code="grnti")[:2])

    def add(count):
        for _ in range(count):
            ExpertInvitationFactory(project=project, status="accepted", expert=ExpertProfileFactory(competences=items))
            ExpertInvitationFactory(project=project)
            ExpertProfileFactory()

    add(2)
    render_panel(project, lead_member)  # the viewer's roles are read once, then memoised
    with CaptureQueriesContext(connection) as few:
        render_panel(project, lead_member)
    add(8)
    with CaptureQueriesContext(connection) as many:
        html = render_panel(project, lead_member)

    assert html.count('href="/experts/') > 20
    assert len(many) == len(few)
