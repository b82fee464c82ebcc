"""Chapter pages: find, start, look at, join, leave and run a chapter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from oneteam.core.errors import add_to_form

from . import permissions, registry, selectors, services
from .forms import ChapterEditForm, ChapterFilterForm, ChapterStartForm, InviteOrganiserForm
from .models import ChecklistItem, OrganiserInvitation


def chapter_list(request):
    form = ChapterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chapters = selectors.chapter_list(
        country=filters.get("country") or None, status=filters.get("status") or None, q=filters.get("q") or None
    )
    return render(
        request,
        "chapters/list.html",
        {
            "form": form,
            "rows": selectors.as_hierarchy(chapters),
            "filtered": bool(filters and any(filters.values())),
            "dormant_age": selectors.DORMANT_MIN_AGE.days,
            "dormant_quiet": selectors.DORMANT_QUIET_PERIOD.days,
        },
    )


def _detail_context(request, chapter, invite_form=None) -> dict:
    organise = permissions.can_organise(request.user, chapter)
    return {
        "chapter": chapter,
        "status_label": selectors.STATUS_LABELS[chapter.status],
        "is_dormant": chapter.status == selectors.DORMANT,
        "membership": selectors.membership_of(chapter, request.user),
        "can_organise": organise,
        "organisers": selectors.organisers(chapter),
        "members": selectors.members(chapter) if organise else [],
        "children": selectors.child_chapters(chapter),
        "sections": registry.page_sections(request, chapter, organise),
        "checklist": selectors.checklist(chapter) if organise else [],
        "invitations": selectors.pending_invitations(chapter) if organise else [],
        "form": invite_form or (InviteOrganiserForm() if organise else None),
        **_handover_summary(request, chapter),
    }


def _handover_summary(request, chapter) -> dict:
    """What the chapter page shows about health and handover for this reader."""
    from . import health

    call = selectors.open_call(chapter)
    dormant = chapter.status == selectors.DORMANT
    assessment = health.assess(chapter)
    return {
        "health": assessment,
        "call": call,
        "can_answer_call": permissions.can_answer_call(request.user, chapter, call_open=call is not None),
        "can_take_over": permissions.can_take_over(request.user, chapter, dormant=dormant),
        "my_handover": selectors.pending_handover_for(chapter, request.user),
        "history": selectors.organiser_history(chapter),
    }


def chapter_detail(request, slug):
    chapter = selectors.chapter_detail(slug)
    return render(request, "chapters/detail.html", _detail_context(request, chapter))


def _organised_chapter(request, slug):
    chapter = selectors.chapter_detail(slug)
    if not permissions.can_organise(request.user, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can do that."))
    return chapter


@login_required
@require_http_methods(["GET", "POST"])
def chapter_start(request):
    form = ChapterStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            chapter = services.start_chapter(by=request.user, **form.cleaned_data)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("You have started %(name)s. Work through the starter checklist below to get going.")
                % {"name": chapter.name},
            )
            return redirect(chapter)
    return render(request, "chapters/start.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request, slug):
    chapter = _organised_chapter(request, slug)
    form = ChapterEditForm(request.POST if request.method == "POST" else None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_chapter(chapter=chapter, by=request.user, **form.cleaned_data)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Your changes to the chapter are saved."))
            return redirect(chapter)
    return render(request, "chapters/edit.html", {"form": form, "chapter": chapter})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_join(request, slug):
    chapter = selectors.chapter_detail(slug)
    if request.method == "POST":
        services.join(chapter=chapter, by=request.user)
        messages.success(request, _("You have joined %(name)s.") % {"name": chapter.name})
    # A GET (after signing in from the join button) just shows the chapter.
    return redirect(chapter)


@login_required
@require_POST
def chapter_leave(request, slug):
    chapter = selectors.chapter_detail(slug)
    try:
        left = services.leave(chapter=chapter, by=request.user)
    except services.ChapterError as exc:
        messages.error(request, exc.message)
    else:
        if left:
            messages.success(request, _("You have left %(name)s.") % {"name": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
def chapter_invite(request, slug):
    chapter = _organised_chapter(request, slug)
    form = InviteOrganiserForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invite_organiser(chapter=chapter, by=request.user, email=email)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("We have e-mailed an invitation to %(email)s. They become an organiser when they accept it.")
                % {"email": email},
            )
            return redirect(f"{chapter.get_absolute_url()}#organisers")
    return render(request, "chapters/detail.html", _detail_context(request, chapter, invite_form=form))


@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    chapter = _organised_chapter(request, slug)
    invitation = get_object_or_404(OrganiserInvitation, pk=pk, chapter=chapter)
    try:
        services.withdraw_invitation(invitation=invitation, by=request.user)
    except services.ChapterError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect(f"{chapter.get_absolute_url()}#organisers")


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The page an invitation e-mail links to: accept (signed in) or decline."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        raise Http404(_("This invitation link is not valid, or it has expired."))
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                if not request.user.is_authenticated:
                    return redirect_to_login(request.path)
                services.accept_invitation(invitation=invitation, by=request.user)
                messages.success(
                    request, _("You are now an organiser of %(name)s.") % {"name": invitation.chapter.name}
                )
                return redirect(invitation.chapter)
            if answer == "decline":
                services.decline_invitation(invitation=invitation, by=request.user)
                messages.success(request, _("You have declined the invitation. Nothing has changed."))
                return redirect(invitation.chapter)
        except services.ChapterError as exc:
            messages.error(request, exc.message)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    invitation.refresh_from_db()
    return render(
        request,
        "chapters/invitation.html",
        {"invitation": invitation, "is_pending": invitation.status == OrganiserInvitation.Status.PENDING},
    )


@login_required
@require_POST
def chapter_tick(request, slug, key):
    chapter = _organised_chapter(request, slug)
    done = request.POST.get("done") == "true"
    try:
        item = services.tick(chapter=chapter, by=request.user, key=key, done=done)
    except ChecklistItem.DoesNotExist:
        raise Http404 from None
    step = selectors.STEPS_BY_KEY.get(item.key)
    title = step.title if step else item.key
    if done:
        messages.success(request, _("Done: %(step)s.") % {"step": title})
    else:
        messages.success(request, _("Marked as not done: %(step)s.") % {"step": title})
    return redirect(f"{chapter.get_absolute_url()}#checklist")


# --- Health, handover, rituals, announcements, the global view --------------

from django.utils import timezone  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

from . import charts, health  # noqa: E402
from .forms import (  # noqa: E402
    CallForm, HealthSettingsForm, HolidayForm, InviteSuccessorForm, NominateForm, RitualForm, WebhookForm,
)
from .models import Handover, HealthSettings, Holiday, Ritual  # noqa: E402


def _month_label(ending: str) -> str:
    import datetime as dt

    return dt.date.fromisoformat(ending).strftime("%b %Y")


def chapter_health(request, slug):
    """The chapter's health, worked out now: status, reasons, trend chart and table. Public."""
    chapter = selectors.chapter_detail(slug)
    assessment = health.assess(chapter)
    months = [(_month_label(m["ending"]), m["events"], m["people"]) for m in assessment.figures["months"]]
    chart = charts.column_chart(
        _("People at meetings in the last six months"),
        _("Each column is 30 days; the table below gives the same figures, with the number of meetings."),
        [(label, people) for label, _events, people in months],
    )
    organise = permissions.can_organise(request.user, chapter)
    return render(request, "chapters/health.html", {
        "chapter": chapter, "assessment": assessment, "months": months, "chart": mark_safe(chart),  # noqa: S308
        "can_organise": organise,
        "alerts": selectors.recent_alerts(chapter) if organise else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def chapter_health_settings(request, slug):
    chapter = _organised_chapter(request, slug)
    current = HealthSettings.objects.filter(chapter=chapter).first()
    initial = {"meets_every_days": current.meets_every_days if current else health.DEFAULT_CADENCE,
               "timezone_name": current.timezone if current else "Europe/London",
               "latitude": current.latitude if current else None, "longitude": current.longitude if current else None}
    form = HealthSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_health_settings(chapter=chapter, by=request.user, **form.cleaned_data)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The chapter's rhythm and place are saved."))
            return redirect("chapters:health", chapter.slug)
    return render(request, "chapters/health_settings.html", {"chapter": chapter, "form": form})


def _handover_context(request, chapter, **forms) -> dict:
    people = selectors.successor_choices(chapter)
    return {
        "chapter": chapter,
        "is_organiser": permissions.is_organiser(request.user, chapter),
        "organiser_count": chapter.organiser_count,
        "people": people,
        "nominate_form": forms.get("nominate_form") or NominateForm(people=people),
        "invite_form": forms.get("invite_form") or InviteSuccessorForm(),
        "call_form": forms.get("call_form") or CallForm(),
        "call": selectors.open_call(chapter),
        "handovers": selectors.pending_handovers(chapter),
        "history": selectors.organiser_history(chapter),
    }


@login_required
def chapter_handover(request, slug):
    chapter = _organised_chapter(request, slug)
    return render(request, "chapters/handover.html", _handover_context(request, chapter))


@login_required
@require_POST
def handover_step_back(request, slug):
    chapter = _organised_chapter(request, slug)
    try:
        services.step_back(chapter=chapter, by=request.user)
    except services.ChapterError as exc:
        messages.error(request, exc.message)
        return redirect("chapters:handover", chapter.slug)
    messages.success(request, _("You have stepped back. You are still a member of %(name)s.") % {"name": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
def handover_nominate(request, slug):
    chapter = _organised_chapter(request, slug)
    form = NominateForm(request.POST, people=selectors.successor_choices(chapter))
    if form.is_valid():
        try:
            handover = services.nominate_successor(chapter=chapter, by=request.user, **form.cleaned_data)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("We have asked %(name)s to take over. You stay an organiser until they accept.")
                             % {"name": handover.to_user.public_name})
            return redirect("chapters:handover", chapter.slug)
    return render(request, "chapters/handover.html", _handover_context(request, chapter, nominate_form=form))


@login_required
@require_POST
def handover_invite(request, slug):
    chapter = _organised_chapter(request, slug)
    form = InviteSuccessorForm(request.POST)
    if form.is_valid():
        try:
            services.invite_organiser(chapter=chapter, by=request.user, email=form.cleaned_data["email"],
                                      steps_back=True)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("We have e-mailed %(email)s. When they accept, they take over and you step back.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("chapters:handover", chapter.slug)
    return render(request, "chapters/handover.html", _handover_context(request, chapter, invite_form=form))


@login_required
@require_POST
def handover_call(request, slug):
    chapter = _organised_chapter(request, slug)
    if request.POST.get("action") == "close":
        services.close_call(chapter=chapter, by=request.user)
        messages.success(request, _("The call for co-organisers is closed."))
        return redirect("chapters:handover", chapter.slug)
    form = CallForm(request.POST)
    if form.is_valid():
        services.open_call(chapter=chapter, by=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("The call for co-organisers is open on the chapter's page."))
        return redirect("chapters:handover", chapter.slug)
    return render(request, "chapters/handover.html", _handover_context(request, chapter, call_form=form))


@login_required
@require_POST
def handover_answer(request, slug, pk):
    chapter = selectors.chapter_detail(slug)
    handover = get_object_or_404(Handover, pk=pk, chapter=chapter)
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            services.accept_handover(handover=handover, by=request.user)
            messages.success(request, _("You are now an organiser of %(name)s. Welcome aboard.") % {"name": chapter.name})
        elif answer == "decline":
            services.decline_handover(handover=handover, by=request.user)
            messages.success(request, _("You have said no. Nothing has changed."))
        elif answer == "withdraw":
            services.withdraw_handover(handover=handover, by=request.user)
            messages.success(request, _("The handover is withdrawn."))
            return redirect("chapters:handover", chapter.slug)
    except services.ChapterError as exc:
        messages.error(request, exc.message)
    return redirect(chapter)


@login_required
@require_POST
def call_answer(request, slug):
    chapter = selectors.chapter_detail(slug)
    services.answer_call(chapter=chapter, by=request.user)
    messages.success(request, _("Thank you for stepping up: you are now an organiser of %(name)s.") % {"name": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
def take_over(request, slug):
    chapter = selectors.chapter_detail(slug)
    services.take_over(chapter=chapter, by=request.user)
    messages.success(request, _("You have taken over %(name)s. Plan a meeting to bring it back to life.")
                     % {"name": chapter.name})
    return redirect(chapter)


def _rituals_context(chapter, **forms) -> dict:
    zone = HealthSettings.objects.filter(chapter=chapter).values_list("timezone", flat=True).first()
    return {
        "chapter": chapter, "rituals": selectors.rituals(chapter), "holidays": selectors.holidays(chapter),
        "zone": zone or "Europe/London",
        "ritual_form": forms.get("ritual_form") or RitualForm(initial={"starts_on": timezone.localdate()}),
        "holiday_form": forms.get("holiday_form") or HolidayForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def chapter_rituals(request, slug):
    chapter = _organised_chapter(request, slug)
    if request.method == "POST":
        form = RitualForm(request.POST)
        if form.is_valid():
            try:
                services.add_ritual(chapter=chapter, by=request.user, **form.cleaned_data)
            except services.ChapterError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The ritual is saved. The worker creates each meeting ahead of time."))
                return redirect("chapters:rituals", chapter.slug)
        return render(request, "chapters/rituals.html", _rituals_context(chapter, ritual_form=form))
    return render(request, "chapters/rituals.html", _rituals_context(chapter))


@login_required
@require_POST
def ritual_stop(request, slug, pk):
    chapter = _organised_chapter(request, slug)
    services.stop_ritual(ritual=get_object_or_404(Ritual, pk=pk, chapter=chapter), by=request.user)
    messages.success(request, _("No new meetings will be created from that ritual."))
    return redirect("chapters:rituals", chapter.slug)


@login_required
@require_POST
def holiday_add(request, slug):
    chapter = _organised_chapter(request, slug)
    form = HolidayForm(request.POST)
    if form.is_valid():
        try:
            services.add_holiday(chapter=chapter, by=request.user, **form.cleaned_data)
        except services.ChapterError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("No ritual will meet on that day."))
            return redirect("chapters:rituals", chapter.slug)
    return render(request, "chapters/rituals.html", _rituals_context(chapter, holiday_form=form))


@login_required
@require_POST
def holiday_remove(request, slug, pk):
    chapter = _organised_chapter(request, slug)
    services.remove_holiday(holiday=get_object_or_404(Holiday, pk=pk, chapter=chapter), by=request.user)
    messages.success(request, _("The holiday is removed."))
    return redirect("chapters:rituals", chapter.slug)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_announcements(request, slug):
    chapter = _organised_chapter(request, slug)
    form = WebhookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "remove":
            services.remove_webhook(chapter=chapter, by=request.user)
            messages.success(request, _("Announcements are turned off: the address is deleted."))
            return redirect("chapters:announcements", chapter.slug)
        if action == "test":
            try:
                services.send_test_announcement(chapter=chapter, by=request.user)
            except services.ChapterError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("A test message is on its way. Its result shows below."))
            return redirect("chapters:announcements", chapter.slug)
        if form.is_valid():
            try:
                services.set_webhook(chapter=chapter, by=request.user, **form.cleaned_data)
            except services.ChapterError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Announcements will be posted to your channel."))
                return redirect("chapters:announcements", chapter.slug)
    return render(request, "chapters/announcements.html", {
        "chapter": chapter, "form": form, "webhook": selectors.webhook_of(chapter),
        "deliveries": selectors.recent_deliveries(chapter),
    })


def world(request):
    """The global view: every chapter by country with health, next meeting and contact; a map beside it."""
    country = (request.GET.get("country") or "").upper()[:2] or None
    rows = selectors.world(country=country)
    points = [(f"{row.chapter.name}: {row.status_label}", row.latitude, row.longitude, row.status)
              for row in rows if row.latitude is not None]
    groups: dict[str, list] = {}
    for row in rows:
        name = str(row.chapter.country.name) if row.chapter.country else str(_("Worldwide"))
        groups.setdefault(name, []).append(row)
    counts = {}
    for row in rows:
        counts[row.status_label] = counts.get(row.status_label, 0) + 1
    chart = charts.point_map(
        _("Where the chapters are"),
        _("Each chapter with a place set is a point, its shape and colour giving its health: circle thriving, "
          "square steady, diamond at risk, cross dormant. The table gives every chapter."),
        points,
    ) if points else ""
    return render(request, "chapters/world.html", {
        "groups": sorted(groups.items()), "map": mark_safe(chart), "counts": sorted(counts.items()),  # noqa: S308
        "countries": selectors.countries_with_chapters(), "country": country, "unplaced": len(rows) - len(points),
    })
