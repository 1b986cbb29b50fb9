"""Factories of expert profiles and invitations.

``ExpertInvitationFactory(project=project, status="accepted")`` makes a new
published expert (in Voronezh, so from another region than the default
Lipetsk lead) an accepted expert of ``project``; ``invitation.expert.user`` is
the user with the "expert" role of that project.
"""

import datetime

import factory
from django.utils import timezone

from experts.choices import Availability, ConsultationStatus, InvitationStatus
from experts.models import Consultation, ExpertInvitation, ExpertProfile
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import ProjectFactory

ANSWERED = (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    """A published expert in Voronezh speaking Russian and English; pass ``competences=[items]`` to tag them."""

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    headline_ru = factory.Sequence(lambda n: f"Эксперт по кластерам {n}")
    headline_en = factory.Sequence(lambda n: f"Cluster expert {n}")
    bio_ru = "Консультирую межрегиональные проекты."
    region = factory.LazyFunction(lambda: Region.objects.get(iso_code="RU-VOR"))
    languages = factory.LazyFunction(lambda: ["ru", "en"])
    availability = Availability.AVAILABLE
    is_published = True

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if create and extracted:
            self.competences.set(extracted)


class ExpertInvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation to a published project by default; ``status="accepted"`` makes an accepted expert.

    Rows are written directly (no service, no audit, no e-mail); answered
    invitations get ``decided_at`` (and the expert, or the inviter for a
    withdrawn one, as ``decided_by``).
    """

    class Meta:
        model = ExpertInvitation

    project = factory.SubFactory(ProjectFactory, state="published")
    expert = factory.SubFactory(ExpertProfileFactory)
    invited_by = None
    message = "Помогите нам с экспертизой."
    status = InvitationStatus.INVITED
    decided_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in ANSWERED else None)
    decided_by = factory.LazyAttribute(
        lambda o: (
            (o.invited_by if o.status == InvitationStatus.WITHDRAWN else o.expert.user)
            if o.status in ANSWERED
            else None
        )
    )


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation requested by an agent in Lipetsk (the advised side, a government authority) of an agent in
    Voronezh (the advising side, a university) by default. Rows are written directly (no service, no audit).

    ``status="completed"`` or later fills the end date and a result summary; ``confirmed`` and ``disputed`` the
    decision time (and a reason for ``disputed``, ``declined``).
    """

    class Meta:
        model = Consultation

    advised_agent = factory.SubFactory(
        "tests.cooperation.factories.AgentFactory",
        region=factory.LazyFunction(lambda: Region.objects.get(iso_code="RU-LIP")),
        helix="government",
    )
    advising_agent = factory.SubFactory(
        "tests.cooperation.factories.AgentFactory",
        region=factory.LazyFunction(lambda: Region.objects.get(iso_code="RU-VOR")),
        helix="science",
    )
    subject = factory.Sequence(lambda n: f"Стратегия развития кластера {n}")
    starts_on = datetime.date(2025, 3, 1)
    status = ConsultationStatus.REQUESTED
    ends_on = factory.LazyAttribute(
        lambda o: datetime.date(2025, 4, 15) if o.status in CONSULTATION_RESULT_STATUSES else None
    )
    result_summary = factory.LazyAttribute(
        lambda o: "Рекомендации по кластерной политике." if o.status in CONSULTATION_RESULT_STATUSES else ""
    )
    reason = factory.LazyAttribute(
        lambda o: "Причина." if o.status in (ConsultationStatus.DECLINED, ConsultationStatus.DISPUTED) else ""
    )
    decided_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (ConsultationStatus.CONFIRMED, ConsultationStatus.DISPUTED) else None
    )


CONSULTATION_RESULT_STATUSES = (ConsultationStatus.COMPLETED, ConsultationStatus.CONFIRMED, ConsultationStatus.DISPUTED)
