"""Event pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from oneteam.chapters.models import Chapter
from oneteam.core.errors import add_to_form
from oneteam.people import selectors as people_selectors
from oneteam.people import services as people_services

from . import exports, permissions, registry, selectors, services
from .charts import bar_chart
from .forms import COMMON_ZONES, EventForm, FeedbackForm, SignUpForm
from .ical import calendar
from .models import Event

PAGE_SIZE = 20
NEW_CALENDAR_ADDRESS = "events:new_calendar_address"


def _visible_event(slug: str, user) -> Event:
    event = selectors.visible_event(slug, user)
    if event is None:
        raise Http404(_("No such event."))
    return event


def _managed_event(slug: str, user) -> Event:
    """404 for whoever cannot see the event, 403 for whoever can see it but not run it."""
    event = _visible_event(slug, user)
    if not permissions.can_manage(user, event):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))
    return event


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def chapter_section(request, chapter, can_organise: bool) -> dict:
    """The events part of a chapter's page (registered with the chapters app)."""
    return {"chapter": chapter, "can_organise": can_organise,
            **selectors.chapter_events(chapter, include_drafts=can_organise)}


# --- Lists -------------------------------------------------------------------


def event_list(request):
    chosen = request.GET.get("format", "")
    if chosen not in Event.Format.values:
        chosen = ""
    return render(
        request,
        "events/list.html",
        {
            "page": _page(request, selectors.event_list(format=chosen or None)),
            "formats": Event.Format.choices,
            "chosen_format": chosen,
            "query_prefix": f"format={chosen}&" if chosen else "",
        },
    )


def past_list(request):
    return render(request, "events/past.html", {"page": _page(request, selectors.past_events())})


@login_required
def my_events(request):
    raw = request.session.pop(NEW_CALENDAR_ADDRESS, None)
    new_feed_url = request.build_absolute_uri(reverse("events:personal_feed", args=[raw])) if raw else None
    return render(
        request,
        "events/mine.html",
        {"mine": selectors.my_events(request.user), "new_feed_url": new_feed_url,
         "has_feed": bool(request.user.calendar_token_hash),
         "sections": registry.my_events_sections(request)},
    )


@login_required
@require_POST
def calendar_address(request):
    """A new private address for the person's calendar feed, shown once."""
    request.session[NEW_CALENDAR_ADDRESS] = people_services.issue_calendar_token(by=request.user)
    messages.success(request, _("Your calendar feed has a new address. Any older address no longer works."))
    return redirect(f"{reverse('events:mine')}#calendar-feed")


# --- One event ---------------------------------------------------------------


def _render_detail(request, event: Event, signup_form: SignUpForm | None = None):
    state = selectors.signup_state(event, request.user)
    if signup_form is None:
        initial = {"accessibility_needs": state.registration.accessibility_needs} if state.registration else {}
        signup_form = SignUpForm(initial=initial)
    sections = registry.page_sections(request, event, state.can_manage)
    return render(request, "events/detail.html",
                  {"event": event, "state": state, "form": signup_form, "sections": sections})


def detail(request, slug):
    return _render_detail(request, _visible_event(slug, request.user))


@require_http_methods(["GET", "POST"])
@login_required
def sign_up(request, slug):
    event = _visible_event(slug, request.user)
    if request.method == "GET":
        return redirect(event)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, event, signup_form=form)
    already = selectors.registration_for(event, request.user) is not None
    try:
        registration = services.sign_up(
            event=event, by=request.user, accessibility_needs=form.cleaned_data["accessibility_needs"]
        )
    except services.EventError as exc:
        messages.error(request, exc.message)
        return redirect(event)
    if already:
        messages.success(request, _("Your accessibility needs are updated."))
    elif registration.is_confirmed:
        messages.success(request, _("You have a place at %(title)s.") % {"title": event.title})
    else:
        messages.success(
            request,
            _("The event is full: you are number %(position)s on the waiting list.")
            % {"position": selectors.waiting_position(registration)},
        )
    return redirect(event)


@require_POST
@login_required
def cancel_place(request, slug):
    event = _visible_event(slug, request.user)
    try:
        services.cancel_registration(event=event, by=request.user)
    except services.EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your place is cancelled."))
    return redirect(event)


