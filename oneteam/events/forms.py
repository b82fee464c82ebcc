"""Forms for organising events, signing up and giving feedback."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


from .models import MAX_CAPACITY, Event, Feedback, Registration
from .services import EARLIEST_YEAR, LATEST_YEAR

COMMON_ZONES = [
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
    "Europe/Brussels", "Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen",
    "Europe/Helsinki", "Europe/Tallinn", "Europe/Warsaw", "Europe/Athens", "Europe/Kyiv", "Europe/Istanbul",
    "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
    "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Sydney", "Pacific/Auckland",
    "America/St_Johns", "America/Halifax", "America/Toronto", "America/New_York", "America/Chicago",
    "America/Denver", "America/Edmonton", "America/Vancouver", "America/Los_Angeles", "America/Mexico_City",
    "America/Bogota", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "UTC",
]


def _text(label, max_length, required=True, help_text="", widget=None, missing=None):
    messages = {"max_length": format_lazy(_("{label} must be {max} characters or fewer"), label=label,
                                          max=f"{max_length:,}")}
    if missing:
        messages["required"] = missing
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, widget=widget,
        error_messages=messages,
    )


class EventForm(forms.Form):
    """What an organiser fills in to create or change an event."""

    title = _text(_("Title"), 150, missing=_("Enter a title"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=Event.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a format"), "invalid_choice": _("Select a format from the list")},
    )
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example, 2025-03-27"),
        error_messages={"required": _("Enter the start date"), "invalid": _("Enter a real start date")},
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("24-hour clock, for example 18:30"),
        error_messages={"required": _("Enter the start time"), "invalid": _("Enter a real start time, like 18:30")},
    )
    end_date = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the end date"), "invalid": _("Enter a real end date")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter the end time"), "invalid": _("Enter a real end time, like 20:00")},
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Europe/London",
        help_text=_("The start and end are in this zone. A name such as Europe/London or America/Toronto."),
        widget=forms.TextInput(attrs={"list": "timezone-suggestions", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the time zone, such as Europe/London")},
    )
    venue = _text(
        _("Venue"), 300, required=False, help_text=_("Building, room and address. Leave empty for an online-only event."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("The link people use to join, for example https://meet.example.org/lean-coffee"),
        error_messages={
            "invalid": _("Enter the online link as a web address, like https://meet.example.org/lean-coffee"),
            "max_length": _("The online link must be 200 characters or fewer"),
        },
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("When it is full, people join a waiting list."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": "5"}),
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Enter the number of places as a whole number, like 30"),
            "min_value": _("The number of places must be at least 1"),
            "max_value": format_lazy(_("The number of places must be {max} or fewer"), max=f"{MAX_CAPACITY:,}"),
        },
    )
    description = _text(
        _("Description"), 20_000, required=False,
        help_text=_("What will happen and who it is for. You can use Markdown."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    @classmethod
    def for_event(cls, event: Event, data=None) -> EventForm:
        start, end = event.start.astimezone(event.tz), event.end.astimezone(event.tz)
        initial = {
            "title": event.title, "format": event.format, "timezone": event.timezone,
            "start_date": start.date(), "start_time": start.time(), "end_date": end.date(), "end_time": end.time(),
            "venue": event.venue, "online_url": event.online_url, "capacity": event.capacity,
            "description": event.description,
        }
        return cls(data=data, initial=initial)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title"))
        return title

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        if name not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                _("“%(zone)s” is not a time zone we know. Enter a name such as Europe/London or America/Toronto"),
                params={"zone": name},
            )
        return name

    def _moment(self, data: dict, which: str) -> dt.datetime | None:
        """The start or end as an aware datetime, or None with an error on the form."""
        day, time, zone = data.get(f"{which}_date"), data.get(f"{which}_time"), data.get("timezone")
        if not (day and time and zone):
            return None
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            self.add_error(f"{which}_date", _("Enter a date between %(first)s and %(last)s")
                           % {"first": EARLIEST_YEAR, "last": LATEST_YEAR})
            return None
        moment = dt.datetime.combine(day, time, zoneinfo.ZoneInfo(zone))
        if moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != moment.replace(tzinfo=None):
            self.add_error(
                f"{which}_time",
                _("%(time)s on %(day)s does not exist in %(zone)s: the clocks go forward that night. "
                  "Choose a time an hour later or earlier")
                % {"time": time.strftime("%H:%M"), "day": day.strftime("%-d %B %Y"), "zone": zone},
            )
            return None
        return moment

    def clean(self):
        data = super().clean()
        for which in ("start", "end"):
            moment = self._moment(data, which)
            if moment is not None:
                data[which] = moment
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end_date", _("The end must be after the start"))
        venue, link = data.get("venue", "").strip(), data.get("online_url", "")
        if "venue" in data and "online_url" in data and not venue and not link:
            self.add_error("venue", _("Enter a venue, an online link, or both"))
        return data

    def event_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "format": data["format"], "start": data["start"], "end": data["end"],
            "timezone": data["timezone"], "venue": data["venue"].strip(), "online_url": data["online_url"],
            "capacity": data["capacity"], "description": data["description"],
        }


class SignUpForm(forms.Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=Registration._meta.get_field("accessibility_needs").max_length,
        help_text=_(
            "Anything that would help you take part, such as step-free access or captions. "
            "Only the organisers see this."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Accessibility needs must be 2,000 characters or fewer")},
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how was the event?"),
        choices=Feedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the event was"), "invalid_choice": _("Select how the event was")},
    )
    liked = _text(_("Liked"), 2000, required=False, help_text=_("What went well?"),
                  widget=forms.Textarea(attrs={"rows": 3}))
    learned = _text(_("Learned"), 2000, required=False, help_text=_("What did you learn?"),
                    widget=forms.Textarea(attrs={"rows": 3}))
    lacked = _text(_("Lacked"), 2000, required=False, help_text=_("What was missing?"),
                   widget=forms.Textarea(attrs={"rows": 3}))
    longed_for = _text(_("Longed for"), 2000, required=False, help_text=_("What do you wish had happened?"),
                       widget=forms.Textarea(attrs={"rows": 3}))
