"""Unconference pages: thin views over the selectors and services."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from oneteam.core import live
from oneteam.core.errors import add_to_form
from oneteam.events.charts import bar_chart
from oneteam.events.models import Event

from . import exports, permissions, selectors, services
from .forms import (
    GenerateForm, InviteForm, MergeForm, NoteForm, PitchForm, RoomForm, SettingsForm, SlotForm, ThemeForm,
)
from .ical import agenda_calendar
from .models import GridRun, Host, Pitch, Room, Slot, Theme, Unconference


def _visible(slug: str, user) -> Unconference:
    unconference = selectors.visible_unconference(slug, user)
    if unconference is None:
        raise Http404(_("No such unconference."))
    return unconference


def _managed(slug: str, user) -> Unconference:
    unconference = _visible(slug, user)
    if not permissions.can_manage(user, unconference):
        raise PermissionDenied(_("Only the organisers of this unconference can do this."))
    return unconference


def _pitch(unconference: Unconference, pitch_id: int, user) -> Pitch:
    pitch = selectors.visible_pitch(unconference, pitch_id, user)
    if pitch is None:
        raise Http404(_("No such pitch."))
    return pitch


def _back(request, default: str) -> str:
    """Where to go after a small action: the page it came from, if it is one of ours."""
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def chapter_section(request, chapter, can_organise: bool) -> dict | None:
    """The unconferences part of a chapter's page (registered with the chapters app)."""
    items = selectors.chapter_unconferences(chapter, request.user)
    if not items:
        return None
    return {"unconferences": items}


def event_section(request, event, can_manage: bool) -> dict | None:
    """The unconference part of an unconference-format event's page (registered with the events app)."""
    if event.format != Event.Format.UNCONFERENCE:
        return None
    unconference = selectors.event_unconference(event, request.user)
    if unconference is None:
        if can_manage and not event.is_cancelled and permissions.can_create_for(request.user, event):
            return {"event": event, "unconference": None}  # organisers are asked to set it up
        return None
    return {
        "event": event, "unconference": unconference,
        "can_see_grid": permissions.can_see_grid(request.user, unconference),
        "can_pitch": permissions.can_pitch(request.user, unconference),
        "can_manage": permissions.can_manage(request.user, unconference),
    }


# --- Lists and the unconference page ---------------------------------------------


def unconference_list(request):
    return render(request, "unconf/list.html", {"unconferences": selectors.unconference_list(request.user),
                                                "to_set_up": selectors.events_to_set_up(request.user)})


@login_required
def create(request, event_slug):
    event = get_object_or_404(Event, slug=event_slug)
    if not permissions.can_create_for(request.user, event):
        raise PermissionDenied(_("Only the chapter's organisers can set up its unconference."))
    form = SettingsForm(request.POST or None, initial={"pitching": Unconference.Pitching.BOTH, "pitches_open": True})
    if request.method == "POST" and form.is_valid():
        try:
            unconference = services.create_unconference(event=event, by=request.user,
                                                        pitching=form.cleaned_data["pitching"])
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The unconference is set up. Add its rooms and time slots next."))
            return redirect("unconf:setup", unconference.slug)
    return render(request, "unconf/create.html", {"event": event, "form": form})


def detail(request, slug):
    unconference = _visible(slug, request.user)
    themes = list(unconference.themes.all())
    theme_id = request.GET.get("theme", "")
    theme_id = int(theme_id) if theme_id.isdigit() and any(t.pk == int(theme_id) for t in themes) else None
    order = "popular" if request.GET.get("order") == "popular" else "new"
    return render(request, "unconf/detail.html", {
        "unconference": unconference,
        "event": unconference.event,
        "pitches": selectors.pitch_list(unconference, theme_id=theme_id, order=order),
        "themes": themes, "theme_id": theme_id, "order": order,
        "interested": selectors.interested_pitch_ids(unconference, request.user),
        "mine": selectors.my_pitches(unconference, request.user),
        "invitations": selectors.pending_invitations(request.user, unconference),
        "can_manage": permissions.can_manage(request.user, unconference),
        "can_pitch": permissions.can_pitch(request.user, unconference),
        "pitching_open": permissions.pitching_window_open(unconference),
        "can_see_grid": permissions.can_see_grid(request.user, unconference),
    })


