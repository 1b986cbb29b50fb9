"""The platform's tasks as seed 000 names them, each with the page where Spiral does it.

Shown on the living-laboratory home and on "How Spiral works" (``portal.views.AboutView``). It lives at the
top layer because it names pages of every app. Source: seed ``000_…``, section IV ("the main tasks to be solved
by the digital platform for the development of interregional cooperation").
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PlatformTask:
    """One of the platform's tasks named by the seed and the page (URL name) where Spiral does it."""

    name: Promise
    url_name: str
    #: The page is for signed-in users: an anonymous visitor is offered it through the log-in page.
    signed_in_only: bool = False


PLATFORM_TASKS: tuple[PlatformTask, ...] = (
    PlatformTask(_("A data bank on the regions, from statistics and ratings"), "analytics:index"),
    PlatformTask(_("Networking the participants of the innovation process"), "cooperation:agent-list"),
    PlatformTask(_("Involving specialists in joint development"), "experts:expert-list"),
    PlatformTask(_("Accumulating the experience of trial and error"), "cooperation:project-list"),
    PlatformTask(_("Monitoring, control and evaluation of the results of interaction"), "monitoring:report-list"),
    PlatformTask(
        _("Designing the organisational structure of cooperation"), "levels:structure-list", signed_in_only=True
    ),
    PlatformTask(_("Horizontal links between regions and their levels"), "levels:network", signed_in_only=True),
)
