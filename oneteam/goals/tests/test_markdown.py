"""Everything people type on goals and microactions is rendered through core.markdown: harmless."""

import pytest

from oneteam.core.testing import HOSTILE_MARKDOWN, unsafe_parts
from oneteam.goals import services


def _main(page: str) -> str:
    return page.split('id="main-content">', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_goal_texts_and_the_log_are_harmless(client, global_organiser, make_user, hostile):
    goal = services.create_goal(by=global_organiser, title="Safe", why=hostile, plan=hostile, first_action="z")
    services.post_update(goal=goal, by=global_organiser, text=hostile)
    item = services.suggest_microaction(by=make_user(), title="Safe too", description=hostile)
    services.curate(microaction=item, by=global_organiser, status="listed")
    for url in (goal.get_absolute_url(), item.get_absolute_url()):
        main = _main(client.get(url).content.decode())
        assert unsafe_parts(main.replace('<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart"', "<div")
                            .replace("</svg>", "</div>")) == []
