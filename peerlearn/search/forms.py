"""The search box and its filters; every value lives in the URL so results can be shared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from peerlearn.knowledge.models import Space
from peerlearn.people.forms import ColleagueField
from peerlearn.people.models import Skill
from peerlearn.search.selectors import FRESHNESS, RESULT_TYPES


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False)
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Everything"), *RESULT_TYPES.items()]
    )
    space = forms.ModelChoiceField(
        label="Space", required=False, queryset=Space.objects.none(), empty_label="Any space"
    )
    skill = forms.ModelChoiceField(
        label="Skill",
        required=False,
        queryset=Skill.objects.order_by("name"),
        empty_label="Any skill",
    )
    owner = ColleagueField(
        label="Owner or asker",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Anyone: a name or e-mail"}),
    )
    freshness = forms.ChoiceField(
        label="Freshness", required=False, choices=[("", "Any"), *FRESHNESS.items()]
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]
