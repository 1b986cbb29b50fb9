"""API of a project's goals at the three horizons (seed 000's principle of goal orientation).

Reads hold only goals of projects the caller may see; writes go through the services, which answer 409 for
a closed project and 403 for a missing permission, in that order, like the milestones.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from cooperation.choices import GoalHorizon
from cooperation.models import ProjectGoal
from cooperation.project_selectors import project_goals_visible_to
from cooperation.services.goals import project_goal_add, project_goal_remove
from core.api_permissions import PUBLIC, SERVICE_CHECKS

from .attachments import ERRORS
from .fields import VisibleProjectField


class ProjectGoalSerializer(serializers.ModelSerializer):
    """A goal of a project; ``text`` is in the language of the request, falling back to the other one."""

    class Meta:
        model = ProjectGoal
        fields = ["id", "project", "horizon", "text_ru", "text_en", "text", "created_at"]
        read_only_fields = fields


class ProjectGoalCreateSerializer(serializers.Serializer):
    """A goal in Russian, in English or in both."""

    project = VisibleProjectField()
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices)
    text_ru = serializers.CharField(max_length=500, required=False, allow_blank=True)
    text_en = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ProjectGoalApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Goals of the projects the caller may see; filter with ``?project=<id>`` or ``?horizon=``.

    Writes are for the lead's members while the project is neither archived nor rejected
    (``cooperation.change_goals_project``, checked by the services after the state).
    """

    serializer_class = ProjectGoalSerializer
    filterset_fields = ["project", "horizon"]
    ordering_fields = ["horizon", "created_at"]
    rules_permissions = {
        "list": PUBLIC,  # the queryset holds only goals of visible projects
        "retrieve": PUBLIC,
        "create": SERVICE_CHECKS,
        "destroy": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return project_goals_visible_to(self.request.user)

    @extend_schema(request=ProjectGoalCreateSerializer, responses={201: ProjectGoalSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """State a goal of the project at one horizon."""
        serializer = ProjectGoalCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = project_goal_add(
            project=data["project"],
            actor=request.user,
            horizon=data["horizon"],
            text_ru=data.get("text_ru", ""),
            text_en=data.get("text_en", ""),
        )
        return Response(ProjectGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Remove a goal."""
        project_goal_remove(goal=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
