"""Forms for people: the extra sign-up question and the profile."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """Asked at sign-up beside e-mail and password (allauth calls ``signup``)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How other people will see you. You can change it later."),
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])
