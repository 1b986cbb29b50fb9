"""Writes for projects and their participants.

Each transition is one transaction: it locks the project (or participation)
row, checks the state (``InvalidStateError`` with the current state, the API's
409) and then the permission (``PermissionDenied``), changes the row, writes a
``ProjectTransition`` and an audit-log row, and schedules the e-mails for after
the commit. Two moderators acting at once are serialised by the row lock: the
second finds the new state and gets ``InvalidStateError``.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.checklist import failing_lines, submission_checklist
from cooperation.choices import ParticipantRole, ParticipantStatus, ProjectState
from cooperation.models import Agent, Objective, Project, ProjectParticipant, ProjectTransition
from cooperation.models.projects import ACTIVE_PARTICIPATION, EDITABLE_STATES, OPEN_STATES
from cooperation.notifications import notify_on_commit, project_followers
from cooperation.project_selectors import project_runners
from cooperation.selectors import (
    agent_administrators,
    agent_members,
    allowed_directions,
    allowed_rubrics,
    moderators,
    user_agent_roles,
)
from cooperation.services.fit import project_fit_refresh
from core.exceptions import InvalidStateError

#: What the lead's members edit, in the order the form shows it: the one list the form and the API's
#: serializer take their fields from (they add ``lead_agent``, chosen once when the project is drafted).
PROJECT_EDITABLE_FIELDS = (
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "description",
    "description_en",
    "cooperation_types",
    "objectives",
    "directions",
    "rubrics",
    "starts_on",
    "ends_on",
    "helix_reason",
)
# Of those, the many-to-many ones are set after the row is saved.
RELATED_FIELDS = frozenset({"objectives", "directions", "rubrics"})
EDITABLE_FIELDS = frozenset(PROJECT_EDITABLE_FIELDS) - RELATED_FIELDS


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _check(project: Project, *, actor: User, permission: str, states: Iterable[str]) -> None:
    """Wrong state first (the caller learns the current state), then the permission."""
    if project.state not in states:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm(permission, project):
        raise PermissionDenied


def _required(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _move(project: Project, *, actor: User, to_state: str, action: str, reason: str = "", **details: Any) -> Project:
    """Change the (locked) project's state and record the step in the transition log and the audit log."""
    from_state = project.state
    project.state = to_state
    project.save(update_fields=["state", "updated_at"])
    ProjectTransition.objects.create(
        project=project, actor=actor, from_state=from_state, to_state=to_state, reason=reason
    )
    audit_log(
        actor=actor,
        action=action,
        target=project,
        from_state=from_state,
        to_state=to_state,
        reason=reason or None,
        **details,
    )
    return project


def _classifications(related: dict[str, Any]) -> dict[str, list]:
    """``related`` as lists, refusing directions and rubrics outside the allowed items (one error per field).

    The form and the API offer the same querysets (``selectors.allowed_directions``/``allowed_rubrics``);
    checking here keeps any other caller from storing, say, an OKVED1 section or a FEACN group.
    """
    related = {name: list(values or ()) for name, values in related.items()}
    allowed = {
        "directions": (allowed_directions, _("Specialisation directions are chosen from OKVED2.")),
        "rubrics": (allowed_rubrics, _("S&T rubrics are chosen from GRNTI.")),
    }
    errors = {}
    for name, (queryset, message) in allowed.items():
        ids = {getattr(item, "pk", item) for item in related.get(name, ())}
        if ids and queryset().filter(pk__in=ids).count() != len(ids):
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    return related


def _set_related(project: Project, related: dict[str, Any]) -> None:
    for name, values in related.items():
        getattr(project, name).set(list(values or ()))


# --- Creating and editing.


