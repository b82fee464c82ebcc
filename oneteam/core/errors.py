"""The one error type every domain's services raise when a rule refuses a change.

Each domain subclasses it once (``ChapterError``, ``EventError``, …), so a view
or an API endpoint catches one type per domain and shows ``message`` to the
person. ``field`` names the form field the message belongs to, when there is
one. Acting without the right role is not a rule break but a permission
failure: services raise Django's ``PermissionDenied`` for that.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceError(Exception):
    def __init__(self, message, *, field: str | None = None, errors: dict[str | None, list[str]] | None = None):
        self.errors = errors or {field: [str(message)]}
        self.field = field
        self.message = str(message)
        super().__init__(self.message)

    @classmethod
    def from_validation(cls, exc: ValidationError) -> ServiceError:
        """The same messages as a model's ``full_clean()`` gave, keyed by field."""
        if hasattr(exc, "error_dict"):
            errors = {
                (None if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in exc.message_dict.items()
            }
        else:
            errors = {None: [str(m) for m in exc.messages]}
        first_field, first_messages = next(iter(errors.items()))
        return cls(first_messages[0], field=first_field, errors=errors)


def add_to_form(form, exc: ServiceError, rename: dict[str, str] | None = None) -> None:
    """Put a service's messages on the matching fields of a form (others at the top)."""
    rename = rename or {}
    for name, messages in exc.errors.items():
        target = rename.get(name, name)
        form.add_error(target if target in form.fields else None, messages)
