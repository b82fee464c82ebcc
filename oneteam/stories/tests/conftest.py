from oneteam.goals.tests.conftest import principles  # noqa: F401  (the same fixture)
