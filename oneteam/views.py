"""Pages that put several apps together. This module sits above every app,
so it may import any of them; no app imports it."""

from django.shortcuts import render

from oneteam.chapters.selectors import chapter_counts
from oneteam.events.selectors import event_list


def home(request):
    return render(request, "core/home.html", {"events": event_list()[:5], "counts": chapter_counts()})
