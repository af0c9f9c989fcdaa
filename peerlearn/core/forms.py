"""What every form page shares: showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names; the rest at the top of the form.

    Services name fields by their own argument names; a name the form does not have (or
    `__all__`) is shown in the error summary, so no refusal is ever lost.
    """
    messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for name, texts in messages.items():
        field = name if name in form.fields else None
        for text in texts:
            form.add_error(field, text)
