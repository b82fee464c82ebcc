"""What people type: pitches, rooms and slots, merges, and grid changes (GOV.UK error messages)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneteam.events.forms import _text

from .models import MAX_ROOM_CAPACITY, Pitch, Unconference
from .services import MAX_SECONDS


class SettingsForm(forms.Form):
    pitching = forms.ChoiceField(
        label=_("When can people pitch?"), choices=Unconference.Pitching.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select when people can pitch")},
    )
    pitches_open = forms.BooleanField(
        label=_("Pitching is open"), required=False,
        help_text=_("Untick to stop new pitches, for example once the grid is drawn up."),
    )


class RoomForm(forms.Form):
    name = _text(_("Room name"), 100, missing=_("Enter the room's name"))
    capacity = forms.IntegerField(
        label=_("How many people it holds"), min_value=1, max_value=MAX_ROOM_CAPACITY,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": "4"}),
        error_messages={
            "required": _("Enter how many people the room holds"),
            "invalid": _("Enter how many people the room holds as a whole number, like 30"),
            "min_value": _("A room holds at least 1 person"),
            "max_value": _("Enter a smaller number of people"),
        },
    )
    accessibility = _text(_("Accessibility notes (optional)"), 500, required=False,
                          help_text=_("For example: step-free, hearing loop, quiet room."))


class SlotForm(forms.Form):
    start_time = forms.TimeField(
        label=_("Starts"), help_text=_("24-hour clock, for example 10:30"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter when the slot starts"), "invalid": _("Enter a real time, like 10:30")},
    )
    end_time = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter when the slot ends"), "invalid": _("Enter a real time, like 11:15")},
    )

    def moments(self, unconference: Unconference) -> tuple[dt.datetime, dt.datetime]:
        """Times on the unconference's (first) day, in its own time zone."""
        event = unconference.event
        day = timezone.localtime(event.start, event.tz).date()
        start = dt.datetime.combine(day, self.cleaned_data["start_time"], event.tz)
        end = dt.datetime.combine(day, self.cleaned_data["end_time"], event.tz)
        return start, end

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The slot must end after it starts"))
        return data


class ThemeForm(forms.Form):
    name = _text(_("Theme"), 80, missing=_("Enter the theme"))


class PitchForm(forms.Form):
    title = _text(_("Title"), 120, missing=_("Enter a title for your session"),
                  help_text=_("A few words people will see on the grid."))
    description = _text(_("What is the session about?"), 5000, required=False,
                        help_text=_("Who it is for and what you hope to get out of it. You can use Markdown."),
                        widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(label=_("Kind of session"), choices=Pitch.Kind.choices, widget=forms.RadioSelect,
                             initial=Pitch.Kind.DISCUSSION,
                             error_messages={"required": _("Select the kind of session")})
    theme = forms.ModelChoiceField(label=_("Theme (optional)"), queryset=None, required=False,
                                   empty_label=_("No theme"),
                                   error_messages={"invalid_choice": _("Select a theme from the list")})

    def __init__(self, *args, unconference: Unconference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = unconference.themes.all()
        if not unconference.themes.exists():
            del self.fields["theme"]

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title for your session"))
        return title

    def pitch_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("theme", None)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Co-host's e-mail address"), help_text=_("They need an OneTeam account. They are asked to accept."),
        error_messages={"required": _("Enter the e-mail address of the person to invite"),
                        "invalid": _("Enter an e-mail address like name@example.org")},
    )


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Join this pitch…"), queryset=None,
                                    error_messages={"required": _("Select the pitch to join into another"),
                                                    "invalid_choice": _("Select an open pitch")})
    target = forms.ModelChoiceField(label=_("…into this one"), queryset=None,
                                    help_text=_("This one keeps its title; hosts and interest move over."),
                                    error_messages={"required": _("Select the pitch to keep"),
                                                    "invalid_choice": _("Select an open pitch")})

    def __init__(self, *args, unconference: Unconference, **kwargs):
        super().__init__(*args, **kwargs)
        pitches = Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE).order_by("title")
        self.fields["source"].queryset = pitches
        self.fields["target"].queryset = pitches

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("target") and data["source"] == data["target"]:
            self.add_error("target", _("Choose a different pitch to keep"))
        return data


class GenerateForm(forms.Form):
    seconds = forms.IntegerField(
        label=_("Time for the scheduler, in seconds"), min_value=1, max_value=int(MAX_SECONDS), initial=5,
        help_text=_("More time can find a grid that loses fewer attendances."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": "3"}),
        error_messages={"required": _("Enter a number of seconds"),
                        "invalid": _("Enter the seconds as a whole number, like 5"),
                        "min_value": _("Give the scheduler at least 1 second"),
                        "max_value": _("Give the scheduler at most 60 seconds")},
    )
    seed = forms.IntegerField(
        label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0,
        help_text=_("The same seed and time give the same grid; try another for a different one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": "5"}),
        error_messages={"required": _("Enter a seed, like 0"), "invalid": _("Enter the seed as a whole number"),
                        "min_value": _("The seed cannot be negative"), "max_value": _("Enter a smaller seed")},
    )
    keep_pins = forms.BooleanField(label=_("Keep pinned sessions where they are"), required=False, initial=True)


class NoteForm(forms.Form):
    body = _text(_("Session notes"), 20_000, missing=_("Enter the notes"),
                 help_text=_("What was said, decided and who will do what. Everyone can read them. Markdown works."),
                 widget=forms.Textarea(attrs={"rows": 8}))
