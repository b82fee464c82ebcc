"""What people type into the register, with GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from oneteam.chapters.models import Chapter
from oneteam.people.models import Organisation

from .models import Project, Relation
from .services import MAX_THEMES


def _text(label, max_length, *, required=True, missing=None, help_text="", widget=None):
    messages = {"max_length": _("%(label)s must be %(max)s characters or fewer") % {"label": label,
                                                                                   "max": f"{max_length:,}"}}
    if missing:
        messages["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=widget, error_messages=messages)


class ProjectForm(forms.Form):
    title = _text(_("Project title"), 150, missing=_("Enter the project's title"))
    summary = _text(
        _("What the project does"), 4000, missing=_("Describe what the project does"),
        help_text=_("Who it is for, what it changes and how. Similar projects are found from these words."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"),
        error_messages={"required": _("Select the organisation that runs the project"),
                        "invalid_choice": _("Select an organisation from the list")},
    )
    team = _text(_("Team"), 150, required=False, help_text=_("For example, Digital services or Adult social care"))
    chapter = forms.ModelChoiceField(
        label=_("OneTeam chapter"), queryset=Chapter.objects.order_by("name"), required=False,
        help_text=_("The chapter whose checklists the project follows, if any."),
        error_messages={"invalid_choice": _("Select a chapter from the list")},
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=Project.Phase.choices, widget=forms.RadioSelect,
        initial=Project.Phase.IDEA, error_messages={"required": _("Select the project's phase")},
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example, 2026-03-27"), error_messages={"invalid": _("Enter a real start date")},
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real end date")},
    )
    themes = _text(_("Themes"), 400, required=False,
                   help_text=_("Separate themes with commas, for example: older people, digital inclusion"))
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Project.Visibility.choices, widget=forms.RadioSelect,
        initial=Project.Visibility.PUBLIC, error_messages={"required": _("Select who can see the project")},
    )

    def clean_themes(self):
        names = [name.strip() for name in self.cleaned_data["themes"].split(",") if name.strip()]
        if len(names) > MAX_THEMES:
            raise forms.ValidationError(_("Enter at most %(count)s themes") % {"count": MAX_THEMES})
        return names

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be the same as or after the start date"))
        return data


class RegisterForm(ProjectForm):
    role = _text(_("Your role on the project"), 120, required=False, help_text=_("For example, Product owner"))
    # Set by the confirmation step: the person has seen the similar projects and registers anyway.
    seen_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)


class UpdateForm(forms.Form):
    body = _text(_("What happened"), 10_000, missing=_("Enter the update"),
                 help_text=_("Markdown is allowed. Dated updates tell the story below the project's facts."),
                 widget=forms.Textarea(attrs={"rows": 5}))


class RelationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How do these projects relate?"), choices=Relation.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select how the projects relate")},
    )
    note = _text(_("Note"), 2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                 help_text=_("What the teams should know, for example who will talk to whom."))


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("Member's e-mail address"), required=False,
                             help_text=_("For someone with an account here."),
                             error_messages={"invalid": _("Enter an e-mail address in the correct format, "
                                                          "like name@example.org")})
    name = _text(_("Or their name"), 120, required=False, help_text=_("For a contact without an account."))
    role = _text(_("Role"), 120, required=False)
    responsible = forms.BooleanField(label=_("Responsible for the project"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("name", "").strip():
            self.add_error("email", _("Enter a member's e-mail address or a contact's name"))
        return data


class LinkForm(forms.Form):
    label = _text(_("Link text"), 120, missing=_("Enter the link text"))
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https",
                         error_messages={"required": _("Enter the address"),
                                         "invalid": _("Enter a full address, starting with https://")})


class ObjectiveForm(forms.Form):
    title = _text(_("Objective"), 200, missing=_("Enter the objective"))


_number = {"required": _("Enter a number"), "invalid": _("Enter a number, like 40 or 12.5"),
           "max_digits": _("Enter a smaller number"), "max_decimal_places": _("Use at most 2 decimal places")}


class KeyResultForm(forms.Form):
    title = _text(_("Key result"), 200, missing=_("Enter the key result"))
    start_value = forms.DecimalField(label=_("Starting value"), max_digits=14, decimal_places=2, initial=0,
                                     error_messages=_number)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, error_messages=_number)
    unit = _text(_("Unit"), 30, required=False, help_text=_("For example, %, residents or days"))


class KeyResultEditForm(KeyResultForm):
    current = forms.DecimalField(label=_("Current value"), max_digits=14, decimal_places=2, error_messages=_number)


class ProgressForm(forms.Form):
    current = forms.DecimalField(label=_("Current value"), max_digits=14, decimal_places=2, error_messages=_number)


class HelpWantedForm(forms.Form):
    skill = _text(_("Skill needed"), 80, missing=_("Enter the skill"), help_text=_("For example, user research"))
    note = _text(_("What the help is for"), 300, required=False)


class ChecklistTemplateForm(forms.Form):
    steps = _text(_("Steps"), 6000, missing=_("Enter at least one step"),
                  help_text=_("One step per line, in order."), widget=forms.Textarea(attrs={"rows": 8}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search projects"), required=False, max_length=200)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("Any phase")), *Project.Phase.choices])
    organisation = forms.SlugField(required=False)
    theme = forms.SlugField(required=False)
    country = forms.CharField(required=False, max_length=2)


