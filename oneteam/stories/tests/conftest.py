import pytest

from oneteam.goals.tests.conftest import principles  # noqa: F401  (the same fixture)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def write_story(make_user):
    from oneteam.stories import services

    def write(by=None, publish=True, principles=(), **fields):
        by = by or make_user(display_name="Wren Writer")
        data = {"title": "What lean coffee taught our council", "body": "We met, we talked, we acted.",
                "kind": "blog", "language": "en"}
        data.update(fields)
        story = services.create_story(by=by, principles=principles, **data)
        if publish:
            story = services.publish_story(story=story, by=by)
        return story

    return write
