import pytest

from oneteam.people.models import Organisation
from oneteam.work import index, services


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test's database is rolled back, so the process's index must start again."""
    index.reset()
    yield
    index.reset()


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Hackney Council", slug="hackney-council", kind="council", country="GB")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Leeds City Council", slug="leeds-city-council", kind="council",
                                       country="GB")


@pytest.fixture
def make_project(make_user, organisation):
    def make(by=None, **fields):
        by = by or make_user()
        fields.setdefault("title", "Helping older residents get online")
        fields.setdefault("summary", "Drop-in sessions in libraries where volunteers help people over 70 use "
                                     "tablets, video calls and online forms.")
        fields.setdefault("organisation", organisation)
        return services.register_project(by=by, **fields)

    return make