@transaction.atomic
def project_create(
    *,
    lead_agent: Agent,
    actor: User,
    cooperation_types: list[str],
    title_ru: str = "",
    title_en: str = "",
    summary_ru: str = "",
    summary_en: str = "",
    description: str = "",
    description_en: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    helix_reason: str = "",
    objectives: Iterable[Objective] = (),
    directions: Iterable[Any] = (),
    rubrics: Iterable[Any] = (),
    partners: Iterable[Agent] = (),
    now: datetime | None = None,
) -> Project:
    """A member of ``lead_agent`` drafts a project; the agent becomes its accepted lead participant
    (from ``now``, the moment of the drafting: a project recorded afterwards gives its real date).

    ``partners`` are invited from the draft: the invitations wait with the project and are sent
    when moderators publish it (see :func:`participant_invite`).
    """
    if not actor.has_perm("cooperation.add_project", lead_agent):
        raise PermissionDenied
    related = _classifications({"objectives": objectives, "directions": directions, "rubrics": rubrics})
    project = Project(
        lead_agent=lead_agent,
        created_by=actor,
        cooperation_types=list(cooperation_types),
        title_ru=title_ru.strip(),
        title_en=title_en.strip(),
        summary_ru=summary_ru.strip(),
        summary_en=summary_en.strip(),
        description=description.strip(),
        description_en=description_en.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        helix_reason=helix_reason.strip(),
    )
    project.full_clean()
    project.save()
    _set_related(project, related)
    ProjectParticipant.objects.create(
        project=project,
        agent=lead_agent,
        role=ParticipantRole.LEAD,
        status=ParticipantStatus.ACCEPTED,
        created_by=actor,
        decided_by=actor,
        decided_at=now or timezone.now(),
    )
    ProjectTransition.objects.create(project=project, actor=actor, from_state="", to_state=ProjectState.DRAFT)
    audit_log(actor=actor, action="project.created", target=project, lead_agent=lead_agent.pk)
    for agent in partners:
        participant_invite(project=project, agent=agent, actor=actor)
    project_fit_refresh(project_ids=[project.pk])
    return project


#: The actions whose request carries a body: (permission, states that allow it; ``None`` for any state).
#: Partners are invited from the draft (sent when the project is published) and while it is open.
INVITE_STATES = (*EDITABLE_STATES, *OPEN_STATES)

_ACTIONS_WITH_A_BODY = {
    "update": ("cooperation.change_project", EDITABLE_STATES),
    "request_changes": ("cooperation.moderate_project", (ProjectState.SUBMITTED,)),
    "reject": ("cooperation.moderate_project", (ProjectState.SUBMITTED,)),
    "hide": ("cooperation.hide_project", None),
    "invite": ("cooperation.invite_project", INVITE_STATES),
}


def project_check_allowed(*, project: Project, actor: User, action: str) -> None:
    """Raise as the service of ``action`` would for the state (409) or the permission (403), writing nothing.

    The API asks it before it validates the body: a caller who may not act learns nothing from the
    validation, and none of the body's lookups run for them.
    """
    permission, states = _ACTIONS_WITH_A_BODY[action]
    if states is None:
        if not actor.has_perm(permission, project):
            raise PermissionDenied
        return
    _check(project, actor=actor, permission=permission, states=states)


@transaction.atomic
def project_update(*, project: Project, actor: User, **fields: Any) -> Project:
    """The lead's members edit a draft (or a project moderators sent back); only given fields change."""
    unknown = set(fields) - EDITABLE_FIELDS - RELATED_FIELDS
    if unknown:
        raise TypeError(f"project_update() got unexpected fields: {', '.join(sorted(unknown))}")
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.change_project", states=EDITABLE_STATES)
    related = _classifications({name: value for name, value in fields.items() if name in RELATED_FIELDS})
    changed = []
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            value = value.strip() if isinstance(value, str) else value
            if getattr(project, name) != value:
                setattr(project, name, value)
                changed.append(name)
    project.full_clean()
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
    _set_related(project, related)
    if changed or related:
        audit_log(actor=actor, action="project.updated", target=project, fields=sorted([*changed, *related]))
    if related:
        project_fit_refresh(project_ids=[project.pk])
    return project


# --- The workflow.


