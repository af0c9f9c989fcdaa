"""Forms for the people pages. They only parse and check input; services do the writing."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from peerlearn.core.permissions import ORGANISATION_RECORD_FIELDS
from peerlearn.people.models import (
    GoalStatus,
    JobFamily,
    Level,
    Person,
    Skill,
    SkillLevel,
    Team,
)
from peerlearn.people.selectors import colleagues_named, skill_resolve

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]
LEVEL_CHOICES = [(value, f"{value} · {label}") for value, label in SkillLevel.choices]
CONFIDENCE_CHOICES = [
    ("", "Not set"),
    (1, "1 · Not at all confident"),
    (2, "2 · Slightly confident"),
    (3, "3 · Fairly confident"),
    (4, "4 · Confident"),
    (5, "5 · Fully confident"),
]
TARGET_LEVEL_CHOICES = [("", "No target level"), *LEVEL_CHOICES]
UNKNOWN_SKILL = (
    "We do not know a skill called “{name}”. Check the spelling, pick one of the suggestions, "
    "or ask a programme admin to add it."
)


def _resolve_skill(raw: str) -> Skill:
    skill = skill_resolve(name=raw)
    if skill is None:
        raise ValidationError(UNKNOWN_SKILL.format(name=raw.strip()))
    return skill


# --- choosing a colleague -------------------------------------------------------------------


def active_people() -> QuerySet[Person]:
    """The colleagues a form may offer: everyone still here, by name."""
    return Person.objects.filter(is_active=True).order_by("full_name")


class PersonChoiceField(forms.ModelChoiceField[Person]):
    """A colleague from a list, labelled with job title and team so namesakes can be told apart.

    Each label reads the person's team, so whatever queryset the field is given loads the teams
    with the people: one query for the whole list, however many people it offers.
    """

    @property
    def queryset(self) -> QuerySet[Person] | None:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Person] | None) -> None:
        # As ModelChoiceField's own setter does, plus the teams the labels read.
        self._queryset = None if queryset is None else queryset.select_related("team")
        self.widget.choices = self.choices

    def label_from_instance(self, obj: Person) -> str:
        team = obj.team.name if obj.team is not None else ""
        return " · ".join(part for part in (obj.full_name, obj.job_title, team) if part)


NO_SUCH_COLLEAGUE = (
    "We know no colleague called “{reference}”. Type their e-mail address, or pick one of the "
    "suggestions."
)
SEVERAL_COLLEAGUES = "Several colleagues are called “{reference}”: type their e-mail address."


class ColleagueField(forms.CharField):
    """A colleague named in a text box by e-mail address or full name (or id, as old links do).

    Unlike a list of every person in the organisation, it stays small at any size; pages pair
    it with suggestions (`people/_person_picker.html`) and it works without JavaScript.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Person | None:
        reference = super().clean(value)
        if not reference:
            return None
        found = colleagues_named(reference=reference)
        if not found:
            raise ValidationError(NO_SUCH_COLLEAGUE.format(reference=reference))
        if len(found) > 1:
            raise ValidationError(SEVERAL_COLLEAGUES.format(reference=reference))
        return found[0]


