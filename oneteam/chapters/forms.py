"""Forms for finding, starting and running chapters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Chapter
from .selectors import STATUS_CHOICES, countries_with_chapters, global_chapter, parent_choices

LEVEL_CHOICES = [
    (Chapter.Level.LOCAL, _("Local: a city, council, department or organisation")),
    (Chapter.Level.COUNTRY, _("Country: the chapter for a whole country")),
]


class ChapterFilterForm(forms.Form):
    """The list page's filters, sent by GET so results can be bookmarked."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_("Words from a chapter's name, city or description"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Active and dormant"))] + list(STATUS_CHOICES)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + countries_with_chapters()


class ChapterStartForm(forms.ModelForm):
    level = forms.ChoiceField(
        label=_("What kind of chapter is it?"), choices=LEVEL_CHOICES, widget=forms.RadioSelect,
        initial=Chapter.Level.LOCAL,
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Chapter.objects.none(), empty_label=None,
        help_text=_("A local chapter can belong to its country's chapter; otherwise it belongs to the global one."),
    )

    class Meta:
        model = Chapter
        fields = ["name", "level", "parent", "country", "city", "description", "rhythm", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "name": _("For example, OneTeam Leeds or OneTeam Department for Transport"),
            "country": _("Required for a country chapter"),
            "description": _("Who it is for and what you will do together. You can use Markdown."),
            "rhythm": _("For example, lean coffee on the first Thursday of each month"),
            "contact_email": _("Shown on the chapter page so people can get in touch"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_choices()
        self.fields["parent"].initial = global_chapter()
        self.fields["country"].choices = [("", _("Choose a country"))] + list(countries)

    def clean(self):
        data = super().clean()
        if data.get("level") == Chapter.Level.COUNTRY and not data.get("country") and "country" not in self.errors:
            self.add_error("country", _("Choose the country this chapter is for."))
        return data

    def _post_clean(self):
        # The chapter is built by services.start_chapter, which applies the
        # name-within-parent and hierarchy rules itself.
        pass


class ChapterEditForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = ["name", "country", "city", "description", "rhythm", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = ChapterStartForm.Meta.help_texts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("No country"))] + list(countries)

    def _post_clean(self):
        # services.update_chapter validates and saves.
        pass


class InviteOrganiserForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"), max_length=254,
        help_text=_("We e-mail them a link. They become an organiser only if they accept."),
        error_messages={
            "required": _("Enter the e-mail address of the person to invite"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.org"),
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


# --- Health, handover, rituals, announcements -------------------------------

import zoneinfo  # noqa: E402

from .models import Holiday, Ritual, Webhook  # noqa: E402

ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class HealthSettingsForm(forms.Form):
    meets_every_days = forms.IntegerField(
        label=_("How often does the chapter mean to meet, in days?"), min_value=7, max_value=366,
        help_text=_("For example 30 for monthly, 14 for every two weeks, 91 for quarterly"),
        error_messages={"required": _("Enter how often the chapter means to meet, in days"),
                        "min_value": _("Enter a number of days of 7 or more"),
                        "max_value": _("Enter a number of days of 366 or fewer"),
                        "invalid": _("Enter a whole number of days, like 30")},
    )
    timezone_name = forms.ChoiceField(label=_("The chapter's time zone"), choices=ZONE_CHOICES,
                                      help_text=_("Recurring meetings are created at local time in this zone"))
    latitude = forms.DecimalField(label=_("Latitude (optional)"), required=False, min_value=-90, max_value=90,
                                  decimal_places=5, help_text=_("Where to put the chapter on the world map, like 51.5"),
                                  error_messages={"invalid": _("Enter the latitude as a number, like 51.5")})
    longitude = forms.DecimalField(label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180,
                                   decimal_places=5, help_text=_("Like -0.12"),
                                   error_messages={"invalid": _("Enter the longitude as a number, like -0.12")})


class NominateForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Who should take over from you?"), queryset=None, empty_label=_("Choose a member"),
        error_messages={"required": _("Choose the member who should take over"),
                        "invalid_choice": _("Choose one of the chapter's members")},
    )
    note = forms.CharField(label=_("A note for them (optional)"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("What they should know: contacts, plans, where things are"))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        from oneteam.people.models import User

        self.fields["successor"].queryset = User.objects.filter(pk__in=[p.pk for p in people])
        self.fields["successor"].label_from_instance = lambda person: person.public_name


class InviteSuccessorForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"), max_length=254,
        error_messages={"required": _("Enter the e-mail address of the person to hand over to"),
                        "invalid": _("Enter an e-mail address in the correct format, like name@example.org")},
    )


class CallForm(forms.Form):
    message = forms.CharField(label=_("What help are you looking for? (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RitualForm(forms.ModelForm):
    class Meta:
        model = Ritual
        fields = ["title", "rhythm", "weekday", "week_of_month", "start_time", "duration_minutes", "venue",
                  "online_url", "capacity", "description", "days_ahead", "starts_on"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}),
                   "starts_on": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"week_of_month": _("For a monthly meeting: 1 for the first, 2 for the second … 5 for the last"),
                      "start_time": _("Local time in the chapter's time zone, like 08:30")}
        error_messages = {
            "title": {"required": _("Enter a title, like Monthly lean coffee")},
            "start_time": {"required": _("Enter the time it starts, like 08:30"),
                           "invalid": _("Enter the time it starts, like 08:30")},
            "starts_on": {"required": _("Enter the first date it could take place"),
                          "invalid": _("Enter a real date, like 2027-01-07")},
        }

    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https", max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=[
        ("lean_coffee", _("Lean coffee")), ("meetup", _("Meetup")), ("workshop", _("Workshop")),
        ("unconference", _("Unconference")), ("other", _("Other"))])


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        error_messages = {"date": {"required": _("Enter the holiday's date"),
                                   "invalid": _("Enter a real date, like 2026-12-25")},
                          "name": {"required": _("Enter the holiday's name")}}


class WebhookForm(forms.Form):
    kind = forms.ChoiceField(label=_("Where does your community talk?"), choices=Webhook.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose Slack or Microsoft Teams")})
    url = forms.CharField(
        label=_("Incoming-webhook address"), max_length=1000, widget=forms.PasswordInput(render_value=False),
        help_text=_("Slack or Teams gives you this when you add an incoming webhook to a channel. "
                    "We keep it encrypted and never show it again in full."),
        error_messages={"required": _("Enter the incoming-webhook address")},
    )

