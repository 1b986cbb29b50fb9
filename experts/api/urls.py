"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import ConsultationApi, ExpertApi, ExpertInvitationApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("experts", ExpertApi, basename="expert")
    router.register("expert-invitations", ExpertInvitationApi, basename="expert-invitation")
    router.register("consultations", ConsultationApi, basename="consultation")
