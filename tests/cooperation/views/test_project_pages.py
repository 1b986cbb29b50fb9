"""The project pages: catalogue, drafting, the project page, moderation and "my projects"."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, CooperationType, Helix, ParticipantStatus, ProjectState
from cooperation.models import Project, ProjectParticipant, ProjectTransition
from cooperation.services.projects import project_request_changes, project_submit
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    ObjectiveFactory,
    ParticipantFactory,
    ProjectFactory,
    make_submittable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(lipetsk):
    return AgentFactory(region=lipetsk, helix=Helix.BUSINESS, name="Липецкий завод")


@pytest.fixture
def lead_admin(lead):
    return MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def lead_member(lead):
    return MembershipFactory(agent=lead).user


@pytest.fixture
def partner(voronezh):
    return AgentFactory(region=voronezh, helix=Helix.SCIENCE, name="Воронежский университет")


@pytest.fixture
def partner_admin(partner):
    return MembershipFactory(agent=partner, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


def listed(client, **params):
    return {project.title_ru for project in client.get("/projects/", params).context["projects"]}


# --- The catalogue.


def test_catalogue_shows_public_projects_and_the_users_own_drafts(client, lead, lead_member):
    ProjectFactory(lead_agent=lead, title_ru="Опубликованный", state=ProjectState.PUBLISHED)
    ProjectFactory(lead_agent=lead, title_ru="Черновик", state=ProjectState.DRAFT)
    ProjectFactory(title_ru="Чужой черновик", state=ProjectState.DRAFT)
    ProjectFactory(title_ru="Скрытый", state=ProjectState.ACTIVE, is_hidden=True)

    assert listed(client) == {"Опубликованный"}
    client.force_login(lead_member)
    assert listed(client) == {"Опубликованный", "Черновик"}


def test_catalogue_filters(client, lead, partner, voronezh, reference_data):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    joint = ProjectFactory(
        lead_agent=lead,
        title_ru="Совместный",
        state=ProjectState.ACTIVE,
        cooperation_types=[CooperationType.EDUCATIONAL, CooperationType.SCIENTIFIC],
    )
    ParticipantFactory(project=joint, agent=partner)
    joint.rubrics.add(rubric)
    ProjectFactory(
        lead_agent=AgentFactory(region=voronezh, helix=Helix.CIVIL),
        title_ru="Местный",
        state=ProjectState.PUBLISHED,
        cooperation_types=[CooperationType.CONSULTING],
    )

    assert listed(client, type="educational") == {"Совместный"}
    assert listed(client, type=["educational", "consulting"]) == {"Совместный", "Местный"}
    assert listed(client, state="published") == {"Местный"}
    assert listed(client, region="RU-LIP") == {"Совместный"}
    assert listed(client, region="RU-VOR") == {"Совместный", "Местный"}
    assert listed(client, macroregion="central-black-earth") == {"Совместный", "Местный"}
    assert listed(client, helix="civil") == {"Местный"}
    assert listed(client, competence=rubric.pk) == {"Совместный"}
    assert listed(client, interregional="true") == {"Совместный"}
    assert listed(client, q="СОВМЕСТНЫЙ") == {"Совместный"}


def test_catalogue_cards_show_lead_regions_types_level_and_state(client, lead, partner):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE, cooperation_types=["production"])
    ParticipantFactory(project=project, agent=partner)

    html = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert project.title_en in html
    assert lead.display_name in html
    assert "Lipetsk" in html and "Voronezh" in html and "Interregional" in html
    assert "Production" in html and "Project" in html and "Active" in html


def test_catalogue_query_count_is_constant(client, make_user, lipetsk, voronezh, reference_data):
    items = list(ClassifierItem.objects.filter(classifier__code="grnti")[:3])
    objective = ObjectiveFactory()
    client.force_login(make_user())

    def create(n):
        for project in ProjectFactory.create_batch(n, lead_agent=AgentFactory(region=lipetsk), state="published"):
            ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
            project.rubrics.set(items)
            project.directions.set(items[:1])
            project.objectives.add(objective)

    create(2)
    client.get("/projects/")  # caches the user's unread-notification count for both measured requests
    with CaptureQueriesContext(connection) as few:
        assert client.get("/projects/").status_code == 200
    create(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/projects/")

    assert len(response.context["projects"]) == 10
    assert len(many) == len(few)


# --- Drafting and editing.


def test_drafting_a_project_through_the_form(client, lead, lead_member, reference_data):
    business = ObjectiveFactory(helix=Helix.BUSINESS)
    civil = ObjectiveFactory(helix=Helix.CIVIL)
    direction = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    client.force_login(lead_member)

    shown = client.get("/projects/new/")
    response = client.post(
        "/projects/new/",
        {
            "lead_agent": lead.pk,
            "title_ru": "Цифровой регион",
            "summary_ru": "Кратко.",
            "cooperation_types": ["scientific", "educational"],
            "objectives": [business.pk, civil.pk],
            "directions": [direction.pk],
            "rubrics": [rubric.pk],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )

    project = Project.objects.get(title_ru="Цифровой регион")
    assert shown.status_code == 200
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.state == ProjectState.DRAFT and project.lead_agent == lead
    assert project.cooperation_types == ["scientific", "educational"]
    assert set(project.objectives.all()) == {business, civil}
    assert list(project.directions.all()) == [direction] and list(project.rubrics.all()) == [rubric]
    assert project.participants.get().role == "lead"
    assert ProjectTransition.objects.get(project=project).to_state == ProjectState.DRAFT
    # The objectives are grouped by helix, each group a fieldset with a legend.
    html = shown.content.decode()
    assert html.count("<legend") >= 3 and "Бизнес-сообщество" in html


def test_form_errors_are_shown_per_field(client, lead, lead_member, reference_data):
    client.force_login(lead_member)

    response = client.post(
        "/projects/new/",
        {"lead_agent": lead.pk, "title_ru": " ", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"cooperation_types", "title_ru", "ends_on"} <= set(errors)
    assert errors["cooperation_types"] == ["Обязательное поле."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Project.objects.exists()


def test_one_cannot_draft_for_an_agent_one_does_not_act_for(client, lead, make_user, reference_data):
    outsider = make_user()
    MembershipFactory(user=outsider)  # acts for some other agent
    client.force_login(outsider)

    response = client.post(
        "/projects/new/", {"lead_agent": lead.pk, "title_ru": "Чужой", "cooperation_types": ["scientific"]}
    )

    assert response.status_code == 200 and "lead_agent" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_user_without_agents_is_told_how_to_get_one(client, make_user, reference_data):
    client.force_login(make_user())

    response = client.get("/projects/new/", HTTP_ACCEPT_LANGUAGE="en")

    assert "you do not act for any organisation yet" in response.content.decode()


def test_drafting_needs_a_login(client, reference_data):
    response = client.get("/projects/new/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editing_a_draft_keeps_its_lead(client, lead, lead_member):
    project = ProjectFactory(lead_agent=lead, title_ru="Старое")
    client.force_login(lead_member)

    shown = client.get(f"/projects/{project.pk}/edit/")
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {"title_ru": "Новое", "cooperation_types": ["consulting"]},
    )

    project.refresh_from_db()
    assert "lead_agent" not in shown.context["form"].fields
    assert response.status_code == 302
    assert project.title_ru == "Новое" and project.cooperation_types == ["consulting"]
    assert project.lead_agent == lead


def test_a_published_project_cannot_be_edited(client, lead, lead_member):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)
    client.force_login(lead_member)

    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403


# --- The project page.


def test_the_page_shows_the_helix_balance_and_names_the_missing_helices(client, lead, partner):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE)
    ParticipantFactory(project=project, agent=partner)
    ParticipantFactory(project=project, agent=AgentFactory(helix=Helix.SCIENCE), status=ParticipantStatus.APPLIED)

    response = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert [(value, count) for value, _label, count in project.helix_balance] == [
        ("government", 0),
        ("business", 1),
        ("science", 1),
        ("civil", 0),
    ]
    assert "Quadruple-helix balance" in html
    assert "No civil society organisation takes part yet." in html
    assert "No government authority takes part yet." in html
    assert "No business organisation takes part yet." not in html
    assert 'role="status"' in html
    assert "Interregional" in html


def test_the_page_says_when_all_four_helices_take_part(client, lead, partner, lipetsk):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)
    ParticipantFactory(project=project, agent=partner)
    ParticipantFactory(project=project, agent=AgentFactory(region=lipetsk, helix=Helix.CIVIL))
    ParticipantFactory(project=project, agent=AgentFactory(region=lipetsk, helix=Helix.GOVERNMENT))

    html = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "All four links of the spiral take part." in html
    assert "takes part yet" not in html


def test_private_projects_are_404_to_outsiders(client, lead, lead_member, make_user):
    draft = ProjectFactory(lead_agent=lead)
    hidden = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE, is_hidden=True)

    assert client.get(f"/projects/{draft.pk}/").status_code == 404
    assert client.get(f"/projects/{hidden.pk}/").status_code == 404
    client.force_login(make_user())
    assert client.get(f"/projects/{draft.pk}/").status_code == 404
    client.force_login(lead_member)
    assert client.get(f"/projects/{draft.pk}/").status_code == 200
    assert client.get(f"/projects/{hidden.pk}/").status_code == 200
    assert client.get("/projects/999999/").status_code == 404


def test_moderators_reasons_are_shown_only_to_the_lead_and_the_staff(client, lead, lead_member, moderator, make_user):
    project = ProjectFactory(lead_agent=lead)
    project_submit(project=make_submittable(project), actor=lead_member)
    project_request_changes(project=project, actor=moderator, comment="Добавьте бюджет проекта")
    Project.objects.filter(pk=project.pk).update(state=ProjectState.PUBLISHED)  # later published

    def page(user):
        client.logout()
        if user:
            client.force_login(user)
        return client.get(f"/projects/{project.pk}/").content.decode()

    assert "Добавьте бюджет проекта" in page(lead_member)
    assert "Добавьте бюджет проекта" in page(moderator)
    outsider_view = page(make_user())
    assert "Добавьте бюджет проекта" not in outsider_view
    assert "Добавьте бюджет проекта" not in page(None)
    # the steps themselves are public
    assert "Требуются изменения" in outsider_view


def test_a_lead_sees_the_reason_of_the_changes_requested_on_top(client, lead, lead_member, moderator):
    project = ProjectFactory(lead_agent=lead)
    project_submit(project=make_submittable(project), actor=lead_member)
    project_request_changes(project=project, actor=moderator, comment="Уточните сроки")
    client.force_login(lead_member)

    response = client.get(f"/projects/{project.pk}/")

    html = response.content.decode()
    assert "Уточните сроки" in html
    assert f'href="/projects/{project.pk}/submit/"' in html  # the confirmation page with the checklist
    assert f'href="/projects/{project.pk}/edit/"' in html


def test_the_page_offers_only_the_buttons_the_viewer_may_use(client, lead, lead_admin, lead_member, moderator):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)
    start = f'href="/projects/{project.pk}/start/"'  # the confirmation page asking the actual start
    feature = f'action="/projects/{project.pk}/feature/"'
    invite = f'action="/projects/{project.pk}/invite/"'

    client.force_login(lead_admin)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert start in html and invite in html and feature not in html
    client.force_login(lead_member)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert start not in html and invite not in html
    # …but the page says who runs the project and how to reach them
    assert f'href="mailto:{lead_admin.email}?' in html
    client.force_login(moderator)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert feature in html and start not in html


def test_anonymous_visitors_are_invited_to_log_in_to_apply(client, lead):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)

    html = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Log in to apply" in html


# --- Partners through the pages.


def test_apply_decide_and_leave_through_the_pages(
    client, lead, lead_admin, partner, partner_admin, django_capture_on_commit_callbacks
):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)

    # an agent of another region applies
    client.force_login(partner_admin)
    page = client.get(f"/projects/{project.pk}/")
    assert page.context["apply_form"].fields["agent"].queryset.get() == partner
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/projects/{project.pk}/apply/", {"agent": partner.pk, "motivation": "Наши лаборатории помогут."}
        )
    application = ProjectParticipant.objects.get(project=project, agent=partner)
    assert response.status_code == 302 and application.status == ParticipantStatus.APPLIED
    assert [message.to for message in mail.outbox] == [[lead_admin.email]]

    # the lead's administrator sees it on "my projects" and accepts
    client.force_login(lead_admin)
    mine = client.get("/projects/mine/")
    assert list(mine.context["applications"]) == [application]
    response = client.post(f"/projects/participants/{application.pk}/decide/", {"decision": "accept"})
    application.refresh_from_db()
    assert response.status_code == 302 and application.status == ParticipantStatus.ACCEPTED
    assert project.is_interregional

    # the partner leaves
    client.force_login(partner_admin)
    response = client.post(f"/projects/participants/{application.pk}/leave/")
    application.refresh_from_db()
    assert response.status_code == 302 and application.status == ParticipantStatus.LEFT


def test_an_application_without_motivation_comes_back_with_the_error(client, lead, partner, partner_admin):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE)
    client.force_login(partner_admin)

    response = client.post(f"/projects/{project.pk}/apply/", {"agent": partner.pk, "motivation": ""})

    assert response.status_code == 200
    assert "motivation" in response.context["form"].errors
    assert not ProjectParticipant.objects.filter(agent=partner).exists()


def test_invite_and_answer_through_the_pages(client, lead, lead_admin, partner, partner_admin):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE)

    client.force_login(lead_admin)
    page = client.get(f"/projects/{project.pk}/")
    assert partner in page.context["invite_form"].fields["agent"].queryset
    assert lead not in page.context["invite_form"].fields["agent"].queryset
    client.post(f"/projects/{project.pk}/invite/", {"agent": partner.pk, "message": "Присоединяйтесь!"})
    invitation = ProjectParticipant.objects.get(project=project, agent=partner)
    assert invitation.status == ParticipantStatus.INVITED

    client.force_login(partner_admin)
    assert list(client.get("/projects/mine/").context["invitations"]) == [invitation]
    assert client.get(f"/projects/{project.pk}/").context["my_invitations"] == [invitation]
    client.post(f"/projects/participants/{invitation.pk}/respond/", {"decision": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == ParticipantStatus.ACCEPTED


def test_my_projects_groups_the_projects_of_my_agents_by_state(client, lead, lead_member, partner):
    ProjectFactory(lead_agent=lead, title_ru="Черновик")
    ProjectFactory(lead_agent=lead, title_ru="Идёт", state=ProjectState.ACTIVE)
    joined = ProjectFactory(title_ru="Партнёрский", state=ProjectState.ACTIVE)
    ParticipantFactory(project=joined, agent=lead)
    ProjectFactory(title_ru="Чужой", state=ProjectState.ACTIVE)
    client.force_login(lead_member)

    groups = client.get("/projects/mine/").context["groups"]

    assert [(state, sorted(p.title_ru for p in projects)) for state, _label, projects in groups] == [
        ("draft", ["Черновик"]),
        ("active", ["Идёт", "Партнёрский"]),
    ]


def test_my_projects_needs_a_login(client, reference_data):
    assert client.get("/projects/mine/").status_code == 302


# --- Moderation.


def submitted(lead, lead_member, when, **fields):
    project = ProjectFactory(lead_agent=lead, **fields)
    project_submit(project=make_submittable(project), actor=lead_member)
    ProjectTransition.objects.filter(project=project, to_state="submitted").update(created_at=when)
    return project


def test_the_queue_lists_submitted_projects_oldest_first_and_filters(client, lead, lead_member, moderator, voronezh):
    day = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    newer = submitted(lead, lead_member, day + datetime.timedelta(days=2), title_ru="Новее")
    older = submitted(lead, lead_member, day, title_ru="Старше", cooperation_types=["consulting"])
    civil = AgentFactory(region=voronezh, helix=Helix.CIVIL)
    other = submitted(civil, MembershipFactory(agent=civil).user, day + datetime.timedelta(days=1), title_ru="Другой")
    ProjectFactory(lead_agent=lead, title_ru="Черновик")
    client.force_login(moderator)

    def queue(**params):
        return [project.title_ru for project in client.get("/projects/moderation/", params).context["projects"]]

    assert queue() == [older.title_ru, other.title_ru, newer.title_ru]
    assert queue(helix="civil") == ["Другой"]
    assert queue(type="consulting") == ["Старше"]
    assert queue(region="RU-VOR") == ["Другой"]


def test_the_queue_is_for_moderators(client, make_user, lead_member, reference_data):
    assert client.get("/projects/moderation/").status_code == 302  # to the log-in page
    client.force_login(lead_member)
    assert client.get("/projects/moderation/").status_code == 403
    client.force_login(make_user(SiteRole.ADMINISTRATOR))
    assert client.get("/projects/moderation/").status_code == 200


def test_the_moderation_link_is_in_the_navbar_of_moderators_only(client, moderator, make_user, reference_data):
    client.force_login(make_user())
    assert 'href="/projects/moderation/"' not in client.get("/projects/").content.decode()
    client.force_login(moderator)
    assert 'href="/projects/moderation/"' in client.get("/projects/").content.decode()


def test_moderating_from_the_queue(client, lead, lead_member, moderator, django_capture_on_commit_callbacks):
    day = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    first = submitted(lead, lead_member, day)
    second = submitted(lead, lead_member, day)
    third = submitted(lead, lead_member, day)
    client.force_login(moderator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(f"/projects/{first.pk}/approve/", {"next": "/projects/moderation/"})
        changes = client.post(f"/projects/{second.pk}/request-changes/", {"comment": "Добавьте партнёров"})
        rejected = client.post(f"/projects/{third.pk}/reject/", {"reason": "Не про сотрудничество"})

    for project in (first, second, third):
        project.refresh_from_db()
    assert approved.status_code == 302 and approved["Location"] == "/projects/moderation/"
    assert changes.status_code == 302 and rejected.status_code == 302
    assert (first.state, second.state, third.state) == ("published", "changes_requested", "rejected")
    assert third.transitions.last().reason == "Не про сотрудничество"
    assert all(message.to == [lead_member.email] for message in mail.outbox) and len(mail.outbox) == 3


def test_rejecting_without_a_reason_shows_the_error_in_the_form(client, lead, lead_member, moderator):
    project = submitted(lead, lead_member, datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    client.force_login(moderator)

    response = client.post(f"/projects/{project.pk}/reject/", {"reason": "  "})

    project.refresh_from_db()
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert project.state == ProjectState.SUBMITTED


def test_the_queue_query_count_is_constant(client, moderator, lipetsk, voronezh):
    client.force_login(moderator)

    def create(n):
        for _ in range(n):
            lead = AgentFactory(region=lipetsk)
            project = submitted(lead, MembershipFactory(agent=lead).user, datetime.datetime.now(tz=datetime.UTC))
            ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))

    create(2)
    client.get("/projects/moderation/")  # caches the user's unread count and TOTP state for both measured requests
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/moderation/", {"helix": "business"})
    create(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/projects/moderation/", {"helix": "business"})

    assert len(response.context["projects"]) == 10
    assert len(many) == len(few)


def test_hiding_needs_a_reason_and_showing_restores(client, lead, lead_member, moderator):
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED, is_featured=True)
    client.force_login(moderator)

    missing = client.post(f"/projects/{project.pk}/hide/", {"reason": ""})
    hidden = client.post(f"/projects/{project.pk}/hide/", {"reason": "Спам"})
    project.refresh_from_db()
    assert missing.status_code == 200 and "reason" in missing.context["form"].errors
    assert hidden.status_code == 302 and project.is_hidden and not project.is_featured

    client.logout()
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    client.force_login(moderator)
    client.post(f"/projects/{project.pk}/show/")
    project.refresh_from_db()
    assert not project.is_hidden
