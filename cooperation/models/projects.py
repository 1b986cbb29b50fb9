from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.choices import (
    CooperationType,
    GoalHorizon,
    Helix,
    ParticipantRole,
    ParticipantStatus,
    ProjectState,
)
from cooperation.models.mixins import DecidedMixin
from core.i18n import (
    BilingualDescriptionMixin,
    localized,
    localized_text,
    localized_text_language,
    localized_with_language,
)

# Projects anyone may see (unless a moderator has hidden them).
PUBLIC_STATES = (ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED, ProjectState.ARCHIVED)
# States in which the lead may still edit the project.
EDITABLE_STATES = (ProjectState.DRAFT, ProjectState.CHANGES_REQUESTED)
# States in which the project is open for partners.
OPEN_STATES = (ProjectState.PUBLISHED, ProjectState.ACTIVE)
# Participations that count: at most one per project and agent.
ACTIVE_PARTICIPATION = (ParticipantStatus.APPLIED, ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED)


class ProjectQuerySet(models.QuerySet):
    """Projects, with the one place that says who may see which (``Project.objects.visible_to``).

    The selectors (``projects_visible_to``…) filter with it and the ``cooperation.view_project`` rule asks it
    about one row, so a page, the API and a permission check cannot disagree (NetBox's ``restrict``).
    """

    def public(self) -> "ProjectQuerySet":
        """Projects everyone may see: past moderation and not hidden (``Project.is_public_to_all`` of a row)."""
        return self.filter(state__in=PUBLIC_STATES, is_hidden=False)

    def visible_to(self, user) -> "ProjectQuerySet":
        """Projects ``user`` may see: public ones that are not hidden; the lead's members see theirs in every
        state; the members of an accepted partner also see a hidden public one; moderators and administrators
        see all."""
        # Imported here: the selectors and predicates import the models.
        from accounts.predicates import is_administrator, is_moderator
        from cooperation.selectors import user_agent_roles

        if is_moderator(user) or is_administrator(user):
            return self.all()
        visible = models.Q(state__in=PUBLIC_STATES, is_hidden=False)  # what ``public()`` keeps
        agent_ids = list(user_agent_roles(user))
        if agent_ids:
            partnered = ProjectParticipant.objects.filter(
                role=ParticipantRole.PARTNER, status=ParticipantStatus.ACCEPTED, agent_id__in=agent_ids
            ).values("project_id")
            visible |= models.Q(lead_agent_id__in=agent_ids) | models.Q(state__in=PUBLIC_STATES, pk__in=partnered)
        return self.filter(visible)


