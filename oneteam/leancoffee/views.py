"""Lean coffee pages: thin views over the selectors and services.

Every action is a plain form (POST, then back to the board), so the board works
without JavaScript. ``board.js`` sends the same forms with ``fetch`` and
``Accept: application/json``; those requests get a small JSON answer instead
of a redirect, and the live channel (``live``) keeps every page current.
"""

from __future__ import annotations

import zoneinfo

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from oneteam.chapters.models import Chapter
from oneteam.core import live
from oneteam.core.errors import add_to_form
from oneteam.events import selectors as event_selectors

from . import exports, permissions, selectors, services
from .forms import BoardForm, CaptureForm, CodeForm, FacilitatorForm, GuestForm, RetroNoteForm, TopicForm
from .models import Board, Topic

GUESTS = "leancoffee_guests"


def _board(slug: str, user) -> Board:
    board = selectors.visible_board(slug, user)
    if board is None:
        raise Http404(_("No such board."))
    return board


def _facilitated(slug: str, user) -> Board:
    board = _board(slug, user)
    if not permissions.can_facilitate(user, board):
        raise PermissionDenied(_("Only the board's facilitators can do this."))
    return board


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _guest_ids(request) -> dict:
    return request.session.get(GUESTS, {})


def _participant(request, board: Board):
    """The person taking part: their member seat (made on first use) or their guest seat; None if neither."""
    if request.user.is_authenticated:
        return services.join_as_member(board=board, by=request.user)
    return selectors.participant_of(board, request.user, _guest_ids(request))


def _back(request, board: Board, anchor: str = "board"):
    return redirect(f"{board.get_absolute_url()}#{anchor}")


def _done(request, board: Board, message: str = "", anchor: str = "board", **extra):
    if _wants_json(request):
        board.refresh_from_db(fields=["version"])
        return JsonResponse({"ok": True, "version": board.version, "message": message, **extra})
    if message:
        messages.success(request, message)
    return _back(request, board, anchor)


def _refused(request, board: Board, message: str, status: int = 409, anchor: str = "board"):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    messages.error(request, message)
    return _back(request, board, anchor)


def _need_participant(request, board: Board):
    participant = _participant(request, board)
    if participant is None:
        if board.guests_allowed:
            return None, redirect("leancoffee:join_code", code=board.join_code)
        return None, redirect(f"{reverse('account_login')}?next={board.get_absolute_url()}")
    return participant, None


# --- Creating a board -----------------------------------------------------------------


def _render_settings(request, form, **context):
    return render(request, "leancoffee/settings.html", {"form": form, **context})


@login_required
def create_for_event(request, event_slug):
    event = event_selectors.visible_event(event_slug, request.user)
    if event is None:
        raise Http404
    existing = selectors.event_board(event)
    if existing is not None:
        return redirect(existing)
    form = BoardForm(request.POST or None, initial={"title": event.title})
    if request.method == "POST" and form.is_valid():
        try:
            board = services.create_board(by=request.user, event=event, **form.cleaned_data)
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The board is ready. Share the link so people can add topics."))
            return redirect(board)
    elif not permissions.can_create_for_chapter(request.user, event.chapter):
        raise PermissionDenied(_("Only the chapter's organisers can start a board."))
    return _render_settings(request, form, board=None, event=event, chapter=event.chapter)


@login_required
def create_for_chapter(request, chapter_slug):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    if not permissions.can_create_for_chapter(request.user, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can start a board."))
    form = BoardForm(request.POST or None, initial={"title": _("Lean coffee")})
    if request.method == "POST" and form.is_valid():
        try:
            board = services.create_board(by=request.user, chapter=chapter, **form.cleaned_data)
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The board is ready. Share the link so people can add topics."))
            return redirect(board)
    return _render_settings(request, form, board=None, event=None, chapter=chapter)


@login_required
def edit(request, slug):
    board = _facilitated(slug, request.user)
    initial = {name: getattr(board, name) for name in services.SETTINGS}
    form = BoardForm(request.POST or None, initial=initial)
    facilitator_form = FacilitatorForm()
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if v != getattr(board, k)}
        try:
            services.update_board(board=board, by=request.user, **changed)
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The board's settings are saved."))
            return redirect(board)
    return _render_settings(
        request, form, board=board, event=board.event, chapter=board.chapter, facilitator_form=facilitator_form,
        facilitators=board.facilitators.select_related("user"),
    )


