"""Forms for goals, actions, the open log and microactions, with GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Action, Goal, Microaction, Principle


def _text(label, max_length, required=True, help_text="", widget=None, missing=None):
    messages = {"max_length": format_lazy(_("{label} must be {max} characters or fewer"), label=label,
                                          max=f"{max_length:,}")}
    if missing:
        messages["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=widget, error_messages=messages)


def principle_field(help_text=""):
    return forms.ModelMultipleChoiceField(
        label=_("Principles"), queryset=Principle.objects.order_by("position"), required=False,
        to_field_name="slug", widget=forms.CheckboxSelectMultiple, help_text=help_text,
        error_messages={"invalid_choice": _("Select principles from the list"),
                        "invalid_pk_value": _("Select principles from the list")},
    )


class GoalForm(forms.Form):
    title = _text(_("Title"), 150, missing=_("Enter a title"))
    why = _text(_("Why it matters"), 5000, missing=_("Say why the goal matters"),
                widget=forms.Textarea(attrs={"rows": 5}), help_text=_("You can use Markdown."))
    plan = _text(_("What we will do"), 5000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
                 help_text=_("You can use Markdown."))
    first_action = _text(_("First concrete action"), 300, missing=_("Enter the first concrete action"),
                         help_text=_("The first thing anyone can see happen, for example “Gather case studies”."))
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices, initial=Goal.Status.ACTIVE,
                               widget=forms.RadioSelect, error_messages={"required": _("Select a status")})
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                                     "data-width": "4"}),
        error_messages={"required": _("Enter the year"), "invalid": _("Enter the year as a number, like 2025"),
                        "min_value": _("Enter a year between 2000 and 2100"),
                        "max_value": _("Enter a year between 2000 and 2100")},
    )
    principles = principle_field()
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The people who run the goal: its owners now and the people who said they'll help."),
        error_messages={"invalid_choice": _("Select owners from the list"),
                        "invalid_pk_value": _("Select owners from the list")},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        if people is None:
            del self.fields["owners"]
        else:
            self.fields["owners"].queryset = people
            self.fields["owners"].label_from_instance = lambda person: person.public_name

    def clean_owners(self):
        owners = self.cleaned_data["owners"]
        if not owners:
            raise forms.ValidationError(_("Select at least one owner"))
        return owners

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title"))
        return title

    def goal_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("principles")
        data.pop("owners", None)
        return data


class ActionForm(forms.Form):
    title = _text(_("Action"), 300, missing=_("Enter the action"))
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody yet"),
        help_text=_("The goal's owners and the people who said they'll help."),
        error_messages={"invalid_choice": _("Select an owner from the list")},
    )
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example, 2025-03-27"), error_messages={"invalid": _("Enter a real due date")},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices,
                               error_messages={"required": _("Select a status")})


class UpdateForm(forms.Form):
    text = _text(_("What happened?"), 5000, missing=_("Enter the update"), widget=forms.Textarea(attrs={"rows": 4}),
                 help_text=_("Everyone can read this log. You can use Markdown."))


class MicroactionForm(forms.Form):
    title = _text(_("Microaction"), 150, missing=_("Enter the microaction"),
                  help_text=_("Something small anyone could do this week, for example “Invite someone from another "
                              "team for a coffee”."))
    description = _text(_("How to do it"), 3000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                        help_text=_("You can use Markdown."))
    principles = principle_field()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter the microaction"))
        return title


class CurateForm(MicroactionForm):
    status = forms.ChoiceField(label=_("Status"), choices=Microaction.Status.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Select a status")})
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals it helps"), queryset=Goal.objects.order_by("-year", "title"), required=False,
        to_field_name="slug", widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select goals from the list")},
    )


class DoneForm(forms.Form):
    note = _text(_("Note"), 2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                 help_text=_("How it went. Only you can see this."))


class TakeForwardForm(forms.Form):
    """Where a lean coffee action goes next: an action under a goal, or the person's own microaction."""

    GOAL, MICROACTION = "goal", "microaction"
    destination = forms.ChoiceField(
        label=_("Take it forward as"), widget=forms.RadioSelect,
        choices=[(GOAL, _("An action under one of your goals")), (MICROACTION, _("My own microaction"))],
        error_messages={"required": _("Select where to take the action")},
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"), queryset=None, required=False, empty_label=_("Choose a goal"),
        help_text=_("Goals you may add actions to."),
        error_messages={"invalid_choice": _("Select a goal from the list")},
    )

    def __init__(self, *args, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        if not goals.exists():  # nobody is offered a goal they cannot add to
            del self.fields["goal"]
            self.fields["destination"].choices = [(self.MICROACTION, _("My own microaction"))]

    def clean(self):
        data = super().clean()
        if data.get("destination") == self.GOAL and not data.get("goal"):
            self.add_error("goal", _("Select the goal to add the action to"))
        return data
