"""«Запрошены уточнения» of an agent and «запрошенные уточнения» of a structure are two translations (review of #12):
one English phrase, "details requested", is an agent's review status (a state: details *are* requested) and the
label of the details a moderator asked a structure's proposer for (a thing: the requested details)."""

from django.utils import translation

from cooperation.choices import AgentReview
from levels.models import IntegratedStructure


def test_an_agent_awaiting_details_reads_as_a_state_and_a_structure_s_request_as_a_thing():
    with translation.override("ru"):
        assert str(AgentReview.DETAILS_REQUESTED.label) == "запрошены уточнения"
        assert str(IntegratedStructure._meta.get_field("details_request").verbose_name) == "запрошенные уточнения"
    with translation.override("en"):
        assert str(AgentReview.DETAILS_REQUESTED.label) == "details requested"
