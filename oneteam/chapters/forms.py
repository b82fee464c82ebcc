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
