"""Template helpers for GOV.UK Frontend components, loaded in every template."""

from __future__ import annotations

import zoneinfo

from django import template
from django.templatetags.tz import do_timezone
from django.utils.safestring import mark_safe

from oneteam.core.forms import first_error_anchor, widget_attrs
from oneteam.core.markdown import render_markdown

register = template.Library()


@register.simple_tag
def govuk_widget(bound_field):
    """Render a field's input with GOV.UK classes and ARIA links to hint and error."""
    return bound_field.as_widget(attrs=widget_attrs(bound_field))


@register.inclusion_tag("core/components/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary for one or more forms (nothing when all are valid)."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"text": message, "href": ""})
        for name in form.errors:
            if name == "__all__":
                continue
            bound = form[name]
            for message in bound.errors:
                items.append({"text": message, "href": "#" + first_error_anchor(bound)})
    return {"items": items}


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text or ""))


@register.filter
def in_zone(value, zone_name: str):
    """A datetime shown in the named zone (an event's own zone, say).

    Goes through Django's ``timezone`` filter, whose result a following
    ``|date`` does not convert back to the viewer's zone.
    """
    if value is None:
        return value
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value
    return do_timezone(value, zone) or value
