"""Writing a story: sanitised Markdown with a preview, authors, kinds, language, principles and
themes, chapter, reading time, links to the goals and events it mentions, drafts and publishing."""

import pytest
from django.urls import reverse

from oneteam.core.testing import HOSTILE_MARKDOWN, unsafe_parts
from oneteam.goals import services as goal_services
from oneteam.stories import services
from oneteam.stories.models import Story


def form(**extra):
    data = {"title": "My #MyOneTeamGov", "kind": "my_oneteam", "language": "cy", "body": "# Helo\n\nDiolch **yn fawr**.",
            "principles": ["work-in-the-open", "take-practical-action"], "themes": "wellbeing, Leadership, wellbeing"}
    data.update(extra)
    return data


def test_preview_renders_without_saving(client, make_user, principles):
    client.force_login(make_user())
    page = client.post(reverse("stories:create"), form(preview="1")).content.decode()
    assert "Preview" in page and "<strong>yn fawr</strong>" in page
    assert not Story.objects.exists()


def test_write_then_publish(client, make_user, principles):
    writer = make_user(display_name="Wren Writer")
    client.force_login(writer)
    response = client.post(reverse("stories:create"), form())
    story = Story.objects.get()
    assert response.url == story.get_absolute_url()
    assert story.is_draft and list(story.authors.all()) == [writer]
    assert sorted(t.name for t in story.themes.all()) == ["Leadership", "wellbeing"]
    assert story.principles.count() == 2
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Draft: only its authors can see this" in page
    assert 'lang="cy"' in page and "1 minute read" in page
    client.post(reverse("stories:publish", args=[story.slug]))
    story.refresh_from_db()
    assert story.is_published and story.published_at


def test_reading_time_follows_length(write_story):
    story = write_story(body="word " * 1001)
    assert story.reading_minutes == 6


def test_others_cannot_edit_or_publish(client, write_story, make_user):
    story = write_story(publish=False)
    client.force_login(make_user())
    for name in ("edit", "publish", "delete"):
        assert client.get(reverse(f"stories:{name}", args=[story.slug])).status_code == 404
    published = write_story()
    for name in ("edit", "unpublish", "delete"):
        assert client.get(reverse(f"stories:{name}", args=[published.slug])).status_code == 403


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_hostile_markdown_is_harmless_on_the_page_and_in_the_preview(client, write_story, hostile):
    story = write_story(body=hostile, summary="<script>alert(1)</script>")
    page = client.get(story.get_absolute_url()).content.decode()
    body = page.split('<div lang="en">', 1)[1].split("</div>", 1)[0]
    assert unsafe_parts(body) == []
    assert "<script>alert(1)</script>" not in page
    client.force_login(story.created_by)
    preview = client.post(reverse("stories:create"), form(body=hostile, preview="1")).content.decode()
    shown = preview.split('id="preview">', 1)[1].split("</div>", 1)[0]
    assert unsafe_parts(shown) == []


def test_links_to_goals_and_events_are_listed(client, write_story, global_organiser, make_event, make_user, principles):
    goal = goal_services.create_goal(by=global_organiser, title="Diversity and inclusion", why="y", first_action="z")
    event = make_event(title="Lean coffee in Leeds")
    draft = make_event(title="Secret planning", status="draft")
    story = write_story(body=f"See [the goal](/goals/{goal.slug}/), [the event](https://oneteam.example/events/{event.slug}/) "
                             f"and [a draft](/events/{draft.slug}/).")
    assert list(story.goals.all()) == [goal]
    assert list(story.events.all()) == [event]
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Mentioned in this story" in page and "Lean coffee in Leeds" in page and "Secret planning" not in page


def test_unpublish_takes_it_back(write_story):
    story = write_story()
    story = services.unpublish_story(story=story, by=story.created_by)
    assert story.is_draft and story.published_at is None


def test_the_goal_page_lists_published_stories_that_mention_it(client, write_story, global_organiser):
    goal = goal_services.create_goal(by=global_organiser, title="Leadership", why="y", first_action="z")
    write_story(title="Leading across borders", body=f"Part of [our goal](/goals/{goal.slug}/).")
    write_story(title="Unfinished thoughts", body=f"[goal](/goals/{goal.slug}/)", publish=False)
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Stories about this goal" in page and "Leading across borders" in page
    assert "Unfinished thoughts" not in page