# --- Pitches ------------------------------------------------------------------------


@login_required
def pitch_new(request, slug):
    unconference = _visible(slug, request.user)
    if not permissions.can_pitch(request.user, unconference):
        messages.error(request, _("Pitching is not open at the moment."))
        return redirect(unconference)
    form = PitchForm(request.POST or None, unconference=unconference)
    if request.method == "POST" and form.is_valid():
        try:
            pitch = services.submit_pitch(unconference=unconference, by=request.user, **form.pitch_data())
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Your pitch is up. Invite co-hosts from its page."))
            return redirect(pitch)
    return render(request, "unconf/pitch_form.html", {"unconference": unconference, "form": form, "pitch": None})


def pitch_detail(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    if pitch.is_merged and pitch.merged_into_id:
        target = pitch.merged_into
        if permissions.can_see_pitch(request.user, target):
            messages.info(request, _("“%(old)s” was joined with this pitch.") % {"old": pitch.title})
            return redirect(target)
    return _render_pitch(request, unconference, pitch)


def _render_pitch(request, unconference, pitch, invite_form=None, note_form=None):
    pitch = selectors.pitch_with_details(pitch)
    accepted, pending = selectors.pitch_hosts(pitch, request.user)
    user = request.user
    is_host = permissions.is_host(user, pitch)
    placement = getattr(pitch, "placement", None) if pitch.is_scheduled else None
    grid_visible = permissions.can_see_grid(user, unconference)
    note = getattr(pitch, "note", None) if pitch.is_scheduled else None
    can_write = permissions.can_write_notes(user, pitch)
    if note_form is None and can_write:
        note_form = NoteForm(initial={"body": note.body if note else ""})
    my_invitation = next((h for h in selectors.pending_invitations(user, unconference) if h.pitch_id == pitch.pk), None)
    return render(request, "unconf/pitch.html", {
        "unconference": unconference, "pitch": pitch, "hosts": accepted, "pending": pending,
        "similar": selectors.similar_pitches(pitch) if pitch.is_active else [],
        "interested": pitch.pk in selectors.interested_pitch_ids(unconference, user),
        "can_mark": permissions.can_mark_interest(user, pitch),
        "can_edit": permissions.can_edit_pitch(user, pitch),
        "can_invite": pitch.is_active and (is_host or permissions.can_manage(user, unconference)),
        "can_withdraw": pitch.is_active and (is_host or permissions.can_manage(user, unconference)),
        "placement": placement if grid_visible else None,
        "note": note if (grid_visible or can_write) else None,
        "can_write_notes": can_write, "note_form": note_form,
        "invite_form": invite_form or InviteForm(), "my_invitation": my_invitation,
    })


@login_required
def pitch_edit(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    if not permissions.can_edit_pitch(request.user, pitch):
        raise PermissionDenied(_("Only the pitch's hosts and the organisers can change it."))
    initial = {"title": pitch.title, "description": pitch.description, "kind": pitch.kind, "theme": pitch.theme}
    form = PitchForm(request.POST or None, unconference=unconference, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pitch(pitch=pitch, by=request.user, **form.pitch_data())
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The pitch is updated."))
            return redirect(pitch)
    return render(request, "unconf/pitch_form.html", {"unconference": unconference, "form": form, "pitch": pitch})


@require_http_methods(["GET", "POST"])
@login_required
def pitch_withdraw(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    if request.method == "POST":
        try:
            services.withdraw_pitch(pitch=pitch, by=request.user)
        except services.UnconfError as exc:
            messages.error(request, exc.message)
            return redirect(pitch)
        messages.success(request, _("The pitch is withdrawn. Only its hosts and the organisers can see it now."))
        return redirect(unconference)
    if not (permissions.is_host(request.user, pitch) or permissions.can_manage(request.user, unconference)):
        raise PermissionDenied(_("Only the pitch's hosts and the organisers can withdraw it."))
    return render(request, "unconf/confirm_withdraw.html", {"unconference": unconference, "pitch": pitch})


@require_POST
@login_required
def interest(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    try:
        if request.POST.get("interested") == "false":
            services.remove_interest(pitch=pitch, by=request.user)
            messages.success(request, _("You are no longer marked as interested in “%(title)s”.") % {"title": pitch.title})
        else:
            services.mark_interest(pitch=pitch, by=request.user)
            messages.success(request, _("You are interested in “%(title)s”.") % {"title": pitch.title})
    except services.UnconfError as exc:
        messages.error(request, exc.message)
    return redirect(_back(request, pitch.get_absolute_url()))


@require_POST
@login_required
def invite(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            host = services.invite_cohost(pitch=pitch, by=request.user, email=form.cleaned_data["email"])
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("%(name)s is invited to co-host.") % {"name": host.user.public_name})
            return redirect(pitch)
    return _render_pitch(request, unconference, pitch, invite_form=form)


@require_POST
@login_required
def respond(request, host_id):
    host = get_object_or_404(Host.objects.select_related("pitch__unconference"), pk=host_id, user=request.user)
    accept = request.POST.get("accept") == "true"
    try:
        services.respond_to_invitation(host=host, by=request.user, accept=accept)
    except services.UnconfError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are now a host of this session.") if accept
                         else _("You declined the invitation."))
    return redirect(host.pitch)


@require_POST
@login_required
def save_note(request, slug, pitch_id):
    unconference = _visible(slug, request.user)
    pitch = _pitch(unconference, pitch_id, request.user)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.save_note(pitch=pitch, by=request.user, body=form.cleaned_data["body"])
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The notes are saved."))
            return redirect(f"{pitch.get_absolute_url()}#notes")
    return _render_pitch(request, unconference, pitch, note_form=form)


# --- Organisers: set-up ------------------------------------------------------------


def _render_setup(request, unconference, **forms):
    rooms = list(unconference.rooms.all())
    slots = list(unconference.slots.all())
    closed = set(selectors.ClosedCell.objects.filter(room__unconference=unconference).values_list("room_id", "slot_id"))
    context = {
        "unconference": unconference, "rooms": rooms, "slots": slots, "themes": list(unconference.themes.all()),
        "matrix": [(slot, [(room, (room.pk, slot.pk) in closed) for room in rooms]) for slot in slots],
        "settings_form": forms.get("settings_form") or SettingsForm(
            initial={"pitching": unconference.pitching, "pitches_open": unconference.pitches_open},
            prefix="settings"),
        "room_form": forms.get("room_form") or RoomForm(prefix="room"),
        "slot_form": forms.get("slot_form") or SlotForm(prefix="slot"),
        "theme_form": forms.get("theme_form") or ThemeForm(prefix="theme"),
    }
    return render(request, "unconf/setup.html", context)


@login_required
def setup(request, slug):
    unconference = _managed(slug, request.user)
    if request.method != "POST":
        return _render_setup(request, unconference)
    action = request.POST.get("action")
    by = request.user
    if action == "settings":
        form = SettingsForm(request.POST, prefix="settings")
        if form.is_valid():
            services.update_settings(unconference=unconference, by=by, **form.cleaned_data)
            messages.success(request, _("The settings are saved."))
            return redirect("unconf:setup", slug)
        return _render_setup(request, unconference, settings_form=form)
    if action == "room":
        form = RoomForm(request.POST, prefix="room")
        if form.is_valid():
            try:
                services.add_room(unconference=unconference, by=by, **form.cleaned_data)
            except services.UnconfError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The room is added."))
                return redirect(reverse("unconf:setup", args=[slug]) + "#rooms")
        return _render_setup(request, unconference, room_form=form)
    if action == "slot":
        form = SlotForm(request.POST, prefix="slot")
        if form.is_valid():
            start, end = form.moments(unconference)
            try:
                services.add_slot(unconference=unconference, by=by, start=start, end=end)
            except services.UnconfError as exc:
                add_to_form(form, exc, {"start": "start_time", "end": "end_time"})
            else:
                messages.success(request, _("The time slot is added."))
                return redirect(reverse("unconf:setup", args=[slug]) + "#slots")
        return _render_setup(request, unconference, slot_form=form)
    if action == "theme":
        form = ThemeForm(request.POST, prefix="theme")
        if form.is_valid():
            try:
                services.add_theme(unconference=unconference, by=by, name=form.cleaned_data["name"])
            except services.UnconfError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The theme is added."))
                return redirect(reverse("unconf:setup", args=[slug]) + "#themes")
        return _render_setup(request, unconference, theme_form=form)
    if action == "closed":
        closed = set()
        for value in request.POST.getlist("closed"):
            room_id, _sep, slot_id = value.partition("-")
            if room_id.isdigit() and slot_id.isdigit():
                closed.add((int(room_id), int(slot_id)))
        try:
            services.set_closed_cells(unconference=unconference, by=by, closed=closed)
        except services.UnconfError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The closed rooms are saved."))
        return redirect(reverse("unconf:setup", args=[slug]) + "#closed")
    if action in {"delete_room", "delete_slot", "delete_theme"}:
        model = {"delete_room": Room, "delete_slot": Slot, "delete_theme": Theme}[action]
        item = get_object_or_404(model, pk=request.POST.get("id", "0") if request.POST.get("id", "").isdigit() else 0,
                                 unconference=unconference)
        if action == "delete_room":
            services.delete_room(room=item, by=by)
        elif action == "delete_slot":
            services.delete_slot(slot=item, by=by)
        else:
            services.delete_theme(theme=item, by=by)
        messages.success(request, _("Removed."))
        return redirect("unconf:setup", slug)
    return redirect("unconf:setup", slug)


@login_required
def merge(request, slug):
    unconference = _managed(slug, request.user)
    initial = {}
    for name in ("source", "target"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    form = MergeForm(request.POST or None, unconference=unconference, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.merge_pitches(source=form.cleaned_data["source"], target=form.cleaned_data["target"],
                                            by=request.user)
        except services.UnconfError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The pitches are joined: “%(title)s” has their hosts and interest.")
                             % {"title": target.title})
            return redirect(target)
    return render(request, "unconf/merge.html", {"unconference": unconference, "form": form})


@login_required
def clusters(request, slug):
    unconference = _managed(slug, request.user)
    return render(request, "unconf/clusters.html", {
        "unconference": unconference, "clusters": selectors.clusters(unconference),
        "semantic": services.semantic_enabled(),
    })


# --- The grid ----------------------------------------------------------------------------


def _metrics_chart(score) -> str:
    m = score.metrics
    bars = [(_("Clashes"), m.clashes), (_("Over capacity"), m.overflow), (_("Not scheduled"), m.missed)]
    return mark_safe(bar_chart(
        _("Attendances this grid loses, by cause"),
        _("Clashes %(c)s, over capacity %(o)s, not scheduled %(m)s: %(l)s lost in all.")
        % {"c": m.clashes, "o": m.overflow, "m": m.missed, "l": m.lost},
        bars,
    ))


def grid(request, slug):
    unconference = _visible(slug, request.user)
    if not permissions.can_see_grid(request.user, unconference):
        raise Http404(_("The grid is not published yet."))
    can_manage = permissions.can_manage(request.user, unconference)
    interested = selectors.interested_pitch_ids(unconference, request.user)
    context = {
        # Lazy: for everyone but organisers the rendered grid is cached until the grid or interest changes.
        "unconference": unconference, "grid": SimpleLazyObject(lambda: selectors.grid(unconference)),
        "can_manage": can_manage, "interested": interested,
        "grid_key": f"{unconference.pk}:{selectors.grid_stamp(unconference)}:{sorted(interested)}",
    }
    if can_manage:
        score = selectors.grid_score(unconference)
        context.update(
            score=score, chart=_metrics_chart(score), run=selectors.latest_run(unconference),
            running=selectors.running_run(unconference),
            generate_form=GenerateForm(initial={"seconds": 5, "seed": 0, "keep_pins": True}),
        )
    return render(request, "unconf/grid.html", context)


def grid_version(request, slug):
    """A tiny answer the grid page's script polls to know when to reload."""
    unconference = _visible(slug, request.user)
    if not permissions.can_see_grid(request.user, unconference):
        raise Http404
    return JsonResponse({"version": unconference.grid_version})


def _watchable(slug: str, user) -> Unconference | None:
    unconference = selectors.visible_unconference(slug, user)
    if unconference is None or not permissions.can_see_grid(user, unconference):
        return None
    return unconference


async def grid_live(request, slug):
    """The grid's live channel (Server-Sent Events): the grid's version now, then after every change."""
    user = await request.auser()
    unconference = await sync_to_async(_watchable)(slug, user)
    if unconference is None:
        raise Http404

    async def initial():
        version, published = await Unconference.objects.filter(pk=unconference.pk).values_list(
            "grid_version", "grid_published").aget()
        return "grid", selectors.live_state(version=version, published=published), version

    return await live.stream(request, unconference.channel, initial=initial)


@require_POST
@login_required
def generate(request, slug):
    unconference = _managed(slug, request.user)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("unconf:grid", slug)
    try:
        run = services.request_generation(unconference=unconference, by=request.user, **form.cleaned_data)
    except services.UnconfError as exc:
        messages.error(request, exc.message)
        return redirect("unconf:grid", slug)
    return redirect("unconf:run", slug, run.pk)


@never_cache
@login_required
def run_status(request, slug, run_id):
    unconference = _managed(slug, request.user)
    run = get_object_or_404(GridRun, pk=run_id, unconference=unconference)
    if request.GET.get("format") == "json":
        return JsonResponse({"status": run.status, "percent": run.percent, "progress": run.progress,
                             "finished": run.is_finished,
                             "grid_url": reverse("unconf:grid", args=[slug])})
    return render(request, "unconf/run.html", {"unconference": unconference, "run": run})


@require_POST
@login_required
def grid_change(request, slug):
    """Move, pin, unpin or take out one session (the forms on the grid page; drag and drop posts here too)."""
    unconference = _managed(slug, request.user)
    pitch_id = request.POST.get("pitch", "")
    pitch = get_object_or_404(Pitch, pk=int(pitch_id) if pitch_id.isdigit() else 0, unconference=unconference)
    action = request.POST.get("action")
    try:
        if action == "move":
            room_id, _sep, slot_id = request.POST.get("cell", "").partition("-")
            room = get_object_or_404(Room, pk=int(room_id) if room_id.isdigit() else 0, unconference=unconference)
            slot = get_object_or_404(Slot, pk=int(slot_id) if slot_id.isdigit() else 0, unconference=unconference)
            cost = services.move_session(pitch=pitch, by=request.user, room=room, slot=slot)
            messages.success(request, _("“%(title)s” is now in %(room)s at %(slot)s, pinned. %(cost)s") % {
                "title": pitch.title, "room": room.name, "slot": slot, "cost": services.cost_message(cost)})
        elif action in {"pin", "unpin"}:
            services.set_pinned(pitch=pitch, by=request.user, pinned=action == "pin")
            messages.success(request, (_("“%(title)s” is pinned: generating again keeps it there.") if action == "pin"
                                       else _("“%(title)s” is no longer pinned.")) % {"title": pitch.title})
        elif action == "unschedule":
            cost = services.unschedule(pitch=pitch, by=request.user)
            messages.success(request, _("“%(title)s” is out of the grid. %(cost)s") % {
                "title": pitch.title, "cost": services.cost_message(cost)})
    except services.UnconfError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("unconf:grid", args=[slug]) + "#grid")


@require_POST
@login_required
def publish(request, slug):
    unconference = _managed(slug, request.user)
    published = request.POST.get("published") == "true"
    try:
        services.set_grid_published(unconference=unconference, by=request.user, published=published)
    except services.UnconfError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The grid is published: everyone can see it.") if published
                         else _("The grid is hidden again: only organisers see it."))
    return redirect("unconf:grid", slug)


# --- One person's day -------------------------------------------------------------------


@login_required
def agenda(request, slug):
    unconference = _visible(slug, request.user)
    if not permissions.can_see_grid(request.user, unconference):
        raise Http404(_("The grid is not published yet."))
    return render(request, "unconf/agenda.html", {
        "unconference": unconference, "agenda": selectors.agenda(unconference, request.user)})


@login_required
def agenda_ics(request, slug):
    unconference = _visible(slug, request.user)
    if not permissions.can_see_grid(request.user, unconference):
        raise Http404
    body = agenda_calendar(unconference, selectors.agenda(unconference, request.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{unconference.slug}-my-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Exports ---------------------------------------------------------------------------------


def export(request, slug, fmt):
    if fmt not in {"csv", "json"}:
        raise Http404
    unconference = _visible(slug, request.user)
    data = exports.unconference_data(unconference, with_grid=permissions.can_see_grid(request.user, unconference))
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
    else:
        response = HttpResponse(exports.as_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{unconference.slug}.{fmt}"'
    if not permissions.is_public(unconference):
        response["Cache-Control"] = "private, no-store"
    return response
