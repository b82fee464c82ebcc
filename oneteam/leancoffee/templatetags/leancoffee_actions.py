"""``{% take_forward capture as links %}``: what the apps above lean coffee offer next to a captured action."""

from django import template

from oneteam.leancoffee import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def take_forward(context, capture):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(capture, "is_action", False):
        return []
    return registry.action_links(user, capture)
