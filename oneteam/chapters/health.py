"""How a chapter is doing: a status, the reasons in words, and the figures behind them.

Everything is worked out from what the platform knows at a given ``now``
(tests and the worker pass it in):

- **cadence**: meetings held in the last 90 days against the chapter's own
  rhythm (``HealthSettings.meets_every_days``), and days since the last one;
- **attendance trend**: people with a place per meeting, last 90 days against
  the 90 before (OneTeam does not take a register, so a confirmed place at a
  meeting that has happened stands in for attending);
- **sign-ups kept**: of everyone who signed up to the last 90 days' meetings,
  how many still held a place when it met;
- **feedback trend**: the average rating, last 90 days against the 90 before;
- **rituals**: a recurring meeting the worker created that was then cancelled;
- **organisers**: how many share the work;
- **members** joining and leaving in the last 90 days.

The figures about meetings come from the apps above (``registry.health_figures``).

Status, in order:

1. **dormant**: the same rule as the chapter list (no meeting for
   ``DORMANT_QUIET_PERIOD`` and nothing planned, once past ``DORMANT_MIN_AGE``);
2. **at risk**: a serious problem (no organiser, or no meeting for twice the
   rhythm) or two or more warnings;
3. **thriving**: no warnings, at least the meetings the rhythm asks for, two or
   more organisers and something planned;
4. **steady**: everything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registry
from .models import Chapter, Health, HealthSettings, Membership, MemberDeparture
from .selectors import DORMANT_MIN_AGE, DORMANT_QUIET_PERIOD

WINDOW = dt.timedelta(days=90)
DEFAULT_CADENCE = 30
FALLING_ATTENDANCE = 0.75  # recent average below three quarters of the earlier one
FALLING_FEEDBACK = 0.5  # stars
KEPT_SIGNUPS = 0.6
MIN_EARLIER_ATTENDANCE = 3

THRIVING = Health.Status.THRIVING
STEADY = Health.Status.STEADY
AT_RISK = Health.Status.AT_RISK
DORMANT = Health.Status.DORMANT
STATUS_LABELS = dict(Health.Status.choices)

# Kinds of reason: the alerts that go with them (see ``alerts``).
SINGLE_ORGANISER = "single_organiser"
MISSED = "missed_ritual"
FALLING = "falling"
OTHER = "other"


@dataclass(frozen=True)
class Reason:
    text: str
    kind: str = OTHER
    serious: bool = False
    good: bool = False
    key: str = ""  # what makes its alert new, when it is not the kind alone


@dataclass
class Assessment:
    status: str
    reasons: list[Reason]
    figures: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def warnings(self) -> list[Reason]:
        return [reason for reason in self.reasons if not reason.good]

    def kinds(self) -> set[str]:
        return {reason.kind for reason in self.warnings}


def cadence(chapter: Chapter) -> int:
    settings = HealthSettings.objects.filter(chapter=chapter).first()
    return settings.meets_every_days if settings else DEFAULT_CADENCE


def _days(delta: dt.timedelta) -> int:
    return max(delta.days, 0)


def _average(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


def assess(chapter: Chapter, now: dt.datetime | None = None) -> Assessment:
    now = now or timezone.now()
    every = cadence(chapter)
    found = registry.health_figures(chapter, now)
    organisers = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).count()
    joined = Membership.objects.filter(chapter=chapter, joined_at__gt=now - WINDOW, joined_at__lte=now).count()
    left = MemberDeparture.objects.filter(chapter=chapter, left_at__gt=now - WINDOW, left_at__lte=now).count()
    age = _days(now - chapter.created_at)
    last = found.get("last_event_at")
    last_at = dt.datetime.fromisoformat(last) if last else None
    since = _days(now - last_at) if last_at else None
    held = found.get("events_recent", 0)
    expected = max(WINDOW.days // every, 1)
    upcoming = found.get("next_event")
    figures = {
        "meets_every_days": every,
        "age_days": age,
        "organisers": organisers,
        "members_joined": joined,
        "members_left": left,
        "events_recent": held,
        "events_expected": expected,
        "days_since_last_event": since,
        "next_event": upcoming,
        "attendance_recent": found.get("attendance_recent"),
        "attendance_earlier": found.get("attendance_earlier"),
        "signups_recent": found.get("signups_recent", 0),
        "places_kept_recent": found.get("places_kept_recent", 0),
        "feedback_recent": found.get("feedback_recent"),
        "feedback_earlier": found.get("feedback_earlier"),
        "months": found.get("months", []),
        "missed_rituals": found.get("missed_rituals", []),
    }
    reasons = _reasons(figures, every, age)

    quiet = since is None or since > DORMANT_QUIET_PERIOD.days
    if age > DORMANT_MIN_AGE.days and quiet and not upcoming:
        status = DORMANT
        reasons.insert(0, Reason(
            _("No meeting for more than %(days)s days and nothing planned: the chapter has gone quiet.")
            % {"days": DORMANT_QUIET_PERIOD.days}, kind=MISSED, serious=True))
    elif any(r.serious for r in reasons) or len([r for r in reasons if not r.good]) >= 2:
        status = AT_RISK
    elif not [r for r in reasons if not r.good] and held >= expected and organisers >= 2 and upcoming:
        status = THRIVING
    else:
        status = STEADY
    return Assessment(status=status, reasons=reasons, figures=figures)


def _reasons(f: dict, every: int, age: int) -> list[Reason]:
    reasons: list[Reason] = []
    since, held, expected = f["days_since_last_event"], f["events_recent"], f["events_expected"]
    settled = age > every * 2  # a new chapter has not had time to miss anything
    # Organisers
    if f["organisers"] == 0:
        reasons.append(Reason(_("Nobody is organising the chapter."), kind=SINGLE_ORGANISER, serious=True))
    elif f["organisers"] == 1:
        reasons.append(Reason(
            _("Only one organiser: if they step back, nobody is left to run the chapter."), kind=SINGLE_ORGANISER))
    else:
        reasons.append(Reason(
            _("%(count)s organisers share the work.") % {"count": f["organisers"]}, good=True))
    # Cadence
    if settled and since is not None and since > every * 2 and since <= DORMANT_QUIET_PERIOD.days:
        reasons.append(Reason(
            _("No meeting for %(days)s days; the chapter means to meet every %(every)s days.")
            % {"days": since, "every": every}, kind=MISSED, serious=True))
    elif settled and since is not None and every < since <= every * 2:
        reasons.append(Reason(
            _("The last meeting was %(days)s days ago, longer than the chapter's rhythm of every %(every)s days.")
            % {"days": since, "every": every}, kind=MISSED))
    elif settled and since is None and age <= DORMANT_QUIET_PERIOD.days:
        reasons.append(Reason(_("The chapter has not met yet."), kind=MISSED, serious=True))
    for missed in f["missed_rituals"]:
        reasons.append(Reason(
            _("%(title)s on %(date)s did not take place.") % {"title": missed["title"], "date": missed["date"]},
            kind=MISSED, key=f"ritual-{missed['date']}-{missed['title']}"))
    if held >= expected:
        reasons.append(Reason(
            ngettext("%(count)s meeting in the last 90 days, as the rhythm asks.",
                     "%(count)s meetings in the last 90 days, as the rhythm asks.", held) % {"count": held},
            good=True))
    elif held and settled:
        reasons.append(Reason(
            _("%(count)s of the %(expected)s meetings the rhythm asks for in the last 90 days.")
            % {"count": held, "expected": expected}))
    if not f["next_event"] and settled and since is not None and since <= DORMANT_QUIET_PERIOD.days:
        reasons.append(Reason(_("Nothing is planned yet.")))
    elif f["next_event"]:
        reasons.append(Reason(_("The next meeting is planned."), good=True))
    # Attendance
    recent, earlier = f["attendance_recent"], f["attendance_earlier"]
    if recent is not None and earlier is not None and earlier >= MIN_EARLIER_ATTENDANCE:
        if recent < earlier * FALLING_ATTENDANCE:
            reasons.append(Reason(
                _("Attendance fell from %(earlier)s to %(recent)s people a meeting.")
                % {"earlier": earlier, "recent": recent}, kind=FALLING))
        elif recent >= earlier:
            reasons.append(Reason(
                _("Attendance held up: %(recent)s people a meeting, against %(earlier)s before.")
                % {"earlier": earlier, "recent": recent}, good=True))
    # Sign-ups kept
    signed, kept = f["signups_recent"], f["places_kept_recent"]
    if signed >= 5 and kept / signed < KEPT_SIGNUPS:
        reasons.append(Reason(
            _("Only %(percent)s%% of the people who signed up still had a place when the meeting came.")
            % {"percent": round(100 * kept / signed)}, kind=FALLING))
    # Feedback
    now_rating, before = f["feedback_recent"], f["feedback_earlier"]
    if now_rating is not None and before is not None and now_rating <= before - FALLING_FEEDBACK:
        reasons.append(Reason(
            _("Feedback fell from %(before)s to %(now)s out of 5.") % {"before": before, "now": now_rating},
            kind=FALLING))
    # Members
    if f["members_left"] > f["members_joined"]:
        reasons.append(Reason(
            _("More members left (%(left)s) than joined (%(joined)s) in the last 90 days.")
            % {"left": f["members_left"], "joined": f["members_joined"]}, kind=FALLING))
    elif f["members_joined"]:
        reasons.append(Reason(
            ngettext("%(count)s new member in the last 90 days.", "%(count)s new members in the last 90 days.",
                     f["members_joined"]) % {"count": f["members_joined"]}, good=True))
    return reasons


def reasons_as_data(assessment: Assessment) -> list[dict]:
    return [{"text": r.text, "kind": r.kind, "serious": r.serious, "good": r.good} for r in assessment.reasons]


def stored(chapter: Chapter) -> Health | None:
    return Health.objects.filter(chapter=chapter).first()