@transaction.atomic
def project_submit(*, project: Project, actor: User) -> Project:
    """The lead's member sends a draft (or a revised project) to the moderators."""
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.submit_project", states=EDITABLE_STATES)
    project.full_clean()  # a draft saved by older rules must still be complete when submitted
    missing = failing_lines(submission_checklist(project))
    if missing:
        # The moderators' queue gets no project missing the basics (``cooperation.checklist`` decides them).
        raise ValidationError(
            [_("The project is not ready: %(line)s") % {"line": f"{line.label} — {line.detail}"} for line in missing]
        )
    _move(project, actor=actor, to_state=ProjectState.SUBMITTED, action="project.submitted")
    notify_on_commit(
        users=moderators(), template="cooperation/email/project_submitted", context={"project": project}, exclude=actor
    )
    return project


def _moderate(project: Project, *, actor: User, to_state: str, action: str, template: str, reason: str = "") -> Project:
    _move(project, actor=actor, to_state=to_state, action=action, reason=reason)
    notify_on_commit(
        users=agent_members(project.lead_agent),
        template=template,
        context={"project": project, "reason": reason},
        exclude=actor,
    )
    return project


@transaction.atomic
def project_approve(*, project: Project, actor: User) -> Project:
    """A moderator publishes a submitted project: it becomes public and open for partners."""
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.moderate_project", states=[ProjectState.SUBMITTED])
    _moderate(
        project,
        actor=actor,
        to_state=ProjectState.PUBLISHED,
        action="project.approved",
        template="cooperation/email/project_approved",
    )
    # The invitations made from the draft are sent now that the partners may see the project.
    for participant in project.participants.filter(status=ParticipantStatus.INVITED).select_related("agent"):
        _notify_invited(project, participant, exclude=actor)
    return project


@transaction.atomic
def project_request_changes(*, project: Project, actor: User, comment: str) -> Project:
    """A moderator sends a submitted project back to its lead with a comment saying what to change."""
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.moderate_project", states=[ProjectState.SUBMITTED])
    comment = _required(comment, field="comment", message=_("Say what should be changed."))
    return _moderate(
        project,
        actor=actor,
        to_state=ProjectState.CHANGES_REQUESTED,
        action="project.changes_requested",
        template="cooperation/email/project_changes_requested",
        reason=comment,
    )


@transaction.atomic
def project_reject(*, project: Project, actor: User, reason: str) -> Project:
    """A moderator rejects a submitted project, giving the reason."""
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.moderate_project", states=[ProjectState.SUBMITTED])
    reason = _required(reason, field="reason", message=_("Give the reason for rejecting the project."))
    return _moderate(
        project,
        actor=actor,
        to_state=ProjectState.REJECTED,
        action="project.rejected",
        template="cooperation/email/project_rejected",
        reason=reason,
    )


def _run(project: Project, *, actor: User, permission: str, from_state: str, to_state: str, name: str) -> Project:
    project = _locked(project)
    _check(project, actor=actor, permission=permission, states=[from_state])
    _move(project, actor=actor, to_state=to_state, action=f"project.{name}")
    notify_on_commit(
        users=project_followers(project),
        template=f"cooperation/email/project_{name}",
        context={"project": project},
        exclude=actor,
    )
    return project


def _not_in_future(value: date | None, *, field: str, today: date) -> None:
    if value is not None and value > today:
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def project_start(
    *, project: Project, actor: User, started_on: date | None = None, today: date | None = None
) -> Project:
    """Those who run a published project start it on the day the work actually began (today by default).

    The actual start (never in the future) is what monitoring counts from; the planned dates stay as
    they were and can be corrected with :func:`project_change_dates`. Partners may still join.
    """
    today = today or timezone.localdate()
    started_on = started_on or today
    _not_in_future(started_on, field="started_on", today=today)
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.start_project", states=[ProjectState.PUBLISHED])
    project.started_on = started_on
    project.save(update_fields=["started_on", "updated_at"])
    _move(
        project, actor=actor, to_state=ProjectState.ACTIVE, action="project.started", started_on=started_on.isoformat()
    )
    notify_on_commit(
        users=project_followers(project),
        template="cooperation/email/project_started",
        context={"project": project},
        exclude=actor,
    )
    return project


