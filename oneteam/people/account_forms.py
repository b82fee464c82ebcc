"""allauth's account forms with OneTeam's labels and hints.

GOV.UK forms use sentence-case labels, hints instead of placeholders and no
links hidden in hints, so each allauth form is subclassed only to reword it.
Settings point allauth at these classes through ``ACCOUNT_FORMS``.

This module is separate from ``forms.py`` because allauth imports
``forms.SignupExtraForm`` while building its own forms.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

PASSWORD_HINT = _(
    "At least 10 characters. Use words that are easy for you to remember but "
    "hard for others to guess, and not a password you use anywhere else."
)


class GovukWording:
    """Relabel fields, set hints and drop placeholders after allauth builds them."""

    labels: dict = {}
    hints: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.hints:
                field.help_text = self.hints[name]


class LoginForm(GovukWording, allauth_forms.LoginForm):
    labels = {
        "login": _("E-mail address"),
        "password": _("Password"),
        "remember": _("Keep me signed in on this device"),
    }
    hints = {"password": ""}


class SignupForm(GovukWording, allauth_forms.SignupForm):
    labels = {
        "email": _("E-mail address"),
        "password1": _("Create a password"),
        "password2": _("Type the password again"),
    }
    hints = {
        "email": _("We will send you a link to confirm it. Nobody else will see it."),
        "password1": PASSWORD_HINT,
    }


class AddEmailForm(GovukWording, allauth_forms.AddEmailForm):
    labels = {"email": _("E-mail address")}


class ChangePasswordForm(GovukWording, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("Type the new password again"),
    }
    hints = {"oldpassword": "", "password1": PASSWORD_HINT}


class SetPasswordForm(GovukWording, allauth_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Type the password again")}
    hints = {"password1": PASSWORD_HINT}


class ResetPasswordForm(GovukWording, allauth_forms.ResetPasswordForm):
    labels = {"email": _("E-mail address")}
    hints = {"email": _("The address you signed up with.")}


class ResetPasswordKeyForm(GovukWording, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("Type the new password again")}
    hints = {"password1": PASSWORD_HINT}


class ReauthenticateForm(GovukWording, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Password")}
    hints = {"password": ""}