def _ics(body: bytes, filename: str, private: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def ical(request, slug):
    event = _visible_event(slug, request.user)
    return _ics(calendar(event.title, [event]), f"{event.slug}.ics", private=event.is_draft)


def chapter_feed(request, chapter_slug):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    name = _("%(chapter)s events") % {"chapter": chapter.name}
    return _ics(calendar(name, selectors.chapter_calendar_events(chapter)), f"{chapter.slug}.ics")


@never_cache
def personal_feed(request, token):
    person = people_selectors.person_for_calendar_token(token)
    if person is None:
        raise Http404
    items = [(r.event, r) for r in selectors.personal_calendar_registrations(person)]
    return _ics(calendar(_("My OneTeam events"), items), "oneteam.ics", private=True)


# --- Organisers ----------------------------------------------------------------

FORM_FIELDS_FOR = {"start": "start_date", "end": "end_date"}


def _render_form(request, form, **context):
    context.update(form=form, zones=COMMON_ZONES)
    return render(request, "events/form.html", context)


@login_required
def create(request, chapter_slug):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    if not permissions.can_create_in(request.user, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can create its events."))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(chapter=chapter, by=request.user, **form.event_data())
        except services.EventError as exc:
            add_to_form(form, exc, FORM_FIELDS_FOR)
        else:
            messages.success(request, _("Your draft event is saved. Publish it when it is ready."))
            return redirect(event)
    return _render_form(request, form, chapter=chapter, event=None)


@login_required
def edit(request, slug):
    event = _managed_event(slug, request.user)
    if event.is_cancelled:
        messages.error(request, _("This event is cancelled, so it can no longer be changed."))
        return redirect(event)
    form = EventForm.for_event(event, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event=event, by=request.user, **form.event_data())
        except services.EventError as exc:
            add_to_form(form, exc, FORM_FIELDS_FOR)
        else:
            messages.success(request, _("The event is updated."))
            return redirect(event)
    return _render_form(request, form, chapter=event.chapter, event=event)


def _confirm_action(request, slug, action, template, done_message, done_url=None):
    """Show the confirmation page; on POST, do the action and go back to the event."""
    event = _managed_event(slug, request.user)
    if request.method != "POST":
        return render(request, template, {"event": event, "counts": selectors.registration_counts(event)})
    try:
        action(event=event, by=request.user)
    except services.EventError as exc:
        messages.error(request, exc.message)
        return redirect(event)
    messages.success(request, done_message)
    return redirect(done_url or event)


@require_http_methods(["GET", "POST"])
@login_required
def publish(request, slug):
    return _confirm_action(
        request, slug, services.publish_event, "events/confirm_publish.html",
        _("The event is published. People can now sign up."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request, slug):
    return _confirm_action(
        request, slug, services.cancel_event, "events/confirm_cancel.html",
        _("The event is cancelled. Everyone who signed up is being e-mailed."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, slug):
    event = _managed_event(slug, request.user)
    return _confirm_action(
        request, slug, services.delete_draft, "events/confirm_delete.html",
        _("The draft is deleted."), done_url=event.chapter.get_absolute_url(),
    )


@login_required
def attendee_list(request, slug):
    event = _managed_event(slug, request.user)
    return render(request, "events/attendees.html", {"event": event, "people": selectors.attendees(event)})


@login_required
def attendees_csv(request, slug):
    event = _managed_event(slug, request.user)
    response = HttpResponse(exports.attendees_csv(event, selectors.attendees(event)),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Feedback --------------------------------------------------------------------


@login_required
def feedback(request, slug):
    event = _visible_event(slug, request.user)
    state = selectors.signup_state(event, request.user)
    if state.registration is None or not state.registration.is_confirmed:
        raise PermissionDenied(_("Only people who had a place at the event can give feedback."))
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(event=event, by=request.user, **form.cleaned_data)
        except services.EventError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
        return redirect(event)
    already = selectors.has_given_feedback(event, request.user)
    return render(request, "events/feedback.html", {"event": event, "form": form, "already": already})


def feedback_results(request, slug):
    event = _visible_event(slug, request.user)
    can_manage = permissions.can_manage(request.user, event)
    if not (can_manage or event.feedback_published):
        raise PermissionDenied(_("The organisers have not published the feedback on this event."))
    summary = selectors.feedback_summary(event)
    chart = bar_chart(
        _("Ratings for %(title)s") % {"title": event.title},
        _("Number of people who gave each rating, from Excellent to Poor: %(list)s.")
        % {"list": ", ".join(f"{label} {count}" for label, count in summary.ratings)},
        summary.ratings,
    )
    return render(
        request,
        "events/feedback_results.html",
        {"event": event, "summary": summary, "chart": mark_safe(chart), "can_manage": can_manage},
    )


@require_POST
@login_required
def feedback_publish(request, slug):
    event = _managed_event(slug, request.user)
    published = request.POST.get("published") == "true"
    services.set_feedback_published(event=event, by=request.user, published=published)
    if published:
        messages.success(request, _("The feedback results are now public."))
    else:
        messages.success(request, _("The feedback results are now visible to organisers only."))
    return redirect("events:feedback_results", slug=event.slug)