@require_POST
@login_required
def facilitators(request, slug):
    board = _facilitated(slug, request.user)
    if "remove" in request.POST:
        remove = request.POST.get("remove", "")
        user = get_user_model().objects.filter(pk=remove).first() if remove.isdigit() else None
        if user is not None:
            services.remove_facilitator(board=board, by=request.user, user=user)
            messages.success(request, _("%(name)s no longer facilitates this board.") % {"name": user.public_name})
        return redirect("leancoffee:edit", slug=board.slug)
    form = FacilitatorForm(request.POST)
    if form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            messages.error(request, _("Nobody with that e-mail address has an account."))
        else:
            services.add_facilitator(board=board, by=request.user, user=user)
            messages.success(request, _("%(name)s now facilitates this board.") % {"name": user.public_name})
    else:
        messages.error(request, form.errors["email"][0])
    return redirect("leancoffee:edit", slug=board.slug)


# --- The board ------------------------------------------------------------------------


def _zone(request, board: Board):
    """The reader's zone for clock times; else the event's own; else UTC."""
    if getattr(request, "viewer_zone", None):
        return request.viewer_zone
    if board.event_id:
        return board.event.tz
    return zoneinfo.ZoneInfo("UTC")


def _board_context(request, board: Board, **extra) -> dict:
    participant = selectors.participant_of(board, request.user, _guest_ids(request))
    page = selectors.board_page(board, request.user, participant)
    context = {
        "board": board,
        "page": page,
        "topic_form": TopicForm(),
        "note_form": RetroNoteForm(),
        "join_url": request.build_absolute_uri(reverse("leancoffee:join_code", args=[board.join_code])),
        "live_url": reverse("leancoffee:live", args=[board.slug]),
        "zone": _zone(request, board),
        "capture_form": None,
        "next_phases": [(p, Board.Phase(p).label) for p in Board.Phase.values if p in services.NEXT_PHASES[board.phase]],
    }
    if page.can_facilitate and board.is_discussing:
        context["capture_form"] = CaptureForm(participants=page.participants, prefix="capture")
    context.update(extra)
    return context


@never_cache
def board(request, slug):
    board = _board(slug, request.user)
    return render(request, "leancoffee/board.html", _board_context(request, board))


@never_cache
def projector(request, slug):
    board = _board(slug, request.user)
    return render(request, "leancoffee/projector.html", {
        "board": board, "page": selectors.board_page(board, request.user, None), "zone": _zone(request, board),
        "live_url": reverse("leancoffee:live", args=[board.slug]),
        "join_url": request.build_absolute_uri(reverse("leancoffee:join_code", args=[board.join_code])),
    })


async def live_updates(request, slug):
    """The board's live channel (Server-Sent Events); the first message is the current state."""
    user = await request.auser()
    board = await sync_to_async(selectors.visible_board)(slug, user)
    if board is None:
        raise Http404

    async def initial():
        fresh = await Board.objects.aget(pk=board.pk)
        return "board", await sync_to_async(selectors.live_state)(fresh), fresh.version

    return await live.stream(request, board.channel, initial=initial)


@require_GET
def similar(request, slug):
    board = _board(slug, request.user)
    found = selectors.similar_topics(board, request.GET.get("q", "")[:300])
    return JsonResponse({"similar": [{"id": t.pk, "title": t.title} for t in found]})


# --- Taking part ----------------------------------------------------------------------