DATE_FIELDS = ("starts_on", "ends_on", "started_on")


@transaction.atomic
def project_change_dates(*, project: Project, actor: User, today: date | None = None, **dates: date | None) -> Project:
    """Those who run a published or active project correct its planned dates and (once active) its actual start.

    Only the given dates change; the audit row keeps the old and the new values. The actual start
    cannot be in the future nor removed, and cannot be set before the project is started.
    """
    unknown = set(dates) - set(DATE_FIELDS)
    if unknown:
        raise TypeError(f"project_change_dates() got unexpected fields: {', '.join(sorted(unknown))}")
    today = today or timezone.localdate()
    project = _locked(project)
    _check(
        project,
        actor=actor,
        permission="cooperation.change_dates_project",
        states=[ProjectState.PUBLISHED, ProjectState.ACTIVE],
    )
    if "started_on" in dates:
        if project.state != ProjectState.ACTIVE:
            raise ValidationError({"started_on": _("The actual start is given when the project is started.")})
        if dates["started_on"] is None:
            raise ValidationError({"started_on": _("Give the date the project actually started.")})
        _not_in_future(dates["started_on"], field="started_on", today=today)
    changed = {name: value for name, value in dates.items() if getattr(project, name) != value}
    before = {name: getattr(project, name) for name in changed}
    for name, value in changed.items():
        setattr(project, name, value)
    project.full_clean()
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
        audit_log(
            actor=actor,
            action="project.dates_changed",
            target=project,
            before={name: value.isoformat() if value else None for name, value in before.items()},
            after={name: value.isoformat() if value else None for name, value in changed.items()},
        )
    return project


@transaction.atomic
def project_complete(*, project: Project, actor: User) -> Project:
    """Those who run the project declare an active project completed."""
    return _run(
        project,
        actor=actor,
        permission="cooperation.complete_project",
        from_state=ProjectState.ACTIVE,
        to_state=ProjectState.COMPLETED,
        name="completed",
    )


@transaction.atomic
def project_archive(*, project: Project, actor: User) -> Project:
    """Those who run the project archive a completed project."""
    return _run(
        project,
        actor=actor,
        permission="cooperation.archive_project",
        from_state=ProjectState.COMPLETED,
        to_state=ProjectState.ARCHIVED,
        name="archived",
    )


# --- Moderation flags (not workflow states: audited, but not in the transition log).


@transaction.atomic
def project_feature(*, project: Project, actor: User, featured: bool = True) -> Project:
    """A moderator features a public project on the home page, or stops featuring it."""
    project = _locked(project)
    if not actor.has_perm("cooperation.feature_project", project):
        raise PermissionDenied
    if featured and project.is_hidden:
        raise ValidationError(_("A hidden project cannot be featured."))
    if project.is_featured != featured:
        project.is_featured = featured
        project.save(update_fields=["is_featured", "updated_at"])
        audit_log(actor=actor, action="project.featured" if featured else "project.unfeatured", target=project)
    return project


@transaction.atomic
def project_hide(*, project: Project, actor: User, hidden: bool = True, reason: str = "") -> Project:
    """A moderator hides an abusive public project (reason required) or shows it again.

    A hidden project stays visible to its lead, its partners and the staff; it stops being featured.
    """
    project = _locked(project)
    if not actor.has_perm("cooperation.hide_project", project):
        raise PermissionDenied
    if hidden:
        reason = _required(reason, field="reason", message=_("Give the reason for hiding the project."))
    if project.is_hidden != hidden:
        project.is_hidden = hidden
        project.is_featured = project.is_featured and not hidden
        project.save(update_fields=["is_hidden", "is_featured", "updated_at"])
        audit_log(
            actor=actor, action="project.hidden" if hidden else "project.shown", target=project, reason=reason or None
        )
        if hidden:
            notify_on_commit(
                users=agent_members(project.lead_agent),
                template="cooperation/email/project_hidden",
                context={"project": project, "reason": reason},
                exclude=actor,
            )
    return project


