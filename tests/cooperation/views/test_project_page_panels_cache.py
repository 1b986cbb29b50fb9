"""The project page's cached panels (``cooperation.page_cache``; the facts: ``test_project_page_cache``): never
one audience's content for another, and every write that the page shows is on the next visit.

The cache is not emptied between the renders of a test (the autouse fixture empties it only between tests), so
what a first viewer's render stored is what a second viewer would be served if the key did not tell them apart.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import Attachment, Milestone, ProjectGoal, ProjectTransition
from discussion.models import Comment
from experts.choices import InvitationStatus
from monitoring.models import IndicatorValue
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.cooperation.rules.test_project_permissions import ROLES, project_world, situation  # noqa: F401
from tests.discussion.factories import CommentFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
# The states whose pages differ most between viewers (forms of the lead, moderators' buttons, hidden content).
STATES = ("draft", "submitted", "changes_requested", "published", "active", "hidden_active", "completed")


def main_of(response) -> str:
    """The page's ``<main>`` with the CSRF tokens blanked (each response has its own)."""
    html = response.content.decode()
    start, end = html.index("<main"), html.index("</main>")
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html[start:end])


def render(user, project) -> str | None:
    """The project page as ``user`` sees it (``None`` where they may not see it)."""
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(project.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return main_of(response)


# --- No audience's content for another.


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_each_role_sees_its_own_page_whoever_came_before(situation, state):  # noqa: F811
    """Every role's page, rendered after every other role's (in both orders), is the page it gets alone."""
    # given: what each role sees with nothing cached
    subjects = {role: situation(role, state) for role in ROLES}
    alone = {}
    for role, subject in subjects.items():
        cache.clear()
        alone[role] = render(subject.user, subject.project)
    # when / then: each role after all the others (whatever they left in the cache), forwards and backwards
    for order in (ROLES, tuple(reversed(ROLES))):
        cache.clear()
        for role in order:
            subject = subjects[role]
            assert render(subject.user, subject.project) == alone[role], f"{role} after others ({state})"


@pytest.mark.django_db
def test_the_moderators_reason_is_not_served_to_a_visitor_after_the_lead(situation):  # noqa: F811
    """The history's names and reasons, rendered for the lead, stay out of an anonymous visitor's page."""
    lead, visitor = situation("lead_admin", "active"), situation("anonymous", "active")
    # given
    lead_page = render(lead.user, lead.project)
    assert lead.transition.reason in lead_page
    # when
    visitor_page = render(AnonymousUser(), visitor.project)
    # then
    assert lead.transition.reason not in visitor_page
    assert "Add a milestone" not in visitor_page and "Добавить веху" not in visitor_page


@pytest.mark.django_db
def test_a_signed_in_user_does_not_get_another_users_discussion(lipetsk, make_user):
    """Own hidden comments and their reasons are their author's: another user, next, sees the comment hidden."""
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.ACTIVE)
    author, other = make_user(), make_user()
    CommentFactory(project=project, author=author, text="Мой скрытый комментарий", is_hidden=True)
    # given
    assert "Мой скрытый комментарий" in render(author, project)
    # when
    page = render(other, project)
    # then
    assert "Мой скрытый комментарий" not in page


@pytest.mark.django_db
def test_no_csrf_token_is_stored_and_each_viewer_gets_their_own(lipetsk, lead_admin, lead_agent):
    """The forms are cached without a token; the page a second time carries the viewer's current token."""
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ACTIVE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_admin)
    first = client.get(project.get_absolute_url()).content.decode()
    second = client.get(project.get_absolute_url()).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', second))
    assert tokens and "__spiral" not in first + second and all(len(token) == 64 for token in tokens)
    # the stored goal form posts with the token it carries
    token = tokens.pop()
    response = client.post(
        f"/projects/{project.pk}/goals/",
        {"csrfmiddlewaretoken": token, "horizon": "strategic", "text_ru": "Цель"},
    )
    assert response.status_code != 403


# --- Every write shows on the next render.


@pytest.fixture
def commenter(make_user):
    return make_user()


