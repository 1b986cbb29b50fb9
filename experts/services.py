"""Writes about experts: their profiles, the invitations of project leads and their answers, and consultations
between agents of different regions (request, answer, result, confirmation or dispute).

Each write is one transaction. State changes lock the row they change (the
project when inviting, the invitation when answering or withdrawing), check
the state first (``InvalidStateError`` with the current state, the API's 409)
and then the permission (``PermissionDenied``), write an audit-log row and
schedule the e-mails for after the commit. An expert who double-clicks
"accept" is serialised by the row lock: the second click finds the invitation
answered and gets ``InvalidStateError``. The shape is written once: ``_lock_in_state`` (lock, state, permission)
and ``_record_step`` (status, who and when, the audit row) serve every answer and every consultation step.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import MembershipStatus
from cooperation.models import Agent, AgentMembership, Project
from cooperation.models.projects import OPEN_STATES
from cooperation.notifications import notify_on_commit
from cooperation.selectors import agent_administrators, agent_members, user_agent_roles
from core.exceptions import InvalidStateError

from .choices import ConsultationStatus, InvitationStatus
from .models import OPEN_INVITATION_STATUSES, Consultation, ExpertInvitation, ExpertProfile, project_url

#: What the owner edits, in the order the form shows it: the one list the form and the API's
#: serializer take their fields from. ``full_name`` is the user's name, ``competences`` a relation.
PROFILE_EDITABLE_FIELDS = (
    "full_name",
    "headline_ru",
    "headline_en",
    "bio_ru",
    "bio_en",
    "region",
    "agent",
    "competences",
    "languages",
    "availability",
    "contact_email",
    "is_published",
)
# Fields of ``expert_profile_save`` stored on the profile row.
PROFILE_FIELDS = frozenset(PROFILE_EDITABLE_FIELDS) - {"full_name", "competences"}

EVENT_INVITED = "experts/email/expert_invited"
EVENT_RESPONDED = "experts/email/expert_responded"
EVENT_WITHDRAWN = "experts/email/invitation_withdrawn"
EVENT_CONSULTATION_REQUESTED = "experts/email/consultation_requested"
EVENT_CONSULTATION_ANSWERED = "experts/email/consultation_answered"
EVENT_CONSULTATION_COMPLETED = "experts/email/consultation_completed"
EVENT_CONSULTATION_DECIDED = "experts/email/consultation_decided"


def _profile_assign(profile: ExpertProfile, fields: dict[str, Any], *, created: bool) -> list[str]:
    """Set the given fields (text stripped, languages as a list); return the names of those that changed."""
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if name == "languages":
            value = list(value or [])
        if created or getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    return changed


def _agent_errors(profile: ExpertProfile, user: User) -> dict[str, list]:
    """The organisation named must be one the user acts for, in the profile's region."""
    agent = profile.agent
    if agent is None or agent.pk not in user_agent_roles(user):
        return {"agent": [_("Name an organisation you act for on Spiral.")]}
    if agent.region_id != profile.region_id:
        return {
            "agent": [
                _("%(agent)s is in %(region)s: choose that region or another organisation.")
                % {"agent": agent.display_name, "region": agent.region.name}
            ]
        }
    return {}


def _profile_errors(
    profile: ExpertProfile, user: User, *, name_changed: bool, competences: list[Any] | None, created: bool
) -> dict[str, list]:
    """Every problem of the profile and the user's name, by field (a published profile needs both a name and
    at least one competence)."""
    errors: dict[str, list] = {}
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if name_changed:
        try:
            user._meta.get_field("full_name").clean(user.full_name, user)
        except ValidationError as error:
            errors["full_name"] = error.messages
    if profile.agent_id:
        errors.update(_agent_errors(profile, user))
    if profile.is_published:
        if not user.full_name:
            errors.setdefault("full_name", []).append(_("Give your name: a published profile shows it."))
        has_competences = bool(competences) if competences is not None else not created and profile.competences.exists()
        if not has_competences:
            errors.setdefault("competences", []).append(
                _("Choose at least one competence: leads find experts by competence.")
            )
    return errors