# --- Participants.


def _already_taking_part() -> ValidationError:
    return ValidationError(
        {"agent": _("This organisation already takes part in the project, has applied or is invited.")}
    )


def _create_participation(**fields: Any) -> ProjectParticipant:
    """Insert a participation; the partial unique constraint turns a duplicate into a per-field error."""
    try:
        with transaction.atomic():
            participant = ProjectParticipant(**fields)
            participant.full_clean(validate_constraints=False)
            participant.save()
    except IntegrityError as error:
        raise _already_taking_part() from error
    return participant


def _is_taking_part(project: Project, agent: Agent) -> bool:
    return project.participants.filter(agent=agent, status__in=ACTIVE_PARTICIPATION).exists()


@transaction.atomic
def participant_apply(*, project: Project, agent: Agent, actor: User, motivation: str) -> ProjectParticipant:
    """A member of ``agent`` applies, with a short motivation, for it to join an open project as a partner.

    Two identical applications (a double click, two tabs) produce one: the
    project row lock serialises them, and the partial unique constraint is the backstop.
    """
    project = _locked(project)
    if project.state not in OPEN_STATES:
        raise InvalidStateError(state=project.state)
    if agent.pk not in user_agent_roles(actor):
        raise PermissionDenied
    # Checked before the permission (which needs a free agent) so that a repeated application says why.
    if agent.pk == project.lead_agent_id or _is_taking_part(project, agent):
        raise _already_taking_part()
    if not actor.has_perm("cooperation.apply_project", project):
        raise PermissionDenied
    if not agent.is_verified:
        raise ValidationError({"agent": _("Only verified organisations can join projects.")})
    motivation = _required(
        motivation, field="motivation", message=_("Say briefly why your organisation wants to join.")
    )
    participant = _create_participation(
        project=project,
        agent=agent,
        role=ParticipantRole.PARTNER,
        status=ParticipantStatus.APPLIED,
        motivation=motivation,
        created_by=actor,
    )
    audit_log(actor=actor, action="participant.applied", target=participant, project=project.pk, agent=agent.pk)
    notify_on_commit(
        users=project_runners(project),
        template="cooperation/email/participant_applied",
        context={"project": project, "participant": participant},
        exclude=actor,
    )
    return participant


def _locked_participant(participant: ProjectParticipant) -> ProjectParticipant:
    return (
        ProjectParticipant.objects.select_for_update()
        .select_related("project", "project__lead_agent", "agent")
        .get(pk=participant.pk)
    )


def _decide(
    participant: ProjectParticipant, *, actor: User, accept: bool, action: str, now: datetime | None
) -> ProjectParticipant:
    participant.status = ParticipantStatus.ACCEPTED if accept else ParticipantStatus.DECLINED
    participant.decided_by = actor
    participant.decided_at = now or timezone.now()
    participant.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        actor=actor,
        action=f"{action}.{'accepted' if accept else 'declined'}",
        target=participant,
        project=participant.project_id,
        agent=participant.agent_id,
    )
    return participant


@transaction.atomic
def participant_decide(
    *, participant: ProjectParticipant, actor: User, accept: bool, now: datetime | None = None
) -> ProjectParticipant:
    """Those who run the project (its proposer, the lead's administrators) accept or decline an application."""
    participant = _locked_participant(participant)
    if participant.status != ParticipantStatus.APPLIED:
        raise InvalidStateError(_("This application has already been decided."), state=participant.status)
    if not actor.has_perm("cooperation.decide_projectparticipant", participant):
        raise PermissionDenied
    _decide(participant, actor=actor, accept=accept, action="participant.application", now=now)
    project_fit_refresh(project_ids=[participant.project_id])
    notify_on_commit(
        users=agent_members(participant.agent),
        template="cooperation/email/participant_decided",
        context={"project": participant.project, "participant": participant},
        exclude=actor,
    )
    return participant


