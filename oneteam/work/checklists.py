"""The site's own start-up and close-down checklists, which a chapter may adapt."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STARTUP = "startup"
CLOSEDOWN = "closedown"

DEFAULT_STEPS = {
    STARTUP: (
        _("Search the register for similar work, here and in other organisations"),
        _("Name who is responsible, and how people can reach them"),
        _("Write down what success looks like as one or two objectives"),
        _("Agree time with team members' managers"),
        _("Decide where you will work in the open and post updates"),
    ),
    CLOSEDOWN: (
        _("Write what the project achieved and what it did not"),
        _("Hand over anything still running, and say to whom"),
        _("Share what you learned in an update others can find"),
        _("Thank the people who gave their time"),
        _("Set the phase to retired"),
    ),
}