@transaction.atomic
def expert_profile_save(
    *, user: User, full_name: str | None = None, competences: Iterable[Any] | None = None, **fields: Any
) -> ExpertProfile:
    """Create the user's expert profile, or change the given fields of it.

    ``full_name`` updates the user's name, which is the name the profile shows.
    A published profile needs a name and at least one competence, so that
    leads can find the expert by competence and know whom they invite.
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"expert_profile_save() got unexpected fields: {', '.join(sorted(unknown))}")
    if not user.has_perm("experts.add_expertprofile"):
        raise PermissionDenied
    # The user's row lock serialises two saves of the same (maybe not yet existing) profile.
    locked_user = get_user_model().objects.select_for_update().get(pk=user.pk)
    profile = ExpertProfile.objects.filter(user=locked_user).first()
    created = profile is None
    if profile is None:
        profile = ExpertProfile(user=locked_user)
    elif not user.has_perm("experts.change_expertprofile", profile):
        raise PermissionDenied

    changed = _profile_assign(profile, fields, created=created)
    name_changed = full_name is not None and full_name.strip() != locked_user.full_name
    if name_changed:
        locked_user.full_name = (full_name or "").strip()  # name_changed: a name was given
    competences = list(competences) if competences is not None else None
    errors = _profile_errors(profile, locked_user, name_changed=name_changed, competences=competences, created=created)
    if errors:
        raise ValidationError(errors)

    if name_changed:
        locked_user.save(update_fields=["full_name"])
        user.full_name = locked_user.full_name
        changed.append("full_name")
    stored = sorted(set(changed) & PROFILE_FIELDS)
    if created:
        profile.save()
    elif stored:
        profile.save(update_fields=[*stored, "updated_at"])
    if competences is not None and (created or set(profile.competences.all()) != set(competences)):
        profile.competences.set(competences)
        changed.append("competences")
    if created:
        audit_log(actor=user, action="expert_profile.created", target=profile, published=profile.is_published)
    elif changed:
        audit_log(actor=user, action="expert_profile.updated", target=profile, fields=sorted(changed))
    return profile


# --- The decided-request shape, once: invitation answers and every step of a consultation.

_Row = TypeVar("_Row", ExpertInvitation, Consultation)


def _lock_in_state(
    queryset: QuerySet[_Row],
    row: _Row,
    *,
    actor: User,
    permission: str,
    from_status: str,
    message: str,
    check: Callable[[_Row], None] | None = None,
) -> _Row:
    """Lock the row (``queryset`` says what to load with it), check its state (``InvalidStateError`` with
    ``message``: the API's 409; then ``check``, which raises its own) and then the permission (403).

    A second click on the same step waits for the first one's lock and then finds the state moved on.
    """
    row = queryset.select_for_update(of=("self",)).get(pk=row.pk)
    if row.status != from_status:
        raise InvalidStateError(message, state=row.status)
    if check is not None:
        check(row)
    if not actor.has_perm(permission, row):
        raise PermissionDenied
    return row


def _record_step(
    row: _Row,
    *,
    actor: User,
    to_status: str,
    audit_action: str,
    stamp: str = "decided",
    now: datetime | None = None,
    changes: dict[str, Any] | None = None,
    validate: bool = False,
    **audit: Any,
) -> _Row:
    """Set the new status, who and when (``<stamp>_by``, ``<stamp>_at``) and ``changes``; save those columns
    alone (``full_clean`` first with ``validate``); write the audit row ``<audit_action>.<status>`` with
    ``audit`` as its details. The caller tells whom the step concerns (on commit)."""
    fields = {"status": to_status, f"{stamp}_by": actor, f"{stamp}_at": now or timezone.now(), **(changes or {})}
    for name, value in fields.items():
        setattr(row, name, value)
    if validate:
        row.full_clean()
    update_fields = list(fields)
    if any(field.name == "updated_at" for field in row._meta.concrete_fields):
        update_fields.append("updated_at")
    row.save(update_fields=update_fields)
    audit_log(actor=actor, action=f"{audit_action}.{row.status}", target=row, **audit)
    return row


# --- Invitations.


def _already_invited() -> ValidationError:
    return ValidationError({"expert": _("This expert is already invited to the project or takes part in it.")})


def _is_lead_member(profile: ExpertProfile, project: Project) -> bool:
    return AgentMembership.objects.filter(
        agent_id=project.lead_agent_id, user_id=profile.user_id, status=MembershipStatus.APPROVED
    ).exists()


@transaction.atomic
def expert_invite(*, project: Project, expert: ExpertProfile, actor: User, message: str = "") -> ExpertInvitation:
    """A member of the lead agent invites a published expert to an open project.

    The lead's own members cannot be its experts (expert involvement is
    evidence of cooperation with someone outside the lead). Two identical
    invitations at once produce one: the project row lock serialises them, and
    the partial unique constraint is the backstop.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state not in OPEN_STATES:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm("experts.invite_expert", project):
        raise PermissionDenied
    expert = ExpertProfile.objects.select_related("user").get(pk=expert.pk)
    if not expert.is_published:
        raise ValidationError({"expert": _("This expert profile is not published.")})
    if _is_lead_member(expert, project):
        raise ValidationError(
            {"expert": _("Members of the lead organisation cannot be invited as experts of its own project.")}
        )
    if ExpertInvitation.objects.filter(project=project, expert=expert, status__in=OPEN_INVITATION_STATUSES).exists():
        raise _already_invited()
    try:
        with transaction.atomic():
            invitation = ExpertInvitation(
                project=project,
                expert=expert,
                invited_by=actor,
                message=(message or "").strip(),
                status=InvitationStatus.INVITED,
            )
            invitation.full_clean(validate_constraints=False)
            invitation.save()
    except IntegrityError as error:
        raise _already_invited() from error
    audit_log(actor=actor, action="expert.invited", target=invitation, project=project.pk, expert=expert.pk)
    notify_on_commit(
        users=[expert.user],
        template=EVENT_INVITED,
        context={"project": project, "invitation": invitation, "url": reverse("experts:my-invitations")},
        exclude=actor,
    )
    return invitation