def _notify_invited(project: Project, participant: ProjectParticipant, *, exclude: User) -> None:
    notify_on_commit(
        users=agent_administrators(participant.agent),
        template="cooperation/email/participant_invited",
        # The invitation is answered on "My projects" (the project page's link stays the mail's main link).
        context={"project": project, "participant": participant, "answer_url": reverse("cooperation:my-projects")},
        exclude=exclude,
    )


@transaction.atomic
def participant_invite(*, project: Project, agent: Agent, actor: User, message: str = "") -> ProjectParticipant:
    """Those who run the project invite a verified agent to join it as a partner.

    From the draft (and while moderators ask for changes) the invitation waits with the project and is
    sent when it is published (:func:`project_approve`): partners see no project before moderation.
    In a published or active project it is sent at once.
    """
    project = _locked(project)
    _check(project, actor=actor, permission="cooperation.invite_project", states=INVITE_STATES)
    if agent.pk == project.lead_agent_id or _is_taking_part(project, agent):
        raise _already_taking_part()
    if not agent.is_verified:
        raise ValidationError({"agent": _("Only verified organisations can join projects.")})
    participant = _create_participation(
        project=project,
        agent=agent,
        role=ParticipantRole.PARTNER,
        status=ParticipantStatus.INVITED,
        motivation=message.strip(),
        created_by=actor,
    )
    audit_log(actor=actor, action="participant.invited", target=participant, project=project.pk, agent=agent.pk)
    project_fit_refresh(project_ids=[project.pk])
    if project.state in OPEN_STATES:
        _notify_invited(project, participant, exclude=actor)
    return participant


@transaction.atomic
def participant_withdraw(*, participant: ProjectParticipant, actor: User) -> None:
    """Those who run the project take back an invitation not sent yet (the project is a draft or in changes).

    Nobody was told of it, so the row goes; the audit log keeps who withdrew which agent.
    """
    participant = _locked_participant(participant)
    project = _locked(participant.project)
    if participant.status != ParticipantStatus.INVITED:
        raise InvalidStateError(state=participant.status)
    _check(project, actor=actor, permission="cooperation.invite_project", states=EDITABLE_STATES)
    audit_log(
        actor=actor, action="participant.withdrawn", target=project, project=project.pk, agent=participant.agent_id
    )
    participant.delete()
    project_fit_refresh(project_ids=[project.pk])


@transaction.atomic
def participant_respond(
    *, participant: ProjectParticipant, actor: User, accept: bool, now: datetime | None = None
) -> ProjectParticipant:
    """The invited agent's administrator accepts or declines the invitation."""
    participant = _locked_participant(participant)
    if participant.status != ParticipantStatus.INVITED:
        raise InvalidStateError(_("This invitation has already been answered."), state=participant.status)
    if not actor.has_perm("cooperation.respond_projectparticipant", participant):
        raise PermissionDenied
    _decide(participant, actor=actor, accept=accept, action="participant.invitation", now=now)
    project_fit_refresh(project_ids=[participant.project_id])
    notify_on_commit(
        users=project_runners(participant.project),
        template="cooperation/email/participant_responded",
        context={"project": participant.project, "participant": participant},
        exclude=actor,
    )
    return participant


@transaction.atomic
def participant_leave(*, participant: ProjectParticipant, actor: User) -> ProjectParticipant:
    """An accepted partner's administrator takes the agent out of the project (the lead cannot leave)."""
    participant = _locked_participant(participant)
    if participant.status != ParticipantStatus.ACCEPTED:
        raise InvalidStateError(state=participant.status)
    if not actor.has_perm("cooperation.leave_projectparticipant", participant):
        raise PermissionDenied
    participant.status = ParticipantStatus.LEFT
    participant.save(update_fields=["status"])
    project_fit_refresh(project_ids=[participant.project_id])
    audit_log(
        actor=actor,
        action="participant.left",
        target=participant,
        project=participant.project_id,
        agent=participant.agent_id,
    )
    notify_on_commit(
        users=project_runners(participant.project),
        template="cooperation/email/participant_left",
        context={"project": participant.project, "participant": participant},
        exclude=actor,
    )
    return participant
