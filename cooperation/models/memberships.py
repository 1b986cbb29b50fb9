from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models.mixins import DecidedMixin

ACTIVE_STATUSES = (MembershipStatus.PENDING, MembershipStatus.APPROVED)


class AgentMembership(DecidedMixin, models.Model):
    """A user acting for an agent, as its representative or its administrator.

    A user asks to join (pending); an agent administrator approves or
    declines. At most one pending or approved membership exists per user and
    agent; declined and left ones remain as history.
    """

    agent = models.ForeignKey(
        "cooperation.Agent", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="agent_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=AgentRole.choices, default=AgentRole.REPRESENTATIVE)
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING, db_index=True
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "user"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_active_membership_per_user_and_agent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agent} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