_INVITATION_ROWS = ExpertInvitation.objects.select_related("project", "project__lead_agent", "expert", "expert__user")


def _project_open(invitation: ExpertInvitation) -> None:
    if invitation.project.state not in OPEN_STATES:
        raise InvalidStateError(_("The project is no longer open."), state=invitation.project.state)


@transaction.atomic
def expert_invitation_respond(
    *, invitation: ExpertInvitation, actor: User, accept: bool, now: datetime | None = None
) -> ExpertInvitation:
    """The invited expert accepts or declines; the lead agent's administrators are told.

    An accepted invitation makes the user an expert of the project (evidence of cooperation level 2).
    """
    invitation = _lock_in_state(
        _INVITATION_ROWS,
        invitation,
        actor=actor,
        permission="experts.respond_expertinvitation",
        from_status=InvitationStatus.INVITED,
        message=_("This invitation has already been answered."),
        check=_project_open,
    )
    project = invitation.project
    _record_step(
        invitation,
        actor=actor,
        to_status=InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED,
        audit_action="expert_invitation",
        now=now,
        project=project.pk,
        expert=invitation.expert_id,
    )
    notify_on_commit(
        users=agent_administrators(project.lead_agent),
        template=EVENT_RESPONDED,
        context={"project": project, "invitation": invitation, "url": project_url(project)},
        exclude=actor,
    )
    return invitation


