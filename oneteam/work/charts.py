"""Progress of key results, drawn: the events app's accessible bar chart, in per cent."""

from __future__ import annotations

from django.utils.translation import gettext as _

from oneteam.events.charts import bar_chart

from .models import Objective


def progress_chart(objective: Objective, key_results) -> str:
    bars = [(result.title[:18] + ("…" if len(result.title) > 18 else ""), result.progress) for result in key_results]
    return bar_chart(
        _("Progress towards: %(objective)s") % {"objective": objective.title},
        _("Per cent of the way from the starting value to the target, for each key result. "
          "The table below gives the same figures."),
        bars,
    )
