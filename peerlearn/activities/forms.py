"""Filters for the "my learning" list."""

from __future__ import annotations

from django import forms

from peerlearn.activities.models import ActivityFormat


class ActivityFilterForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "All formats"), *ActivityFormat.choices],
        required=False,
    )
