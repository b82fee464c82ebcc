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
