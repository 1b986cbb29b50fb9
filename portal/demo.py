"""The demo data of ``make run``, put together at the top, where every app may be imported.

Each app loads its own demo (``<app>/demo.py``); cooperation's projects take the steps the apps above it add
at each point of a project's life (effects and values, an expert, a closing report), so no lower app imports a
higher one. Idempotent like each part.
"""

from cooperation.demo import DemoProjectSteps, DemoUser, demo_data_load
from discussion.demo import demo_comments_load
from experts.demo import demo_experts_for, demo_experts_load
from levels.demo import load_demo as levels_demo_load
from monitoring.demo import demo_closing_report_for, demo_data_bank_links_load, demo_monitoring_for
from search.demo import demo_competence_watches_load
from strategy.demo import demo_strategy_load

PROJECT_STEPS = DemoProjectSteps(
    planned=demo_monitoring_for,
    before_completion=demo_experts_for,  # an expert took part before the project closed
    completed=demo_closing_report_for,
)


def demo_load() -> tuple[list[DemoUser], list[str]]:
    """Load every app's demo data; return the demo users and the demo experts' e-mails."""
    users = demo_data_load(steps=PROJECT_STEPS)
    experts = demo_experts_load()
    levels_demo_load()  # interactions and an alliance between the demo agents' regions
    demo_comments_load()
    demo_competence_watches_load()  # the demo member follows Lipetsk's competences
    demo_strategy_load()  # illustrative priorities of the five CBE regions, an adopted Lipetsk session
    demo_data_bank_links_load()  # the showcase's indicator tied to Lipetsk's GVA share of manufacturing
    return users, experts
