"""Event pages: thin views over the selectors and services."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from oneteam.chapters.models import Chapter

from . import selectors, services
from .charts import bar_chart
from .forms import COMMON_ZONES, EventForm, FeedbackForm, SignUpForm
from .ical import calendar
from .models import Event, Registration

PAGE_SIZE = 20


def _visible_event(slug: str, user) -> Event:
    event = selectors.event_for_viewer(slug, user)
    if event is None:
        raise Http404(_("No such event."))
    return event


def _managed_event(slug: str, user) -> Event:
    event = get_object_or_404(Event.objects.select_related("chapter"), slug=slug)
    if not selectors.can_manage(event, user):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))
    return event


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Lists -------------------------------------------------------------------


def event_list(request):
    events = selectors.upcoming_events()
    chosen = request.GET.get("format", "")
    if chosen in Event.Format.values:
        events = events.filter(format=chosen)
    else:
        chosen = ""
    return render(
        request,
        "events/list.html",
        {
            "page": _page(request, selectors.with_counts(events)),
            "formats": Event.Format.choices,
            "chosen_format": chosen,
            "query_prefix": f"format={chosen}&" if chosen else "",
        },
    )


def past_list(request):
    return render(request, "events/past.html", {"page": _page(request, selectors.past_events())})


@login_required
def my_events(request):
    feed_url = request.build_absolute_uri(
        reverse("events:personal_feed", args=[request.user.calendar_token])
    )
    return render(request, "events/mine.html", {"mine": selectors.my_events(request.user), "feed_url": feed_url})


# --- One event ---------------------------------------------------------------


def _render_detail(request, event: Event, signup_form: SignUpForm | None = None, status: int = 200):
    registration = selectors.registration_for(event, request.user)
    if signup_form is None:
        initial = {"accessibility_needs": registration.accessibility_needs} if registration else {}
        signup_form = SignUpForm(initial=initial)
    is_confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
    can_manage = selectors.can_manage(event, request.user)
    context = {
        "event": event,
        "counts": selectors.registration_counts(event),
        "registration": registration,
        "position": selectors.waiting_position(registration) if registration else None,
        "form": signup_form,
        "can_manage": can_manage,
        "can_sign_up": event.is_published and not event.is_past,
        "can_give_feedback": is_confirmed
        and event.is_past
        and not selectors.has_given_feedback(event, request.user),
        "can_see_feedback": event.is_past and (can_manage or event.feedback_published),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "events/detail.html", context, status=status)


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
        registration = services.sign_up(event, request.user, form.cleaned_data["accessibility_needs"])
    except services.SignupError as exc:
        messages.error(request, str(exc))
        return redirect(event)
    if already:
        messages.success(request, _("Your accessibility needs are updated."))
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You have a place at %(title)s.") % {"title": event.title})
    else:
        position = selectors.waiting_position(registration)
        messages.success(
            request,
            _("The event is full: you are number %(position)s on the waiting list.") % {"position": position},
        )
    return redirect(event)


@require_POST
@login_required
def cancel_place(request, slug):
    event = _visible_event(slug, request.user)
    try:
        services.cancel_registration(event, request.user)
    except services.SignupError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your place is cancelled."))
    return redirect(event)


def ical(request, slug):
    event = _visible_event(slug, request.user)
    return _ics(calendar(event.title, [event]), f"{event.slug}.ics")


def chapter_feed(request, chapter_slug):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    name = _("%(chapter)s events") % {"chapter": chapter.name}
    return _ics(calendar(name, selectors.chapter_calendar_events(chapter)), f"{chapter.slug}.ics")


def personal_feed(request, token):
    user = get_object_or_404(get_user_model(), calendar_token=token)
    items = [(r.event, r) for r in selectors.personal_calendar_registrations(user)]
    return _ics(calendar(_("My OneTeam events"), items), "oneteam.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Organisers ----------------------------------------------------------------


def _add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the matching form fields."""
    for name, errors in exc.message_dict.items():
        target = {"start": "start_date", "end": "end_date"}.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def _render_form(request, form, **context):
    context.update(form=form, zones=COMMON_ZONES)
    return render(request, "events/form.html", context)


@login_required
def create(request, chapter_slug):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    if not selectors.can_organise(chapter, request.user):
        raise PermissionDenied(_("Only the chapter's organisers can create its events."))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(chapter, request.user, **form.event_data())
        except ValidationError as exc:
            _add_service_errors(form, exc)
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
            services.update_event(event, request.user, **form.event_data())
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except services.EventError as exc:
            messages.error(request, str(exc))
            return redirect(event)
        else:
            messages.success(request, _("The event is updated."))
            return redirect(event)
    return _render_form(request, form, chapter=event.chapter, event=event)


def _confirm_action(request, slug, action, template, done_message):
    """Show the confirmation page; on POST, do the action and go back to the event."""
    event = _managed_event(slug, request.user)
    if request.method != "POST":
        return render(request, template, {"event": event, "counts": selectors.registration_counts(event)})
    try:
        action(event, request.user)
    except services.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done_message)
    return redirect(event)


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
        _("The event is cancelled. Everyone who signed up has been e-mailed."),
    )


@login_required
def attendee_list(request, slug):
    event = _managed_event(slug, request.user)
    return render(request, "events/attendees.html", {"event": event, "people": selectors.attendees(event)})


CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value) -> str:
    """Stop spreadsheets reading a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_TRIGGERS) else text


@login_required
def attendees_csv(request, slug):
    event = _managed_event(slug, request.user)
    people = selectors.attendees(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail"), _("Status"), _("Position"), _("Accessibility needs"), _("Signed up at")])
    for registration in people.confirmed + people.waiting:
        signed_up = timezone.localtime(registration.queued_at, event.tz).isoformat(timespec="minutes")
        writer.writerow(
            [
                _csv_safe(cell)
                for cell in (
                    registration.user.name,
                    registration.user.email,
                    registration.get_status_display(),
                    registration.position or "",
                    registration.accessibility_needs,
                    signed_up,
                )
            ]
        )
    return response


# --- Feedback --------------------------------------------------------------------


@login_required
def feedback(request, slug):
    event = _visible_event(slug, request.user)
    attended = Registration.objects.filter(
        event=event, user=request.user, status=Registration.Status.CONFIRMED
    ).exists()
    if not attended:
        raise PermissionDenied(_("Only people who had a place at the event can give feedback."))
    already = selectors.has_given_feedback(event, request.user)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_feedback(event, request.user, **form.cleaned_data)
            except services.FeedbackError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Thank you for your feedback."))
            return redirect(event)
    return render(request, "events/feedback.html", {"event": event, "form": form, "already": already})


def feedback_results(request, slug):
    event = _visible_event(slug, request.user)
    can_manage = selectors.can_manage(event, request.user)
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
    services.set_feedback_published(event, request.user, published)
    if published:
        messages.success(request, _("The feedback results are now public."))
    else:
        messages.success(request, _("The feedback results are now visible to organisers only."))
    return redirect("events:feedback_results", slug=event.slug)
