"""Project routes of the cooperation API (agents and memberships are registered in ``portal/api.py``)."""


def register(router) -> None:
    """Register the project viewsets on ``router``."""
    from .views import ProjectApi, ProjectParticipantApi

    router.register("projects", ProjectApi, basename="project")
    router.register("project-participants", ProjectParticipantApi, basename="project-participant")

    from .attachments import AttachmentApi, MilestoneApi

    router.register("project-attachments", AttachmentApi, basename="project-attachment")
    router.register("project-milestones", MilestoneApi, basename="project-milestone")

    from .goals import ProjectGoalApi

    router.register("project-goals", ProjectGoalApi, basename="project-goal")