class Objective(models.Model):
    """One objective of interregional cooperation from the point of view of one helix (the paper's Table II).

    Loaded from ``cooperation/data/objectives.csv`` by ``manage.py load_objectives``;
    administrators may edit the texts afterwards (reloading does not overwrite them).
    """

    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices, db_index=True)
    text_ru = models.CharField(_("objective (Russian)"), max_length=300)
    text_en = models.CharField(_("objective (English)"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("cooperation objective")
        verbose_name_plural = _("cooperation objectives")
        ordering = ["helix", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["helix", "sort_order"], name="unique_objective_per_helix")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The objective in the active language."""
        return localized(self, "text")


class Project(BilingualDescriptionMixin, models.Model):
    """A cooperation project led by one agent and joined by partner agents.

    It goes draft → submitted → published → active → completed → archived;
    moderation may instead request changes or reject it. Every transition is a
    service in ``cooperation.services.projects`` that writes a
    :class:`ProjectTransition`. Its regions are those of its accepted participants.
    """

    objects = ProjectQuerySet.as_manager()

    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), max_length=2000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    lead_agent = models.ForeignKey(
        "cooperation.Agent", verbose_name=_("lead organisation"), on_delete=models.PROTECT, related_name="led_projects"
    )
    cooperation_types = models.JSONField(
        _("types of cooperation"),
        default=list,
        help_text=_("One or more of: scientific, production, educational, consulting."),
    )
    objectives = models.ManyToManyField(Objective, verbose_name=_("objectives"), blank=True, related_name="projects")
    directions = models.ManyToManyField(
        "analytics.ClassifierItem",
        verbose_name=_("specialisation directions"),
        blank=True,
        related_name="projects_as_direction",
    )
    rubrics = models.ManyToManyField(
        "analytics.ClassifierItem", verbose_name=_("S&T rubrics"), blank=True, related_name="projects_as_rubric"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.DRAFT, db_index=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # The day the work actually began, given when the project is started: monitoring counts from it,
    # not from the planned ``starts_on`` (a project may start earlier or later than planned).
    started_on = models.DateField(_("actually started on"), null=True, blank=True)
    helix_reason = models.TextField(
        _("why not all four helices take part"),
        max_length=2000,
        blank=True,
        help_text=_("Needed for submission when the lead and the invited partners do not cover all four helices."),
    )
    is_featured = models.BooleanField(_("featured"), default=False, db_index=True)
    is_hidden = models.BooleanField(
        _("hidden by moderators"), default=False, help_text=_("Hidden projects are seen only by their participants.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_projects",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        # The project list's order (featured first, newest first): read in order, 20 at a time.
        indexes = [models.Index(fields=["-is_featured", "-created_at", "-id"], name="project_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_it_starts",
            )
        ]

    @property
    def is_public_to_all(self) -> bool:
        """Everyone may see it: the row-level twin of ``ProjectQuerySet.public()`` (tests hold them equal), which
        spares the ``cooperation.view_project`` rule a query for the common case."""
        return self.state in PUBLIC_STATES and not self.is_hidden

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language, falling back to the other one."""
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def summary_language(self) -> str:
        """``"ru"`` or ``"en"``: the language :attr:`summary` is written in (for ``lang`` on a fallback)."""
        return localized_with_language(self, "summary")[1]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.title_ru.strip() or self.title_en.strip()):
            errors["title_ru"] = _("Give a title in Russian or in English.")
        types = self.cooperation_types
        if not isinstance(types, list) or not types:
            errors["cooperation_types"] = _("Choose at least one type of cooperation.")
        elif any(value not in CooperationType.values for value in types) or len(set(types)) != len(types):
            errors["cooperation_types"] = _("Unknown or repeated type of cooperation.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The project cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def get_cooperation_types_display(self) -> list[str]:
        labels = dict(CooperationType.choices)
        return [str(labels.get(value, value)) for value in self.cooperation_types]

    @property
    def regions(self) -> list:
        """Regions of the accepted participants (the lead included), ordered by name.

        Uses ``accepted_participants`` when the selector prefetched it (lists stay O(1) in queries).
        """
        participants = getattr(self, "accepted_participants", None)
        if participants is None:
            participants = self.participants.filter(status=ParticipantStatus.ACCEPTED).select_related("agent__region")
        regions = {participant.agent.region_id: participant.agent.region for participant in participants}
        return sorted(regions.values(), key=lambda region: (str(region), region.pk))

    @property
    def is_interregional(self) -> bool:
        """The accepted participants come from two or more regions."""
        return len(self.regions) >= 2

    def get_absolute_url(self) -> str:
        return reverse("cooperation:project-detail", kwargs={"pk": self.pk})

    @property
    def helix_balance(self) -> list[tuple[str, str, int]]:
        """``(helix, label, accepted participants of that helix)`` for each of the four helices, lead included.

        Uses ``accepted_participants`` when the selector prefetched it, like :attr:`regions`.
        """
        participants = getattr(self, "accepted_participants", None)
        if participants is None:
            participants = self.participants.filter(status=ParticipantStatus.ACCEPTED).select_related("agent")
        counts = Counter(participant.agent.helix for participant in participants)
        return [(value, str(label), counts.get(value, 0)) for value, label in Helix.choices]

    @property
    def missing_helices(self) -> list[str]:
        """Labels of the helices no accepted participant belongs to (the quadruple helix is incomplete)."""
        return [label for _value, label, count in self.helix_balance if count == 0]


class ProjectParticipant(DecidedMixin, models.Model):
    """An agent taking part in a project: the lead, or a partner that applied or was invited.

    At most one application, invitation or accepted participation exists per
    project and agent; declined and left ones remain as history.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participants"
    )
    agent = models.ForeignKey(
        "cooperation.Agent",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="project_participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PARTNER)
    status = models.CharField(_("status"), max_length=20, choices=ParticipantStatus.choices, db_index=True)
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied or invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        ordering = ["project", "role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "agent"],
                condition=models.Q(status__in=["applied", "invited", "accepted"]),
                name="one_active_participation_per_project_and_agent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} @ {self.project} ({self.get_role_display()}, {self.get_status_display()})"


class ProjectTransition(models.Model):
    """One step of a project's workflow: who moved it from which state to which, when and why."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=ProjectState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ProjectState.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("project transition")
        verbose_name_plural = _("project transitions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_state or '∅'} → {self.to_state}"


class Milestone(models.Model):
    """A dated step of a project's timeline."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "id"]

    # The title in the active language, falling back to the other one (Russian is the plain column).
    localized_title = localized_text("title")
    title_language = localized_text_language("title")

    def __str__(self) -> str:
        return self.localized_title

    def clean(self) -> None:
        if not ((self.title or "").strip() or (self.title_en or "").strip()):
            raise ValidationError({"title": _("Give a title, in Russian or in English.")})


class ProjectGoal(models.Model):
    """One goal of a project at one horizon (strategic, tactical or operational).

    Seed 000's principle of goal orientation: cooperation is determined by a system of goals at three
    horizons. The pre-submit checklist warns while a horizon has no goal (``cooperation.checklist``).
    Written in Russian, English or both, like the project's description.
    """

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="goals")
    horizon = models.CharField(_("horizon"), max_length=20, choices=GoalHorizon.choices)
    text_ru = models.CharField(_("goal (Russian)"), max_length=500, blank=True)
    text_en = models.CharField(_("goal (English)"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project goal")
        verbose_name_plural = _("project goals")
        ordering = ["project", "horizon", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if not (self.text_ru or "").strip() and not (self.text_en or "").strip():
            raise ValidationError({"text_ru": _("Write the goal in Russian, in English or in both.")})

    @property
    def text(self) -> str:
        """The goal in the active language, falling back to the other one."""
        return localized(self, "text")