@require_POST
def propose(request, slug):
    board = _board(slug, request.user)
    participant, elsewhere = _need_participant(request, board)
    if elsewhere:
        return elsewhere
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.propose_topic(board=board, by=participant, **form.cleaned_data)
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            return _done(request, board, _("Your topic is on the board."), anchor="propose")
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    return render(request, "leancoffee/board.html", _board_context(request, board, topic_form=form), status=400)


def _topic_action(request, slug, pk, action, message):
    board = _board(slug, request.user)
    participant, elsewhere = _need_participant(request, board)
    if elsewhere:
        return elsewhere
    try:
        ballot = action(board=board, topic=pk, by=participant)
    except services.BoardError as exc:
        return _refused(request, board, exc.message, anchor=f"topic-{pk}")
    text = message % {"left": ballot.left}
    if _wants_json(request):
        return JsonResponse({"ok": True, "version": ballot.version, "message": text, "votes_left": ballot.left,
                             "topic": pk, "mine": ballot.on_topic})
    messages.success(request, text)
    return _back(request, board, f"topic-{pk}")


@require_POST
def vote(request, slug, pk):
    return _topic_action(request, slug, pk, services.vote, _("Vote counted. Votes left: %(left)s."))


@require_POST
def unvote(request, slug, pk):
    return _topic_action(request, slug, pk, services.unvote, _("Vote taken back. Votes left: %(left)s."))


@require_POST
def thumb(request, slug):
    board = _board(slug, request.user)
    participant, elsewhere = _need_participant(request, board)
    if elsewhere:
        return elsewhere
    try:
        services.thumb(board=board, by=participant, choice=request.POST.get("choice", ""))
    except services.BoardError as exc:
        return _refused(request, board, exc.message, anchor="now")
    return _done(request, board, _("Thanks: your thumb is counted."), anchor="now")


@require_POST
def retro_note(request, slug):
    board = _board(slug, request.user)
    participant, elsewhere = _need_participant(request, board)
    if elsewhere:
        return elsewhere
    form = RetroNoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_retro_note(board=board, by=participant, **form.cleaned_data)
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            return _done(request, board, _("Your note is on the board."), anchor="retrospective")
    return render(request, "leancoffee/board.html", _board_context(request, board, note_form=form), status=400)


# --- Facilitating -------------------------------------------------------------------------


def _facilitate(request, slug, action, message, anchor="board", **kwargs):
    board = _board(slug, request.user)
    try:
        action(board=board, by=request.user, **kwargs)
    except services.BoardError as exc:
        return _refused(request, board, exc.message, anchor=anchor)
    return _done(request, board, message, anchor=anchor)


def _topic(board_slug: str, pk: int) -> Topic:
    topic = Topic.objects.filter(pk=pk, board__slug=board_slug).first()
    if topic is None:
        raise Http404
    return topic


@require_POST
def phase(request, slug):
    return _facilitate(request, slug, services.set_phase, _("The board has moved on."),
                       phase=request.POST.get("phase", ""))


@require_POST
def start(request, slug, pk):
    return _facilitate(request, slug, services.start_topic, _("The clock is running."), anchor="now",
                       topic=_topic(slug, pk))


@require_POST
def extend(request, slug):
    return _facilitate(request, slug, services.extend_topic, _("The topic has more time."), anchor="now")


@require_POST
def finish(request, slug):
    return _facilitate(request, slug, services.finish_topic, _("The topic is discussed."), anchor="now")


@require_POST
def merge(request, slug, pk):
    target = request.POST.get("target", "")
    if not target.isdigit():
        board = _board(slug, request.user)
        return _refused(request, board, _("Choose the topic to merge it into."), anchor=f"topic-{pk}")
    return _facilitate(request, slug, services.merge_topics, _("The topics are merged."),
                       source=_topic(slug, pk), target=_topic(slug, int(target)))


