"""Forms of the onboarding pages: shapes here, rules in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from peerlearn.mentoring.forms import LocalDateTimeInput
from peerlearn.onboarding.models import ChecklistCategory, Confidence, OnboardingTemplate
from peerlearn.people.forms import PersonChoiceField, active_people
from peerlearn.people.models import JobFamily, Person, Team


class StartForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="New starter")
    start_date = forms.DateField(
        label="First day",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text="Leave empty to use their hire date (or today).",
    )
    template = forms.ModelChoiceField(
        queryset=OnboardingTemplate.objects.filter(is_active=True).order_by("name"),
        required=False,
        label="Onboarding plan",
        empty_label="The plan for their job family and team",
    )
    buddy = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Buddy",
        empty_label="Choose from the buddy pool for me",
        help_text="The matching engine picks someone with room, from their team first.",
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["buddy"].queryset = active_people()  # type: ignore[attr-defined]


class BuddyForm(forms.Form):
    buddy = PersonChoiceField(queryset=Person.objects.none(), label="Buddy")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buddy"].queryset = active_people()  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    category = forms.ChoiceField(label="Kind", choices=ChecklistCategory.choices)
    title = forms.CharField(label="What to do", max_length=200)
    description = forms.CharField(
        label="Details (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link_url = forms.URLField(
        label="Link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A knowledge-hub page or any page that helps.",
    )
    due_date = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))


class TemplateItemForm(forms.Form):
    category = forms.ChoiceField(label="Kind", choices=ChecklistCategory.choices)
    title = forms.CharField(label="What to do", max_length=200)
    description = forms.CharField(
        label="Details (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link_url = forms.URLField(
        label="Link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A knowledge-hub page or any page that helps.",
    )
    due_day = forms.IntegerField(
        label="Due by day",
        min_value=1,
        max_value=180,
        initial=7,
        help_text="Day 1 is the first day.",
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    job_family = forms.ModelChoiceField(
        queryset=JobFamily.objects.order_by("name"),
        required=False,
        label="For the job family",
        empty_label="Any job family",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"),
        required=False,
        label="For the team",
        empty_label="Any team",
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    confidence = forms.TypedChoiceField(
        label="How confident do you feel in your role so far?",
        choices=Confidence.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="Only you see your answer; the programme sees averages over five or more people.",
    )
    comment = forms.CharField(
        label="Anything you would like to add? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneMoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="New time",
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class VolunteerForm(forms.Form):
    is_available = forms.BooleanField(label="I can welcome new starters", required=False)
    max_new_starters = forms.IntegerField(
        label="How many at a time", min_value=1, max_value=5, initial=1
    )
    note = forms.CharField(
        label="A line for the new starter (optional)", max_length=280, required=False
    )
