"""Writes about chapters: starting one, joining, leaving, organisers, the checklist.

Every function runs in one transaction. Rule breaks raise ``ValidationError``
with a message for the person; acting without the organiser role raises
``PermissionDenied``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .checklist import STARTER_CHECKLIST
from .models import Chapter, ChecklistItem, Membership
from .selectors import global_chapter, is_organiser

EDITABLE_FIELDS = ("name", "country", "city", "description", "rhythm", "contact_email")
CO_ORGANISER_STEP = "co-organiser"
# Slugs that would be shadowed by the app's own URLs.
RESERVED_SLUGS = {"start"}


def _require_organiser(chapter: Chapter, user) -> None:
    if not is_organiser(chapter, user):
        raise PermissionDenied(_("Only the chapter's organisers can do that."))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120].strip("-") or "chapter"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Chapter.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_name_free(name: str, parent: Chapter, exclude_pk: int | None = None) -> None:
    clash = Chapter.objects.filter(parent=parent, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "name": _(
                    "There is already a chapter called “%(name)s” in %(parent)s. "
                    "Choose another name, or join that chapter."
                )
                % {"name": name, "parent": parent.name}
            }
        )


def _check_parent(level: str, parent: Chapter) -> None:
    if level == Chapter.Level.COUNTRY and parent.level != Chapter.Level.GLOBAL:
        raise ValidationError({"parent": _("A country chapter belongs to the global chapter.")})
    if level == Chapter.Level.LOCAL and parent.level not in (Chapter.Level.GLOBAL, Chapter.Level.COUNTRY):
        raise ValidationError({"parent": _("A local chapter belongs to the global chapter or to a country chapter.")})


@transaction.atomic
def start_chapter(
    creator,
    *,
    name: str,
    level: str = Chapter.Level.LOCAL,
    parent: Chapter | None = None,
    country: str = "",
    city: str = "",
    description: str = "",
    rhythm: str = "",
    contact_email: str = "",
) -> Chapter:
    """Create a country or local chapter, make ``creator`` its organiser and
    give it the starter checklist."""
    if creator is None or not creator.is_authenticated:
        raise PermissionDenied(_("Sign in to start a chapter."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the chapter's name.")})
    if level not in (Chapter.Level.COUNTRY, Chapter.Level.LOCAL):
        raise ValidationError({"level": _("Choose whether this is a country chapter or a local one.")})
    parent = parent or global_chapter()
    if parent is None:
        raise ValidationError(_("There is no global chapter yet, so new chapters have nowhere to belong."))
    _check_parent(level, parent)
    country = str(country or "")
    if level == Chapter.Level.COUNTRY and not country:
        raise ValidationError({"country": _("Choose the country this chapter is for.")})
    if not country and parent.country:
        country = parent.country.code
    _check_name_free(name, parent)

    chapter = Chapter(
        name=name, slug=_unique_slug(name), level=level, parent=parent, country=country,
        city=city.strip(), description=description, rhythm=rhythm.strip(), contact_email=contact_email.strip(),
    )
    chapter.full_clean()
    try:
        with transaction.atomic():
            chapter.save()
    except IntegrityError:
        # Someone took the same name (or slug) a moment ago.
        _check_name_free(name, parent)
        chapter.slug = _unique_slug(name)
        chapter.save()
    Membership.objects.create(chapter=chapter, user=creator, role=Membership.Role.ORGANISER)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(chapter=chapter, key=step.key, position=position)
        for position, step in enumerate(STARTER_CHECKLIST, start=1)
    )
    return chapter


@transaction.atomic
def update_chapter(chapter: Chapter, by, **data) -> Chapter:
    """Change a chapter's details (organisers only); level and parent stay."""
    _require_organiser(chapter, by)
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"cannot edit {sorted(unknown)}")
    for field, value in data.items():
        setattr(chapter, field, value.strip() if isinstance(value, str) and field != "description" else value)
    if not chapter.name:
        raise ValidationError({"name": _("Enter the chapter's name.")})
    if chapter.level == Chapter.Level.COUNTRY and not chapter.country:
        raise ValidationError({"country": _("Choose the country this chapter is for.")})
    if chapter.parent_id:
        _check_name_free(chapter.name, chapter.parent, exclude_pk=chapter.pk)
    chapter.full_clean(exclude=["slug"])
    chapter.save()
    return chapter


@transaction.atomic
def join(chapter: Chapter, user) -> Membership:
    """Make ``user`` a member; joining twice changes nothing."""
    membership, _created = Membership.objects.get_or_create(
        chapter=chapter, user=user, defaults={"role": Membership.Role.MEMBER}
    )
    return membership


@transaction.atomic
def leave(chapter: Chapter, user) -> bool:
    """Remove ``user`` from the chapter; False when they were not a member.

    The last organiser cannot leave: a chapter must always have someone to
    hand over to, so they add a co-organiser first.
    """
    organiser_ids = list(
        Membership.objects.select_for_update()
        .filter(chapter=chapter, role=Membership.Role.ORGANISER)
        .values_list("user_id", flat=True)
    )
    membership = Membership.objects.select_for_update().filter(chapter=chapter, user=user).first()
    if membership is None:
        return False
    if membership.role == Membership.Role.ORGANISER and organiser_ids == [user.pk]:
        raise ValidationError(
            _(
                "You are the only organiser of %(chapter)s, so you cannot leave yet. "
                "Add a co-organiser first, then you can hand over and leave."
            )
            % {"chapter": chapter.name}
        )
    membership.delete()
    return True


@transaction.atomic
def add_organiser(chapter: Chapter, by, person) -> Membership:
    """Make ``person`` an organiser (joining them if needed). Organisers only.

    Once the chapter has two organisers, the "find a co-organiser" step of the
    starter checklist is ticked.
    """
    _require_organiser(chapter, by)
    membership = Membership.objects.select_for_update().filter(chapter=chapter, user=person).first()
    if membership and membership.role == Membership.Role.ORGANISER:
        raise ValidationError({"email": _("%(name)s is already an organiser of this chapter.") % {"name": person.name}})
    if membership:
        membership.role = Membership.Role.ORGANISER
        membership.save(update_fields=["role"])
    else:
        membership = Membership.objects.create(chapter=chapter, user=person, role=Membership.Role.ORGANISER)
    ChecklistItem.objects.filter(chapter=chapter, key=CO_ORGANISER_STEP, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )
    return membership


@transaction.atomic
def tick(chapter: Chapter, key: str, by, done: bool) -> ChecklistItem:
    """Mark a starter-checklist step done or not done. Organisers only;
    ``ChecklistItem.DoesNotExist`` for a key the chapter does not have."""
    _require_organiser(chapter, by)
    item = ChecklistItem.objects.select_for_update().get(chapter=chapter, key=key)
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by"])
    return item
