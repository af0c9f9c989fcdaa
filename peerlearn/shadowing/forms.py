"""Forms of the shadowing pages."""

from __future__ import annotations

from typing import Any

from django import forms

from peerlearn.mentoring.forms import LocalDateTimeInput
from peerlearn.people.forms import PersonChoiceField, active_people
from peerlearn.people.models import Person, Skill


class RequestForm(forms.Form):
    host = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Whose work would you like to observe?",
    )
    what_to_observe = forms.CharField(
        label="What would you like to observe?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: how you run a customer discovery call, start to finish.",
    )
    why = forms.CharField(
        label="Why?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you hope to learn, so the host can pick the right day.",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        label="Skills it touches (optional)",
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, viewer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = active_people().exclude(pk=viewer.pk)  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="When can they come?",
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In your time zone.",
    )
    duration_minutes = forms.TypedChoiceField(
        label="For how long?",
        choices=[(60, "1 hour"), (120, "2 hours"), (240, "Half a day"), (480, "A full day")],
        coerce=int,
        initial=120,
    )
    location = forms.CharField(
        label="Where? (optional)",
        max_length=200,
        required=False,
        help_text="A room, a call link, or “my desk”.",
    )
    message = forms.CharField(
        label="Message (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    message = forms.CharField(
        label="Message (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanItemForm(forms.Form):
    text = forms.CharField(label="Something to observe", max_length=300)


class DebriefForm(forms.Form):
    learned = forms.CharField(
        label="What did you learn?", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    try_next = forms.CharField(
        label="What will you try? (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HostForm(forms.Form):
    monthly_capacity = forms.IntegerField(
        label="Sessions a month you can host",
        min_value=0,
        max_value=20,
        help_text="0 means you are not hosting for now.",
    )
    what_you_can_observe = forms.CharField(
        label="What colleagues could observe (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
