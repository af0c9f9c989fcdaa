"""Forms of the knowledge hub. They only shape input; the services decide what is valid and
their ValidationErrors are shown on the fields they name (`core.forms.show_service_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from peerlearn.knowledge.models import (
    DEFAULT_REVIEW_INTERVAL_DAYS,
    Attachment,
    Page,
    PageKind,
    Space,
    SpaceRole,
)
from peerlearn.knowledge.selectors import HEALTH_VIEWS
from peerlearn.people.forms import PersonChoiceField, active_people
from peerlearn.people.models import Person, Skill


class SpaceForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="What belongs here",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences so people know where to put and find pages.",
    )
    is_private = forms.BooleanField(
        label="Private: only members can see this space and its pages", required=False
    )


class SpaceMemberForm(forms.Form):
    person = PersonChoiceField(label="Person", queryset=Person.objects.none())
    role = forms.ChoiceField(label="Role", choices=SpaceRole.choices, initial=SpaceRole.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people()  # type: ignore[attr-defined]


class PageForm(forms.Form):
    space = forms.ModelChoiceField(label="Space", queryset=Space.objects.none())
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title."},
        help_text="Say what the reader will be able to do, e.g. “Deploy a service to staging”.",
    )
    kind = forms.ChoiceField(label="Type of page", choices=PageKind.choices)
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=300,
        help_text="One sentence shown in lists and search results.",
    )
    body = forms.CharField(
        label="Content",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Markdown: # headings, **bold**, - lists, [links](https://…), ```code```. "
        "Link another hub page by pasting its address.",
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills",
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="So people who need these skills find the page, and its experts are known.",
    )
    review_interval_days = forms.IntegerField(
        label="Review every (days)",
        initial=DEFAULT_REVIEW_INTERVAL_DAYS,
        help_text="An owner confirms the page is still right this often. 90 days suits most.",
    )
    note = forms.CharField(
        label="What changed",
        required=False,
        max_length=200,
        help_text="A few words for the history, e.g. “Updated for the new CI”.",
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]
        if editing:
            del self.fields["space"]
        else:
            del self.fields["note"]


class StepForm(forms.Form):
    title = forms.CharField(label="Step title", max_length=200, required=False)
    body = forms.CharField(
        label="What to do", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    image = forms.ModelChoiceField(
        label="Image",
        queryset=Attachment.objects.none(),
        required=False,
        help_text="Attach images to the page first, then choose one here.",
    )

    def __init__(self, *args: Any, images: QuerySet[Attachment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].queryset = images  # type: ignore[attr-defined]
        # Labels name the step, so each field is unambiguous to screen readers (and tests).
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else ""
        self.fields["title"].label = f"Step {number}: title"
        self.fields["body"].label = f"Step {number}: what to do"
        self.fields["image"].label = f"Step {number}: image"


class BaseStepFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            number = "" if index is None else index + 1
            form.fields["ORDER"].label = f"Step {number}: position"
            form.fields["ORDER"].help_text = "Change the numbers to reorder the steps."


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=3, can_order=True, max_num=50
)


class SubmitForReviewForm(forms.Form):
    reviewer = PersonChoiceField(
        label="Reviewer",
        queryset=Person.objects.none(),
        help_text="Someone who knows the subject; they check it and publish it.",
    )

    def __init__(self, *args: Any, exclude: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = active_people()
        if exclude is not None:
            people = people.exclude(pk=exclude.pk)
        self.fields["reviewer"].queryset = people  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Publish it"), ("changes", "Send it back with changes to make")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to the authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you send it back.",
    )


class OwnerForm(forms.Form):
    person = PersonChoiceField(label="Colleague", queryset=Person.objects.none())
    action = forms.ChoiceField(
        label="What to do",
        choices=[
            ("add", "Add them as an owner"),
            ("hand_over", "Hand the page over to them (you stop being an owner)"),
        ],
        widget=forms.RadioSelect,
        initial="add",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people()  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="Images (PNG, JPEG, GIF, WebP), PDF, Word, Excel, PowerPoint or text; "
        "up to 10 MB.",
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="What was missing or wrong?", required=False, max_length=500)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown works here too.",
        error_messages={"required": "Write a comment first."},
    )


class PageFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *PageKind.choices]
    )
    skill = forms.ModelChoiceField(
        label="Skill",
        required=False,
        queryset=Skill.objects.order_by("name"),
        empty_label="Any skill",
    )
    freshness = forms.ChoiceField(
        label="Freshness",
        required=False,
        choices=[("", "Any"), ("fresh", "Up to date"), ("needs_review", "Needs review")],
    )


class HealthFilterForm(forms.Form):
    view = forms.ChoiceField(label="Show", choices=list(HEALTH_VIEWS.items()), required=False)
    space = forms.ModelChoiceField(
        label="Space", required=False, queryset=Space.objects.none(), empty_label="All my spaces"
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]


def step_initial(page: Page) -> list[dict[str, Any]]:
    return [
        {"title": step.title, "body": step.body, "image": step.image_id, "ORDER": step.position}
        for step in page.steps.order_by("position")
    ]
