"""Forms of ask-a-peer; the services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from peerlearn.knowledge.models import Space
from peerlearn.people.forms import PersonChoiceField, active_people
from peerlearn.people.models import Skill
from peerlearn.qa.selectors import QUESTION_STATUS_FILTERS


class AskForm(forms.Form):
    title = forms.CharField(
        label="Your question",
        max_length=200,
        error_messages={"required": "Enter your question in one line."},
        help_text="One line, as you would ask a colleague: “How do I get access to staging?”",
    )
    body = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you tried and where you are stuck. Markdown works.",
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills",
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Tag the skills involved: they decide who is asked to answer.",
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        error_messages={"required": "Write your answer first."},
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown works: steps, `code`, links to hub pages.",
    )


class InviteForm(forms.Form):
    person = PersonChoiceField(label="Ask a colleague", queryset=active_people())


class ConvertForm(forms.Form):
    space = forms.ModelChoiceField(
        label="Hub space for the new page",
        queryset=Space.objects.none(),
        help_text="The page starts as a draft you can edit and send for review.",
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]


class QuestionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All questions"), *QUESTION_STATUS_FILTERS.items()],
    )
    skill = forms.ModelChoiceField(
        label="Skill",
        required=False,
        queryset=Skill.objects.order_by("name"),
        empty_label="Any skill",
    )