@transaction.atomic
def expert_invitation_withdraw(
    *, invitation: ExpertInvitation, actor: User, now: datetime | None = None
) -> ExpertInvitation:
    """A member of the lead agent withdraws an invitation the expert has not answered yet."""
    invitation = _lock_in_state(
        _INVITATION_ROWS,
        invitation,
        actor=actor,
        permission="experts.withdraw_expertinvitation",
        from_status=InvitationStatus.INVITED,
        message=_("This invitation has already been answered."),
    )
    _record_step(
        invitation,
        actor=actor,
        to_status=InvitationStatus.WITHDRAWN,
        audit_action="expert_invitation",
        now=now,
        project=invitation.project_id,
        expert=invitation.expert_id,
    )
    notify_on_commit(
        users=[invitation.expert.user],
        template=EVENT_WITHDRAWN,
        context={"project": invitation.project, "invitation": invitation, "url": reverse("experts:my-invitations")},
        exclude=actor,
    )
    return invitation


# --- Consultations (seed 000's level 2: an agent of one region advises an agent of another).


def _consultation_side(agent: Agent, *also: User | None) -> list:
    """Everyone who acts for ``agent``, and ``also`` (the requester, say) when not among them."""
    users = agent_members(agent)
    known = {user.pk for user in users}
    return users + [user for user in also if user is not None and user.pk not in known]


def _notify_consultation(consultation: Consultation, *, users: list, template: str, actor: User) -> None:
    notify_on_commit(
        users=users,
        template=template,
        context={"consultation": consultation, "actor": actor, "url": consultation.get_absolute_url()},
        exclude=actor,
    )


def _text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def consultation_request(
    *,
    actor: User,
    advised_agent: Agent,
    advising_agent: Agent,
    subject: str,
    starts_on: date | None,
    ends_on: date | None = None,
    description: str = "",
) -> Consultation:
    """The advised side asks an agent of another region for advice on its development.

    ``actor`` acts for ``advised_agent`` (any helix; typically a government
    authority); ``advising_agent`` is in another region. The advising agent's
    members are told.
    """
    if not actor.has_perm("experts.add_consultation"):
        raise PermissionDenied
    advised_agent = Agent.objects.select_related("region").get(pk=advised_agent.pk)
    advising_agent = Agent.objects.select_related("region").get(pk=advising_agent.pk)
    if advised_agent.pk not in user_agent_roles(actor):
        raise ValidationError({"advised_agent": [_("Choose an organisation you act for on Spiral.")]})
    if not actor.has_perm("experts.request_consultation", advising_agent):
        raise PermissionDenied
    if advised_agent.region_id == advising_agent.region_id:
        raise ValidationError(
            {
                "advising_agent": [
                    _("A consultation is advice from another region: choose an organisation of another region.")
                ]
            }
        )
    if starts_on is None:
        raise ValidationError({"starts_on": [_("Give the start date.")]})
    consultation = Consultation(
        advised_agent=advised_agent,
        advising_agent=advising_agent,
        subject=_text(subject),
        description=_text(description),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_by=actor,
        status=ConsultationStatus.REQUESTED,
    )
    consultation.full_clean()
    consultation.save()
    audit_log(
        actor=actor,
        action="consultation.requested",
        target=consultation,
        to_state=ConsultationStatus.REQUESTED,
        advised_agent=advised_agent.pk,
        advising_agent=advising_agent.pk,
    )
    _notify_consultation(
        consultation, users=_consultation_side(advising_agent), template=EVENT_CONSULTATION_REQUESTED, actor=actor
    )
    return consultation


_CONSULTATION_ROWS = Consultation.objects.select_related("advised_agent", "advising_agent", "requested_by")


def _step(consultation: Consultation, *, actor: User, permission: str, from_status: str, message: str) -> Consultation:
    return _lock_in_state(
        _CONSULTATION_ROWS, consultation, actor=actor, permission=permission, from_status=from_status, message=message
    )


