"""What people type on a lean coffee board, with GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_MINUTES, MAX_VOTES, Capture, RetroNote


def _text(label, max_length, *, required=True, missing=None, too_long=None, help_text=""):
    messages = {"max_length": too_long or _("%(label)s must be %(max)s characters or fewer") % {
        "label": label, "max": max_length}}
    if missing:
        messages["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           error_messages=messages)


def _minutes(label, missing):
    return forms.IntegerField(
        label=label, min_value=1, max_value=MAX_MINUTES,
        error_messages={"required": missing, "invalid": _("Enter a whole number of minutes"),
                        "min_value": _("Enter at least 1 minute"),
                        "max_value": _("Enter %(max)s minutes or fewer") % {"max": MAX_MINUTES}},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class BoardForm(forms.Form):
    title = _text(_("Title"), 150, missing=_("Enter a title"))
    votes_per_person = forms.IntegerField(
        label=_("Votes per person"), min_value=1, max_value=MAX_VOTES, initial=3,
        error_messages={"required": _("Enter the number of votes per person"),
                        "invalid": _("Enter a whole number of votes"),
                        "min_value": _("Give everyone at least 1 vote"),
                        "max_value": _("Give everyone %(max)s votes or fewer") % {"max": MAX_VOTES}},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    allow_stacking = forms.BooleanField(label=_("People may put more than one vote on the same topic"),
                                        required=False, initial=True)
    timebox_minutes = _minutes(_("Minutes per topic"), _("Enter the minutes per topic"))
    first_extension_minutes = _minutes(_("First extension, in minutes"), _("Enter the first extension"))
    later_extension_minutes = _minutes(_("Later extensions, in minutes"), _("Enter the later extensions"))
    guests_allowed = forms.BooleanField(
        label=_("Guests without an account may join with the link or code"), required=False,
    )

    def __init__(self, *args, initial=None, **kwargs):
        defaults = {"votes_per_person": 3, "allow_stacking": True, "timebox_minutes": 8,
                    "first_extension_minutes": 4, "later_extension_minutes": 2}
        defaults.update(initial or {})
        super().__init__(*args, initial=defaults, **kwargs)


class TopicForm(forms.Form):
    title = _text(_("Your topic"), 150, missing=_("Enter a topic"),
                  too_long=_("A topic must be 150 characters or fewer"))
    detail = _text(_("One line of detail"), 200, required=False,
                   too_long=_("The detail must be 200 characters or fewer"))


class GuestForm(forms.Form):
    name = _text(_("Your name"), 60, missing=_("Enter your name"),
                 help_text=_("Shown beside your topics and notes."))


class CodeForm(forms.Form):
    code = _text(_("Board code"), 12, missing=_("Enter the board code"),
                 help_text=_("Six letters and numbers, for example KX4P7Q"))


class RetroNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Column"), choices=RetroNote.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose a column")})
    text = _text(_("Your note"), 300, missing=_("Enter your note"),
                 too_long=_("A note must be 300 characters or fewer"))


class CaptureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Capture.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose insight or action")})
    text = _text(_("Text"), 500, missing=_("Enter the insight or action"))
    owner = forms.TypedChoiceField(label=_("Owner (for an action)"), required=False, coerce=int, empty_value=None)
    owner_name = _text(_("Or the owner's name, if they are not on the board"), 120, required=False)
    due = forms.DateField(
        label=_("Due date (for an action)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example, 2025-03-27"),
        error_messages={"invalid": _("Enter a real due date")},
    )
    private = forms.BooleanField(label=_("Private: only facilitators will see it"), required=False)

    def __init__(self, *args, participants=(), prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody on the board"))] + [(p.pk, p.name) for p in participants]


class FacilitatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the co-facilitator"),
                             error_messages={"required": _("Enter an e-mail address"),
                                             "invalid": _("Enter an e-mail address like name@example.org")})
