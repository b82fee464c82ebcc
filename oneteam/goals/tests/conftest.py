import pytest


@pytest.fixture
def principles(db):
    """The seven principles (a transactional test empties the table the migration filled)."""
    from oneteam.goals.models import Principle
    from oneteam.goals.principles import ensure_principles

    ensure_principles()
    return {p.slug: p for p in Principle.objects.all()}
