"""The seven principles, in our own words: reference data every app tags with.

The data migration writes them; ``ensure_principles`` puts back any that are
missing (a test database emptied between tests, say) without touching the rest.
"""

from __future__ import annotations

PRINCIPLES = [
    ("work-in-the-open", "Work in the open and positively",
     "We write down what we do and share it by default. When a conversation cannot be shared, what we learned "
     "from it still can be."),
    ("take-practical-action", "Take practical action",
     "Talking matters, but we are judged by what we do. Change comes from small, measured steps taken every day."),
    ("experiment-and-iterate", "Experiment and iterate",
     "There is no single right way to reform. We try things, design with the people who use our services, "
     "test, learn together and try again."),
    ("be-diverse-and-inclusive", "Be diverse and inclusive",
     "We want to look like the people we serve. We balance who speaks at our events, who is in our teams and "
     "whose voices are in the room."),
    ("care-deeply-about-citizens", "Care deeply about citizens",
     "We work for the people who use public services and everyone our work affects, and we measure ourselves "
     "by the difference we make to them."),
    ("work-across-borders", "Work across borders",
     "Different views make better services. We break down the walls between professions, departments, sectors "
     "and countries."),
    ("embrace-technology", "Embrace technology",
     "We want public services fit for the internet age, and we are a community that uses online tools to work "
     "together, connect and share."),
]


def ensure_principles(model=None) -> None:
    """Create the principles that are missing; leave existing ones as they are."""
    if model is None:
        from .models import Principle as model
    for position, (slug, name, summary) in enumerate(PRINCIPLES, start=1):
        model.objects.get_or_create(slug=slug, defaults={"name": name, "summary": summary, "position": position})
