"""Who may do what at an unconference: decided here, once, and asked everywhere else.

Running an unconference is running its event, so that question goes to
``events.permissions``. What is private:

- everything about an unconference whose event is a draft (organisers only);
- withdrawn pitches (their hosts and the organisers only);
- co-host invitations that are not yet accepted (the invited person, the hosts, the organisers);
- who marked interest in what (only counts are shown; each person sees their own);
- the grid until it is published (organisers only), and with it personal agendas.
"""

from __future__ import annotations

from django.utils import timezone

from oneteam.events import permissions as event_permissions

from .models import Pitch, Unconference


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage(user, unconference: Unconference) -> bool:
    """Set up rooms and slots, merge pitches, generate, edit and publish the grid."""
    return event_permissions.can_manage(user, unconference.event)


def can_create_for(user, event) -> bool:
    return event_permissions.can_manage(user, event)


def is_public(unconference: Unconference) -> bool:
    return event_permissions.is_public(unconference.event)


def can_see(user, unconference: Unconference) -> bool:
    return is_public(unconference) or can_manage(user, unconference)


def pitching_window_open(unconference: Unconference, now=None) -> bool:
    """Whether the rules of the unconference accept a pitch at this moment."""
    event = unconference.event
    now = now or timezone.now()
    if not unconference.pitches_open or not event.is_published or now >= event.end:
        return False
    day_starts = timezone.localtime(event.start, event.tz).replace(hour=0, minute=0, second=0, microsecond=0)
    on_the_day = now >= day_starts
    if unconference.pitching == Unconference.Pitching.ADVANCE:
        return not on_the_day
    if unconference.pitching == Unconference.Pitching.ON_THE_DAY:
        return on_the_day
    return True


def can_pitch(user, unconference: Unconference) -> bool:
    return _signed_in(user) and can_see(user, unconference) and pitching_window_open(unconference)


def is_host(user, pitch: Pitch) -> bool:
    """An accepted host of the pitch (the pitcher or a co-host who said yes)."""
    if not _signed_in(user):
        return False
    return pitch.hosts.filter(user=user, accepted_at__isnull=False).exists()


def can_edit_pitch(user, pitch: Pitch) -> bool:
    if not pitch.is_active:
        return False
    return is_host(user, pitch) or can_manage(user, pitch.unconference)


def can_see_pitch(user, pitch: Pitch) -> bool:
    """Withdrawn pitches stay with their hosts and the organisers; merged ones point to where they went."""
    if not can_see(user, pitch.unconference):
        return False
    if pitch.is_withdrawn:
        return is_host(user, pitch) or can_manage(user, pitch.unconference)
    return True


def can_mark_interest(user, pitch: Pitch) -> bool:
    return (_signed_in(user) and pitch.is_active and can_see(user, pitch.unconference)
            and pitch.unconference.event.is_published and not pitch.unconference.event.is_past)


def can_see_grid(user, unconference: Unconference) -> bool:
    return can_see(user, unconference) and (unconference.grid_published or can_manage(user, unconference))


def can_write_notes(user, pitch: Pitch) -> bool:
    """Hosts, organisers and the people who wanted to go, once the session is in a published grid."""
    if not _signed_in(user) or not pitch.is_scheduled:
        return False
    unconference = pitch.unconference
    if can_manage(user, unconference):
        return True
    return unconference.grid_published and (
        is_host(user, pitch) or pitch.interests.filter(user=user).exists()
    )
