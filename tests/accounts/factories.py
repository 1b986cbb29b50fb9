import factory
from allauth.account.models import EmailAddress

from accounts.models import RoleGrant, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test fixture


class UserFactory(factory.django.DjangoModelFactory):
    """A user who has confirmed their e-mail address and can log in with ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def confirmed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def grant(user: User, role: str, region=None) -> RoleGrant:
    """Grant a role directly (tests of the grant service itself use the service)."""
    grant = RoleGrant.objects.create(user=user, role=role, region=region)
    if role == "administrator":
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    for name in ("_spiral_roles", "_spiral_agent_roles"):
        user.__dict__.pop(name, None)
    return grant
