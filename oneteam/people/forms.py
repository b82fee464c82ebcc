"""Forms for people: the extra sign-up question, the profile, organisations and tokens."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import ApiToken, Organisation, User

# Zones people live in: the IANA names without the legacy and POSIX aliases.
TIMEZONE_CHOICES = sorted(
    zone for zone in zoneinfo.available_timezones()
    if "/" in zone and not zone.startswith(("Etc/", "posix/", "right/", "SystemV/", "US/", "Brazil/", "Canada/",
                                              "Chile/", "Mexico/"))
) + ["UTC"]


def no_markup(value: str) -> None:
    """Plain-text fields are shown as text: refuse angle brackets outright."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Remove the < and > characters: this field is plain text."), code="markup")


def plain_text(form: forms.BaseForm) -> None:
    """Give every text field a clear length message and the plain-text check."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field, (forms.EmailField, forms.URLField)):
            field.validators.append(no_markup)
            if field.max_length:
                field.error_messages["max_length"] = _(
                    "%(label)s must be %(limit)s characters or fewer (you typed %%(show_value)s)."
                ) % {"label": field.label, "limit": field.max_length}


class SignupExtraForm(forms.Form):
    """Asked at sign-up beside e-mail and password (allauth calls ``signup``)."""

    field_order = ["display_name", "email", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How other people will see you. You can change it later."),
        error_messages={"required": _("Enter your name")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_text(self)

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Organisation"),
        empty_label=_("None, or not listed"),
        help_text=_("Not listed? Add your organisation first, then come back here."),
    )
    free_agent_days_per_month = forms.IntegerField(
        label=_("Days available each month"),
        min_value=0,
        max_value=31,
        initial=0,
        help_text=_("A whole number from 0 to 31."),
        error_messages={
            "invalid": _("Enter the days available each month as a whole number, like 2"),
            "min_value": _("Days available each month must be 0 or more"),
            "max_value": _("Days available each month must be 31 or fewer"),
            "required": _("Enter the days available each month, or 0"),
        },
        widget=forms.NumberInput(attrs={"data-width": "3", "inputmode": "numeric"}),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "organisation",
            "profession",
            "country",
            "timezone",
            "languages",
            "skills",
            "contact_preference",
            "contact_notes",
            "digest_frequency",
            "is_free_agent",
            "free_agent_skills",
            "free_agent_days_per_month",
            "profile_public",
            "show_organisation",
            "show_profession",
            "show_country",
            "show_skills",
            "show_free_agent",
        ]
        labels = {
            "display_name": _("Your name"),
            "profession": _("Profession or role"),
            "country": _("Country"),
            "timezone": _("Your time zone"),
            "languages": _("Languages you speak"),
            "skills": _("Skills"),
            "contact_preference": _("How do you like to be contacted?"),
            "contact_notes": _("Anything else about contacting you"),
            "digest_frequency": _("How often should we send you a digest?"),
            "is_free_agent": _("I am available as a free agent"),
            "free_agent_skills": _("Skills you offer as a free agent"),
            "profile_public": _("Show a public profile"),
            "show_organisation": _("Show my organisation"),
            "show_profession": _("Show my profession or role"),
            "show_country": _("Show my country"),
            "show_skills": _("Show my skills and languages"),
            "show_free_agent": _("Show my free-agent availability"),
        }
        help_texts = {
            "display_name": _("How other people will see you."),
            "profession": _("For example, user researcher or policy adviser."),
            "timezone": _("Dates and times are shown to you in this zone, on every page and in e-mails."),
            "languages": _("Separate them with commas, for example: English, Welsh."),
            "skills": _("Separate them with commas, for example: service design, facilitation."),
            "contact_notes": _("For example, the best days or times to reach you."),
            "digest_frequency": _("One e-mail that gathers what you follow, instead of many."),
            "is_free_agent": _("Free agents lend their skills to other teams for a few days a month."),
            "profile_public": _("Anyone can see it, including people who are not signed in. Your e-mail address is never shown."),
        }
        widgets = {
            "country": forms.Select,
            "contact_preference": forms.RadioSelect,
            "digest_frequency": forms.RadioSelect,
            "contact_notes": forms.Textarea(attrs={"rows": 3}),
            "free_agent_skills": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = _("Enter your name")
        self.fields["country"].choices = [("", _("Not given"))] + list(countries)
        self.fields["timezone"].widget = forms.Select(
            choices=[("", _("Not chosen: show each event's own time and UTC"))]
            + [(zone, zone.replace("_", " ")) for zone in TIMEZONE_CHOICES],
            attrs={"data-offer-browser-zone": _("Use this device's time zone: %(zone)s")},
        )
        self.fields["contact_preference"].error_messages["required"] = _("Select how you like to be contacted")
        self.fields["digest_frequency"].error_messages["required"] = _("Select how often you want a digest")
        plain_text(self)

    def clean(self):
        data = super().clean()
        if data.get("is_free_agent") and not (data.get("free_agent_skills") or "").strip():
            self.add_error("free_agent_skills", _("Enter the skills you offer as a free agent"))
        return data


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=Organisation._meta.get_field("website").max_length,
        help_text=_("For example, https://www.example.gov.uk"),
        error_messages={"invalid": _("Enter the website as a full address, like https://www.example.org")},
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "website"]
        labels = {
            "name": _("Name"),
            "kind": _("Type of organisation"),
            "country": _("Country"),
        }
        help_texts = {
            "name": _("The name people know it by, for example: Camden Council."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the organisation")},
            "kind": {"required": _("Select the type of organisation")},
        }
        widgets = {"kind": forms.RadioSelect, "country": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Not in one country"))] + list(countries)
        plain_text(self)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        name, country = data.get("name"), data.get("country") or ""
        if name and Organisation.objects.filter(name__iexact=name, country=country).exists():
            self.add_error(
                "name",
                _("%(name)s is already listed%(where)s. Choose it on your profile instead of adding it again.")
                % {"name": name, "where": _(" in %s") % countries.name(country) if country else ""},
            )
        return data


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any type"))] + list(Organisation.Kind.choices)
        self.fields["country"].choices = [("", _("Any country"))] + sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda pair: pair[1]
        )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("Something to tell your tokens apart, for example: chapter dashboard."),
        error_messages={"required": _("Enter a name for the token")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_text(self)
