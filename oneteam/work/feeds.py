"""An Atom feed of the updates of public projects: whoever subscribes is nobody in particular."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from oneteam.core.markdown import render_markdown

from .models import Project, ProjectUpdate

FEED_SIZE = 50


class PublicUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("OneTeam work register: updates")
    subtitle = _("What public projects are achieving, newest first.")

    def link(self):
        return reverse("work:list")

    def items(self):
        return (ProjectUpdate.objects.filter(project__visibility=Project.Visibility.PUBLIC)
                .select_related("project", "project__organisation")[:FEED_SIZE])

    def item_title(self, item):
        return item.project.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_link(self, item):
        return f"{item.project.get_absolute_url()}#updates"

    def item_guid(self, item):
        return f"project-update-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.project.organisation.name