@pytest.fixture
def page(lipetsk, voronezh, lead_admin, lead_agent):
    """An active project led by ``lead_agent`` with a Voronezh partner, an indicator and an expert invited;
    ``page.see()`` renders it for its lead's administrator."""

    class Page:
        project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ACTIVE)
        partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
        indicator = IndicatorFactory(effect=EffectFactory(project=project))
        invitation = ExpertInvitationFactory(
            project=project, expert=ExpertProfileFactory(user__first_name="Эксперт", user__last_name="Экспертов")
        )

        @classmethod
        def see(cls, user=lead_admin) -> str:
            return render(user, cls.project)

    Page.see()  # fills the cache
    return Page


@pytest.mark.django_db
def test_a_comment_shows_on_the_next_render(commenter, page):
    Comment.objects.create(project=page.project, author=commenter, text="Новый комментарий к проекту")
    assert "Новый комментарий к проекту" in page.see()


@pytest.mark.django_db
def test_an_indicator_value_shows_on_the_next_render(page, lead_admin):
    IndicatorValue.objects.create(
        indicator=page.indicator, date=datetime.date(2026, 1, 15), value=987654, recorded_by=lead_admin
    )
    assert "987654" in page.see().replace("\xa0", "").replace(" ", "")


@pytest.mark.django_db
def test_an_experts_answer_shows_on_the_next_render(page):
    invitation = page.invitation
    withdraw = reverse("experts:invitation-withdraw", args=[invitation.pk])
    assert withdraw in page.see()  # pending: the lead may withdraw it
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save()
    html = page.see()
    assert withdraw not in html
    experts = html[html.index('id="experts"') :]
    assert invitation.expert.display_name in experts[: experts.index("</table>")]


@pytest.mark.django_db
def test_a_milestone_shows_on_the_next_render(page):
    Milestone.objects.create(project=page.project, title="Пилотный запуск", due_on=datetime.date(2027, 3, 1))
    assert "Пилотный запуск" in page.see()


@pytest.mark.django_db
def test_an_attachment_shows_on_the_next_render(page, lead_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Attachment.objects.create(
        project=page.project,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf"),
        title="План работ",
        size=13,
        content_type="application/pdf",
        uploaded_by=lead_admin,
    )
    assert "План работ" in page.see()


@pytest.mark.django_db
def test_a_participant_decision_shows_on_the_next_render(page, voronezh):
    application = ParticipantFactory(
        project=page.project, agent=AgentFactory(region=voronezh, name="Заявитель"), status=ParticipantStatus.APPLIED
    )
    decide = reverse("cooperation:participant-decide", args=[application.pk])
    assert decide in page.see()
    application.status = ParticipantStatus.DECLINED
    application.save()
    assert decide not in page.see()


@pytest.mark.django_db
def test_a_goal_shows_on_the_next_render(page):
    ProjectGoal.objects.create(project=page.project, horizon="strategic", text_ru="Стратегическая цель проекта")
    assert "Стратегическая цель проекта" in page.see()


@pytest.mark.django_db
def test_a_moderation_step_shows_on_the_next_render(page, make_user):
    project = page.project
    ProjectTransition.objects.create(
        project=project,
        actor=make_user(),
        from_state=ProjectState.ACTIVE,
        to_state=ProjectState.COMPLETED,
        reason="Итоги подведены досрочно",
    )
    project.state = ProjectState.COMPLETED
    project.save(update_fields=["state"])
    assert "Итоги подведены досрочно" in page.see()


@pytest.mark.django_db
def test_a_role_granted_is_a_new_audience(page, lead_agent, make_user):
    """Joining the lead organisation changes what a user sees at once (the key holds their organisations)."""
    from cooperation.choices import AgentRole, MembershipStatus
    from cooperation.models import AgentMembership

    user = make_user()
    goals = f'action="/projects/{page.project.pk}/goals/"'
    assert goals not in page.see(user)
    AgentMembership.objects.create(
        user=user, agent=lead_agent, role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED
    )
    assert goals in page.see(user)


@pytest.mark.django_db
def test_a_moderator_role_granted_shows_the_discussions_controls_at_once(page, make_user):
    """The discussion is cached per user and their roles: a user made moderator gets the hide buttons next."""
    from accounts.choices import SiteRole
    from tests.accounts.factories import grant

    comment = CommentFactory(project=page.project, text="Комментарий для модератора")
    user = make_user()
    hide = reverse("discussion:comment-hide", args=[comment.pk])
    assert hide not in page.see(user)
    grant(user, SiteRole.MODERATOR)
    user.refresh_from_db()
    assert hide in page.see(user)
