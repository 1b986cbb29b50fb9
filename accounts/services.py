"""Writes about accounts: granting and revoking site roles, sending e-mail after commit."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from audit.services import audit_log
from core.site import email_context, from_email

from .choices import SiteRole
from .models import RoleGrant, User
from .selectors import forget_cached_roles


@transaction.atomic
def role_grant(*, user: User, role: str, actor: User, region: Any = None) -> RoleGrant:
    """Grant a site role; a regional coordinator's grant must name a region, others must not.

    The administrator role also makes the user a Django superuser, so the admin
    site (reference data, audit log) is open to them.
    """
    if not actor.has_perm("accounts.grant_role"):
        raise PermissionDenied
    if role not in SiteRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == SiteRole.COORDINATOR and region is None:
        raise ValidationError({"region": _("A regional coordinator must be bound to a region.")})
    if role != SiteRole.COORDINATOR:
        region = None
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, region=region, defaults={"granted_by": actor if actor.is_authenticated else None}
    )
    if created:
        if role == SiteRole.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_log(
            actor=actor, action="role.granted", target=user, role=role, region=region.iso_code if region else None
        )
    forget_cached_roles(user)
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: User) -> None:
    """Revoke a site role grant and log it."""
    if not actor.has_perm("accounts.grant_role"):
        raise PermissionDenied
    user, role, region = grant.user, grant.role, grant.region
    grant.delete()
    if role == SiteRole.ADMINISTRATOR:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    audit_log(actor=actor, action="role.revoked", target=user, role=role, region=region.iso_code if region else None)
    forget_cached_roles(user)


@transaction.atomic
def api_token_create(*, user: User, actor: User) -> Token:
    """Give ``user`` a new API token; the previous one, if any, stops working at once.

    Only the user themselves makes their token (the "My account" page). The audit row never holds the key.
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_log(actor=actor, action="api_token.created", target=user, replaced=replaced or None)
    return token


@transaction.atomic
def api_token_revoke(*, user: User, actor: User, reason: str) -> bool:
    """Revoke ``user``'s API token, if they have one; ``True`` when one was revoked.

    ``reason`` says why in the audit log: ``"user"`` (the revoke button), ``"password_changed"``,
    ``"password_reset"`` (a new password revokes every token: whoever knew the old one may have made one).
    The user themselves or an administrator may revoke it.
    """
    if not actor.has_perm("accounts.revoke_api_token", user):
        raise PermissionDenied
    revoked = Token.objects.filter(user=user).delete()[0] > 0
    if revoked:
        audit_log(actor=actor, action="api_token.revoked", target=user, reason=reason)
    return revoked


@transaction.atomic
def user_profile_update(*, user: User, actor: User, first_name: str, last_name: str, language: str) -> list[str]:
    """The user gives their first and last name and their language; returns the fields that changed.

    The full name, which every page and e-mail shows, is the first name and the last name. Only the user
    themselves edits their profile (administrators use the admin site).
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the portal's languages.")})
    values = {"first_name": first_name.strip(), "last_name": last_name.strip(), "language": language}
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    full_name = " ".join(part for part in (values["first_name"], values["last_name"]) if part)
    for name, value in values.items():
        setattr(user, name, value)
    if changed and full_name != user.full_name:
        user.full_name = full_name
        changed_columns = [*changed, "full_name"]
    else:
        changed_columns = changed
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed_columns)
        audit_log(actor=actor, action="user.profile_updated", target=user, fields=changed)
    return changed


def email_users_on_commit(
    *, users: list[User], template: str, context: dict[str, Any], outbox: list[list[str]] | None = None
) -> None:
    """After the current transaction commits, e-mail each user in their own language.

    ``template`` names ``templates/<template>_subject.txt`` and ``_body.txt``.
    The templates get ``context`` with its links made absolute on ``settings.SITE_URL``
    (``url``, ``*_url``: see :func:`core.site.email_context`), ``site_name`` in the
    recipient's language, ``site_url`` and ``recipient``.
    Sending goes through Celery (in-process when no broker is configured), so
    a slow mail server never holds a request or a transaction.

    ``outbox``: the rendered messages (``[subject, body, address, sender]``) are appended to it instead
    of being sent; a caller that tells many people at once (one recomputation's competence
    events) sends them all with one :func:`accounts.tasks.send_email_batch_task`.
    """
    from .tasks import send_email_task

    messages = []
    for user in users:
        if not user.email or not user.is_active:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            mail_context = email_context(context)
            subject = " ".join(render_to_string(f"{template}_subject.txt", mail_context, using="text").split())
            body = render_to_string(f"{template}_body.txt", {**mail_context, "recipient": user}, using="text")
            sender = from_email()
        messages.append((subject, body, user.email, sender))
    if outbox is not None:
        outbox.extend([subject, body, address, sender] for subject, body, address, sender in messages)
        return

    def send() -> None:
        for subject, body, address, sender in messages:
            send_email_task.delay(subject=subject, body=body, recipients=[address], from_email=sender)

    transaction.on_commit(send)