@require_POST
def remove_topic(request, slug, pk):
    return _facilitate(request, slug, services.remove_topic, _("The topic is removed."), topic=_topic(slug, pk))


@require_POST
def capture(request, slug, pk):
    board = _facilitated(slug, request.user)
    topic = _topic(slug, pk)
    page = selectors.board_page(board, request.user, None)
    form = CaptureForm(request.POST, participants=page.participants, prefix="capture")
    if form.is_valid():
        data = form.cleaned_data
        owner = next((p for p in page.participants if p.pk == data["owner"]), None)
        try:
            services.add_capture(board=board, by=request.user, topic=topic, kind=data["kind"], text=data["text"],
                                 owner=owner, owner_name=data["owner_name"], due=data["due"],
                                 private=data["private"])
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            return _done(request, board, _("Written down."), anchor=f"topic-{pk}")
    return render(request, "leancoffee/board.html", _board_context(request, board, capture_form=form), status=400)


@require_POST
def item_private(request, slug, kind, pk):
    private = request.POST.get("private") == "true"
    message = _("Now only facilitators see it.") if private else _("Now everyone can see it.")
    return _facilitate(request, slug, services.set_private, message, kind=kind, pk=pk, private=private)


@require_POST
def item_remove(request, slug, kind, pk):
    return _facilitate(request, slug, services.remove_item, _("Removed."), kind=kind, pk=pk)


# --- Guests -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        board = selectors.board_for_code(form.cleaned_data["code"])
        if board is not None and permissions.can_see(request.user, board):
            return redirect("leancoffee:join_code", code=board.join_code)
        form.add_error("code", _("No board has that code. Check it with the facilitator."))
    return render(request, "leancoffee/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join_code(request, code):
    board = selectors.board_for_code(code)
    if board is None or not permissions.can_see(request.user, board):
        raise Http404(_("No board has that code."))
    if request.user.is_authenticated or selectors.participant_of(board, request.user, _guest_ids(request)):
        return redirect(board)
    if not permissions.can_join_as_guest(board):
        return render(request, "leancoffee/join_guest.html", {"board": board, "form": None})
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.join_as_guest(board=board, name=form.cleaned_data["name"])
        except services.BoardError as exc:
            add_to_form(form, exc)
        else:
            guests = dict(_guest_ids(request))
            guests[str(board.pk)] = participant.pk
            request.session[GUESTS] = guests
            messages.success(request, _("Welcome, %(name)s.") % {"name": participant.guest_name})
            return redirect(board)
    return render(request, "leancoffee/join_guest.html", {"board": board, "form": form})


# --- Exports --------------------------------------------------------------------------------


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def notes_markdown(request, slug):
    board = _board(slug, request.user)
    return _download(exports.markdown(selectors.notes(board)), "text/markdown; charset=utf-8", f"{board.slug}.md")


def notes_csv(request, slug):
    board = _board(slug, request.user)
    return _download(exports.csv_text(selectors.notes(board)), "text/csv; charset=utf-8", f"{board.slug}.csv")


# --- Sections other apps show --------------------------------------------------------------


def event_section(request, event, can_manage: bool) -> dict | None:
    """The lean coffee part of an event's page: the board link, and its notes once closed."""
    board = selectors.event_board(event)
    if board is None and not (can_manage and event.format == event.Format.LEAN_COFFEE and not event.is_cancelled):
        return None
    notes = selectors.notes(board) if board is not None and board.is_closed else None
    return {"event": event, "board": board, "notes": notes, "can_manage": can_manage}


def chapter_section(request, chapter, can_organise: bool) -> dict | None:
    boards = list(selectors.chapter_boards(chapter)[:10])
    if not boards and not can_organise:
        return None
    return {"chapter": chapter, "boards": boards, "can_organise": can_organise}


def my_events_section(request) -> dict | None:
    actions = list(selectors.my_actions(request.user))
    return {"actions": actions} if actions else None