SEARCH_MAX_LENGTH = 100


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the URL so every result can be linked to."""

    q = forms.CharField(
        label="Search people",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, title, team or e-mail"}
        ),
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any team",
        error_messages={"invalid_choice": "There is no team “%(value)s”."},
    )
    family = forms.ModelChoiceField(
        label="Job family",
        queryset=JobFamily.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any family",
        error_messages={"invalid_choice": "There is no job family “%(value)s”."},
    )
    level = forms.ModelChoiceField(
        label="Level",
        queryset=Level.objects.order_by("rank"),
        to_field_name="code",
        required=False,
        empty_label="Any level",
        error_messages={"invalid_choice": "There is no level “%(value)s”."},
    )
    skill = forms.ModelChoiceField(
        label="Skill",
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any skill",
        error_messages={"invalid_choice": "There is no skill called “%(value)s”."},
    )
    teaches = forms.BooleanField(label="Can teach the skill", required=False)
    departed = forms.BooleanField(label="Include people who have left", required=False)

    def __init__(self, *args: Any, sees_departed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sees_departed:
            del self.fields["departed"]

    def clean_q(self) -> str:
        # The box takes 100 characters; a longer address searches by its first 100 (the search
        # box cannot show an error without redrawing it under the typing person).
        return str(self.cleaned_data["q"])[:SEARCH_MAX_LENGTH]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `people_search`, once the form is valid (or unbound: none)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        family: JobFamily | None = data.get("family")
        level: Level | None = data.get("level")
        skill: Skill | None = data.get("skill")
        return {
            "query": data.get("q") or "",
            "team": data.get("team"),
            "job_family_slug": family.slug if family else "",
            "level_code": level.code if level else "",
            "skill": skill,
            "can_teach": bool(data.get("teaches")) if skill else None,
            "include_inactive": bool(data.get("departed")),
        }


class ProfileForm(forms.Form):
    """A person's own profile. Team, family, level and hire date come from the organisation's
    records, so only programme admins see those fields."""

    ORGANISATION_FIELDS = tuple(
        name
        for name in ("team", "job_family", "level", "hire_date")
        if name in ORGANISATION_RECORD_FIELDS
    )

    full_name = forms.CharField(label="Full name", max_length=200)
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        required=False,
        help_text="What colleagues would call your role, for example “Data engineer”.",
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), required=False, empty_label="No team"
    )
    job_family = forms.ModelChoiceField(
        label="Job family",
        queryset=JobFamily.objects.order_by("name"),
        required=False,
        empty_label="No job family",
    )
    level = forms.ModelChoiceField(
        label="Level",
        queryset=Level.objects.order_by("rank"),
        required=False,
        empty_label="No level",
    )
    hire_date = forms.DateField(
        label="Hire date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day they joined the organisation.",
    )
    location = forms.CharField(
        label="Location",
        max_length=120,
        required=False,
        help_text="City or office, so people nearby can meet in person.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=TIME_ZONE_CHOICES,
        help_text="Dates and times are shown to you in this zone; colleagues see your local time.",
    )
    languages = forms.CharField(
        label="Languages you speak",
        max_length=200,
        required=False,
        help_text="Two-letter codes separated by commas, for example “en, de”.",
    )
    monthly_capacity = forms.IntegerField(
        label="Monthly capacity",
        min_value=0,
        max_value=40,
        help_text="How many peer-learning activities a month you can take on (0 to 40).",
    )
    bio = forms.CharField(
        label="About you",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you work on and what you are happy to help with.",
    )

    def __init__(self, *args: Any, person: Person, organisation_fields: bool, **kwargs: Any):
        kwargs.setdefault(
            "initial",
            {
                "full_name": person.full_name,
                "job_title": person.job_title,
                "team": person.team_id,
                "job_family": person.job_family_id,
                "level": person.level_id,
                "hire_date": person.hire_date,
                "location": person.location,
                "time_zone": person.time_zone,
                "languages": ", ".join(person.languages or []),
                "monthly_capacity": person.monthly_capacity,
                "bio": person.bio,
            },
        )
        super().__init__(*args, **kwargs)
        if not organisation_fields:
            for name in self.ORGANISATION_FIELDS:
                del self.fields[name]

    def clean_languages(self) -> list[str]:
        raw: str = self.cleaned_data["languages"]
        return [code for code in re.split(r"[,\s;]+", raw) if code]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class SkillAddForm(forms.Form):
    """Add a skill (or change one you already have) by name or alias."""

    skill = forms.CharField(
        label="Skill",
        max_length=100,
        help_text="A name, or another name for it such as “k8s”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "skill-options"}),
    )
    level = forms.TypedChoiceField(
        label="Your level",
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=SkillLevel.FOUNDATIONAL,
        help_text="From 0 (not started) to 4 (the expert).",
    )
    can_teach = forms.BooleanField(
        label="I can teach this",
        required=False,
        help_text="Learners will find you. Needs level 2 or more.",
    )
    wants_to_learn = forms.BooleanField(label="I want to learn this", required=False)
    confidence = forms.TypedChoiceField(
        label="Confidence",
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Using it at work today.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_skill(self) -> Skill:
        return _resolve_skill(self.cleaned_data["skill"])


class SkillEditForm(forms.Form):
    """One row of "my skills", edited in place; its inputs belong to the row's own <form>."""

    level = forms.TypedChoiceField(label="Level", choices=LEVEL_CHOICES, coerce=int)
    can_teach = forms.BooleanField(label="Can teach", required=False)
    wants_to_learn = forms.BooleanField(label="Wants to learn", required=False)
    confidence = forms.TypedChoiceField(
        label="Confidence",
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, form_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form_id = form_id
        for field in self.fields.values():
            field.widget.attrs["form"] = form_id


class GoalForm(forms.Form):
    title = forms.CharField(
        label="Goal",
        max_length=200,
        help_text="Something you want to get better at, for example “Run a design review”.",
    )
    skill = forms.CharField(
        label="Skill it builds",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "skill-options"}),
    )
    target_level = forms.TypedChoiceField(
        label="Target level",
        choices=TARGET_LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    target_date = forms.DateField(
        label="Target date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When you want to reach it.",
    )
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices, initial=GoalStatus.OPEN)

    def __init__(self, *args: Any, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_status:
            del self.fields["status"]

    def clean_skill(self) -> Skill | None:
        raw: str = self.cleaned_data["skill"]
        return _resolve_skill(raw) if raw.strip() else None


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices)