@transaction.atomic
def consultation_answer(
    *, consultation: Consultation, actor: User, accept: bool, reason: str = "", now: datetime | None = None
) -> Consultation:
    """The advising side accepts the request or declines it (a reason is optional); the advised side is told."""
    consultation = _step(
        consultation,
        actor=actor,
        permission="experts.accept_consultation" if accept else "experts.decline_consultation",
        from_status=ConsultationStatus.REQUESTED,
        message=_("This request has already been answered."),
    )
    status = ConsultationStatus.ACCEPTED if accept else ConsultationStatus.DECLINED
    reason = "" if accept else _text(reason)
    _record_step(
        consultation,
        actor=actor,
        to_status=status,
        audit_action="consultation",
        stamp="answered",
        now=now,
        changes={"reason": reason},
        from_state=ConsultationStatus.REQUESTED,
        to_state=status,
        reason=reason,
    )
    _notify_consultation(
        consultation,
        users=_consultation_side(consultation.advised_agent, consultation.requested_by),
        template=EVENT_CONSULTATION_ANSWERED,
        actor=actor,
    )
    return consultation


@transaction.atomic
def consultation_complete(
    *,
    consultation: Consultation,
    actor: User,
    result_summary: str = "",
    result_document: Any = None,
    ends_on: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Consultation:
    """The advising side submits the result: a document and/or a summary, and the day the advice ended.

    The end day is not in the future and not before the start. The advised side is told and asked to confirm.
    """
    consultation = _step(
        consultation,
        actor=actor,
        permission="experts.complete_consultation",
        from_status=ConsultationStatus.ACCEPTED,
        message=_("Only an accepted consultation can be completed."),
    )
    today = today or timezone.localdate()
    ends_on = ends_on or consultation.ends_on or today
    errors: dict[str, list] = {}
    if ends_on > today:
        errors["ends_on"] = [_("The consultation cannot end in the future: submit the result once it is given.")]
    summary = _text(result_summary)
    if not summary and not result_document:
        errors["result_summary"] = [_("Attach the result document or summarise the result.")]
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {"result_summary": summary, "ends_on": ends_on}
    if result_document:
        changes["result_document"] = result_document
    _record_step(
        consultation,
        actor=actor,
        to_status=ConsultationStatus.COMPLETED,
        audit_action="consultation",
        stamp="completed",
        now=now,
        changes=changes,
        validate=True,
        from_state=ConsultationStatus.ACCEPTED,
        to_state=ConsultationStatus.COMPLETED,
        document=bool(result_document),
    )
    _notify_consultation(
        consultation,
        users=_consultation_side(consultation.advised_agent, consultation.requested_by),
        template=EVENT_CONSULTATION_COMPLETED,
        actor=actor,
    )
    return consultation


def _decide_consultation(
    consultation: Consultation, *, actor: User, confirm: bool, reason: str, now: datetime | None
) -> Consultation:
    consultation = _step(
        consultation,
        actor=actor,
        permission="experts.confirm_consultation" if confirm else "experts.dispute_consultation",
        from_status=ConsultationStatus.COMPLETED,
        message=_("This consultation has already been confirmed or disputed, or has no result yet."),
    )
    status = ConsultationStatus.CONFIRMED if confirm else ConsultationStatus.DISPUTED
    # The save of a confirmed consultation schedules the levels' recomputation (``levels.signals``).
    _record_step(
        consultation,
        actor=actor,
        to_status=status,
        audit_action="consultation",
        now=now,
        changes={"reason": reason},
        from_state=ConsultationStatus.COMPLETED,
        to_state=status,
        reason=reason,
    )
    _notify_consultation(
        consultation,
        users=_consultation_side(consultation.advising_agent, consultation.completed_by),
        template=EVENT_CONSULTATION_DECIDED,
        actor=actor,
    )
    return consultation


@transaction.atomic
def consultation_confirm(*, consultation: Consultation, actor: User, now: datetime | None = None) -> Consultation:
    """The advised side stands behind the result: the consultation becomes evidence of level 2 for the two
    regions and the levels are recomputed. Two clicks at once record one confirmation (row lock; 409)."""
    return _decide_consultation(consultation, actor=actor, confirm=True, reason="", now=now)


@transaction.atomic
def consultation_dispute(
    *, consultation: Consultation, actor: User, reason: str, now: datetime | None = None
) -> Consultation:
    """The advised side disputes the result, saying why: it never counts."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": [_("Say why the result is disputed.")]})
    return _decide_consultation(consultation, actor=actor, confirm=False, reason=reason, now=now)
