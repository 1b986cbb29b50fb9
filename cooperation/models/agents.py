from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.choices import AgentReview, Helix
from core.i18n import BilingualDescriptionMixin, localized


class AgentQuerySet(models.QuerySet):
    """Agents, with the one place that says who may see which (``Agent.objects.visible_to``): the selectors
    filter with it and the ``cooperation.view_agent`` rule asks it about one row."""

    def visible_to(self, user) -> "AgentQuerySet":
        """Verified agents; unverified ones to their members and to the coordinators of their region;
        everything to moderators and administrators."""
        # Imported here: the selectors and predicates import the models.
        from accounts.predicates import is_administrator, is_moderator
        from accounts.selectors import user_coordinated_region_ids
        from cooperation.selectors import user_agent_roles

        if is_moderator(user) or is_administrator(user):
            return self.all()
        visible = models.Q(is_verified=True)
        if getattr(user, "is_authenticated", False):
            visible |= models.Q(pk__in=list(user_agent_roles(user))) | models.Q(
                region_id__in=list(user_coordinated_region_ids(user))
            )
        return self.filter(visible)


class Agent(BilingualDescriptionMixin, models.Model):
    """An organisation acting in one link of the quadruple helix, located in one region.

    A newly registered agent is unverified and visible only to its members,
    moderators and administrators until a moderator verifies it. A moderator
    may instead reject it or ask its administrators for details (``review_status``
    and ``review_reason``); once they have added them they submit it again.
    """

    objects = AgentQuerySet.as_manager()

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices, db_index=True)
    is_cluster = models.BooleanField(
        _("cluster"),
        default=False,
        help_text=_(
            "An association of organisations of one industry in the region (an innovative cluster): the members "
            "of the interregional industry alliances of seed 003."
        ),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="agents"
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    competences = models.ManyToManyField(
        "analytics.ClassifierItem",
        verbose_name=_("competences"),
        blank=True,
        related_name="agents",
        help_text=_("Economic activities (NACE sections) and S&T rubrics the organisation works in."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_status = models.CharField(
        _("review"), max_length=20, choices=AgentReview.choices, default=AgentReview.PENDING, db_index=True
    )
    review_reason = models.TextField(
        _("moderator's reason"),
        blank=True,
        help_text=_("Why the organisation was rejected, or which details the moderator asks for; its members read it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_agents",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["region", "helix"]),
            models.Index(fields=["name", "id"], name="agent_list_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The English name on English pages when there is one, else the (Russian) name."""
        return localized(self, "name") if self.name_en else self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:agent-detail", kwargs={"pk": self.pk})
