"""Forms of the mentoring pages: they check shapes; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from peerlearn.mentoring.models import Cadence, Channel, Duration, Mood, NoteVisibility
from peerlearn.people.forms import PersonChoiceField, active_people
from peerlearn.people.models import GoalStatus, Person, Skill, SkillLevel

LEVEL_CHOICES = [(value, f"{value} · {label}") for value, label in SkillLevel.choices if value]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RequestForm(forms.Form):
    MENTOR_ME = "mentor_me"
    MENTOR_THEM = "mentor_them"

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Who?",
        help_text="A colleague with the experience you are after, or someone you could help.",
    )
    direction = forms.ChoiceField(
        label="What are you asking?",
        choices=[
            (MENTOR_ME, "I would like them to mentor me"),
            (MENTOR_THEM, "I offer to mentor them"),
        ],
        widget=forms.RadioSelect,
        initial=MENTOR_ME,
    )
    focus_skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        label="Skills to focus on",
        help_text="Pick one to three skills the mentoring is about.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    message = forms.CharField(
        label="Message",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say why you are asking and what you hope to work on. Two or three sentences.",
    )
    cadence = forms.ChoiceField(
        label="How often would you meet?", choices=Cadence.choices, initial=Cadence.FORTNIGHTLY
    )
    channel = forms.ChoiceField(
        label="How would you meet?", choices=Channel.choices, initial=Channel.VIDEO
    )
    duration_months = forms.TypedChoiceField(
        label="For how long?", choices=Duration.choices, coerce=int, initial=Duration.SIX_MONTHS
    )

    def __init__(self, *args: Any, viewer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people().exclude(pk=viewer.pk)  # type: ignore[attr-defined]

    def clean_focus_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data["focus_skills"])
        if len(skills) > 3:
            raise forms.ValidationError(
                "Pick at most three skills, so the mentoring stays focused."
            )
        return skills


class RespondForm(forms.Form):
    message = forms.CharField(
        label="Message (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line to go with your answer: when you could meet, or why not now.",
    )


class AgreementForm(forms.Form):
    cadence = forms.ChoiceField(label="How often do you meet?", choices=Cadence.choices)
    channel = forms.ChoiceField(label="How do you meet?", choices=Channel.choices)
    duration_months = forms.TypedChoiceField(
        label="For how long?", choices=Duration.choices, coerce=int
    )
    expectations = forms.CharField(
        label="What you expect of each other",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: the mentee brings a real work problem to each check-in.",
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        label="Goal",
        max_length=200,
        help_text="Specific and about real work, e.g. “Lead a data-model review on my own”.",
    )
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"),
        label="Skill",
        help_text="The skill this goal grows.",
        error_messages={"invalid_choice": "Choose a skill from the list; that one does not exist."},
    )
    target_level = forms.TypedChoiceField(
        label="Target level", choices=LEVEL_CHOICES, coerce=int, initial=SkillLevel.WORKING
    )
    target_date = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices)


class CheckInForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="When",
        widget=LocalDateTimeInput(),
        help_text="In your time zone.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    duration_minutes = forms.TypedChoiceField(
        label="How long",
        choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1½ hours")],
        coerce=int,
        initial=45,
    )
    agenda = forms.CharField(
        label="Agenda (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shared with your partner. What would make this check-in worth it?",
    )

    def __init__(self, *args: Any, time_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if time_zone:
            self.fields["starts_at"].help_text = f"In your time zone ({time_zone})."
        self.fields["starts_at"].widget.attrs["min"] = timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"
        )


class RecordForm(forms.Form):
    progress_rating = forms.TypedChoiceField(
        label="Progress towards the goals since last time",
        choices=[
            ("", "Not rated"),
            (1, "1 · Stuck"),
            (2, "2 · Slow"),
            (3, "3 · Steady"),
            (4, "4 · Good"),
            (5, "5 · Great"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    mood = forms.TypedChoiceField(
        label="How the mentee is feeling",
        choices=[("", "Not said"), *Mood.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown works: **bold**, lists, links.",
    )
    visibility = forms.ChoiceField(
        label="Who can read it?",
        choices=NoteVisibility.choices,
        widget=forms.RadioSelect,
        initial=NoteVisibility.SHARED,
    )


class FeedbackForm(forms.Form):
    helpfulness = forms.TypedChoiceField(
        label="How helpful was this mentorship for you?",
        choices=[
            (1, "1 · Not helpful"),
            (2, "2"),
            (3, "3 · Somewhat"),
            (4, "4"),
            (5, "5 · Very helpful"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    skills_gained = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        label="Skills you gained (optional)",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    comment = forms.CharField(
        label="Anything else? (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can read this comment; programme admins see averages, never names.",
    )

    def __init__(
        self, *args: Any, endorsable: list[tuple[Skill, int]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.endorsable = endorsable or []
        for skill, suggested in self.endorsable:
            self.fields[f"endorse_{skill.pk}"] = forms.TypedChoiceField(
                label=f"Endorse {skill.name} at level",
                choices=[("", "Do not endorse"), *LEVEL_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                initial=suggested,
            )

    def endorse_fields(self) -> list[forms.BoundField]:
        return [self[f"endorse_{skill.pk}"] for skill, _ in self.endorsable]

    def endorse_levels(self) -> dict[Skill, int]:
        levels = {}
        for skill, _ in self.endorsable:
            level = self.cleaned_data.get(f"endorse_{skill.pk}")
            if level:
                levels[skill] = int(level)
        return levels
