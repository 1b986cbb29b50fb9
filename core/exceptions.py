"""Domain errors shared by services, pages and the API."""

from django.utils.translation import gettext_lazy as _


class InvalidStateError(Exception):
    """The object is not in a state that allows the action (the API answers 409 Conflict)."""

    default_message = _("This action is not possible in the object's current state.")

    def __init__(self, message: str | None = None, *, state: str = "") -> None:
        self.message = str(message or self.default_message)
        self.state = state
        super().__init__(self.message)
