"""Predicates about interactions and integrated structures, composed into permissions in ``rules.py``."""

import rules

from accounts.selectors import user_coordinated_region_ids
from cooperation.selectors import user_agent_roles

from .choices import InteractionStatus, StructureStatus


@rules.predicate
def acts_for_some_agent(user) -> bool:
    """The user acts for at least one agent (approved membership)."""
    return bool(user_agent_roles(user))


# --- Interactions (the object is an ``Interaction``).


@rules.predicate
def is_withdrawn_interaction(user, interaction) -> bool:
    """A moderator (or a recorder) has withdrawn the interaction: it no longer counts."""
    return interaction is not None and interaction.is_withdrawn


@rules.predicate
def is_interaction_recorder(user, interaction) -> bool:
    """The user recorded the interaction."""
    return interaction is not None and interaction.recorded_by_id == getattr(user, "pk", None)


@rules.predicate
def acts_for_interaction_agent(user, interaction) -> bool:
    """The user acts for one of the agents that took part in the interaction."""
    roles = user_agent_roles(user)
    return (
        interaction is not None and bool(roles) and any(agent.pk in roles for agent in interaction.participants.all())
    )


@rules.predicate
def coordinates_interaction_region(user, interaction) -> bool:
    """The user coordinates the region of one of the agents that took part in the interaction."""
    regions = user_coordinated_region_ids(user)
    return (
        interaction is not None
        and bool(regions)
        and any(agent.region_id in regions for agent in interaction.participants.all())
    )


@rules.predicate
def is_pending_interaction(user, interaction) -> bool:
    """The interaction awaits the other side's confirmation."""
    return interaction is not None and interaction.status == InteractionStatus.PENDING


def other_side_region_ids(interaction) -> set[int]:
    """The regions of the participating agents other than the recorder's region (every one if it is unknown)."""
    regions = {agent.region_id for agent in interaction.participants.all()}
    return regions - {interaction.recorder_region_id} if interaction.recorder_region_id in regions else regions


@rules.predicate
def on_other_side(user, interaction) -> bool:
    """The user acts for a participating agent of another region than the recorder's, or coordinates such a
    region: someone who can stand behind the interaction for the other side."""
    if interaction is None:
        return False
    other = other_side_region_ids(interaction)
    roles = user_agent_roles(user)
    if roles and any(agent.pk in roles and agent.region_id in other for agent in interaction.participants.all()):
        return True
    return bool(other & set(user_coordinated_region_ids(user)))


# --- Integrated structures (the object is an ``IntegratedStructure``).


@rules.predicate
def is_proposed_structure(user, structure) -> bool:
    """The structure awaits a moderator's confirmation."""
    return structure is not None and structure.status == StructureStatus.PROPOSED


@rules.predicate
def is_structure_awaiting_details(user, structure) -> bool:
    """A moderator asked the proposer for details: the proposer completes the structure and submits it again."""
    return structure is not None and structure.status == StructureStatus.CHANGES_REQUESTED


@rules.predicate
def is_rejected_structure(user, structure) -> bool:
    """A moderator rejected the structure: it is closed."""
    return structure is not None and structure.status == StructureStatus.REJECTED


@rules.predicate
def is_confirmed_structure(user, structure) -> bool:
    """A moderator has confirmed the structure and it has not been dissolved."""
    return structure is not None and structure.status == StructureStatus.CONFIRMED


@rules.predicate
def is_public_structure(user, structure) -> bool:
    """The structure is confirmed or was dissolved after being confirmed: every signed-in user sees it."""
    return structure is not None and structure.status in (StructureStatus.CONFIRMED, StructureStatus.DISSOLVED)


@rules.predicate
def is_structure_proposer(user, structure) -> bool:
    """The user proposed the structure."""
    return structure is not None and structure.proposed_by_id == getattr(user, "pk", None)


@rules.predicate
def coordinates_structure_region(user, structure) -> bool:
    """The user coordinates one of the structure's member regions."""
    regions = user_coordinated_region_ids(user)
    return structure is not None and bool(regions) and any(r.pk in regions for r in structure.member_regions.all())


@rules.predicate
def acts_for_structure_agent(user, structure) -> bool:
    """The user acts for one of the structure's member agents."""
    roles = user_agent_roles(user)
    return structure is not None and bool(roles) and any(a.pk in roles for a in structure.member_agents.all())
