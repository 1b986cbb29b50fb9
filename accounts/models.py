import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import SiteRole


class UserManager(BaseUserManager["User"]):
    """Creates users identified by their e-mail address (there is no username)."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal. Signs in with a confirmed e-mail address.

    What a user may do comes from their site roles (:class:`RoleGrant`) and
    from their memberships in agents (``cooperation.AgentMembership``).
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ru",
        help_text=_("Language of the e-mails the portal sends you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # Memoised on the object by the selectors (one query per request); declared for the type checker, no columns.
    _spiral_roles: tuple[frozenset[str], frozenset[int]]  # accounts.selectors.user_roles
    _spiral_agent_roles: dict[int, str]  # cooperation.selectors.user_agent_roles
    _spiral_must_enrol_totp: bool  # accounts.selectors.user_must_enrol_totp

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """Spiral's permissions (declared with django-rules) hold for superusers too.

        Django lets a superuser do anything, which would let an administrator
        "verify" a verified agent or "leave" someone else's membership. The
        rules already grant administrators what they may do, so for every
        permission declared in a ``rules.py`` the rules alone decide.
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class RoleGrant(models.Model):
    """A site-wide role granted to a user; a regional coordinator's grant names its region.

    Grants are made and revoked only through ``accounts.services`` so that each
    decision is written to the audit log.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=SiteRole.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        help_text=_("Only for regional coordinators."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                name="unique_regional_role_grant",
                condition=models.Q(region__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role"], name="unique_sitewide_role_grant", condition=models.Q(region__isnull=True)
            ),
            models.CheckConstraint(
                name="coordinator_grant_has_region",
                condition=(models.Q(role=SiteRole.COORDINATOR) & models.Q(region__isnull=False))
                | (~models.Q(role=SiteRole.COORDINATOR) & models.Q(region__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{self.user}: {label} ({self.region})" if self.region_id else f"{self.user}: {label}"
