"""GOV.UK Frontend markup for every Django form.

The renderer makes ``{{ form }}`` produce the label, hint, error message and
input markup of the GOV.UK Frontend components (matching the fixtures the npm
package ships), so forms need no per-field template work.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


def widget_attrs(bound_field: forms.BoundField) -> dict[str, str]:
    """Classes and ARIA attributes for a field's input, error state included."""
    kind = bound_field.widget_type
    css = INPUT_CLASS.get(kind, "govuk-input")
    if bound_field.errors:
        css += f" {css}--error"
    width = bound_field.field.widget.attrs.get("data-width")
    if width:
        css += f" govuk-input--width-{width}"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


def first_error_anchor(bound_field: forms.BoundField) -> str:
    """Where an error-summary link should send focus for this field."""
    if bound_field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
