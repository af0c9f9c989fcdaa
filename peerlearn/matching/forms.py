"""Forms of the matching pages: they check shapes and build the configuration document; the
services check the rules and answer with errors keyed by the document's field paths, which
`show_service_errors` puts back on the form's fields."""

from __future__ import annotations

from typing import Any

from django import forms

from peerlearn.matching.config import METHODS, WEIGHT_LABELS, WEIGHT_NAMES, RoundConfig
from peerlearn.matching.models import MatchingFormat, RuleKind
from peerlearn.matching.services import PairRef
from peerlearn.people.models import JobFamily, Level, Person, Team

RULE_CHOICES = [
    ("any", "Any"),
    ("same", "Always the same"),
    ("different", "Always different"),
]
SIDES = ("seekers", "providers")
SIDE_LABELS = {
    MatchingFormat.MENTORING: ("Who is looking for a mentor", "Who mentors"),
    MatchingFormat.BUDDY: ("Which new starters get a buddy", "Who can be a buddy"),
    MatchingFormat.SHADOWING: ("Who wants to shadow someone", "Who hosts"),
    MatchingFormat.COFFEE: ("Who takes part", ""),
}


def _side_fields(side: str) -> dict[str, forms.Field]:
    skill_hint = (
        "People who want to learn one of these (comma-separated names or aliases). "
        "Leave empty for anyone who wants to learn something."
        if side == "seekers"
        else "People who can teach one of these. Leave empty for anyone who teaches something."
    )
    return {
        f"{side}_teams": forms.MultipleChoiceField(
            label="Teams",
            required=False,
            help_text="Sub-teams are included. Select none for every team.",
            widget=forms.SelectMultiple(attrs={"size": 6}),
        ),
        f"{side}_job_families": forms.MultipleChoiceField(
            label="Job families",
            required=False,
            help_text="Select none for every job family.",
            widget=forms.SelectMultiple(attrs={"size": 5}),
        ),
        f"{side}_levels": forms.MultipleChoiceField(
            label="Levels",
            required=False,
            help_text="Tick none for every level.",
            widget=forms.CheckboxSelectMultiple,
        ),
        f"{side}_skills": forms.CharField(
            label="Skills", required=False, max_length=2000, help_text=skill_hint
        ),
        f"{side}_people": forms.CharField(
            label="Opt-in list",
            required=False,
            max_length=200_000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="E-mail addresses, one per line, of people who signed up. When you give "
            "a list, only these people take part (the filters above still apply).",
        ),
    }


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        max_length=120,
        help_text="People see it in their invitation, e.g. “Data mentoring, spring 2026”.",
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the round is for; shown to you and other programme admins.",
    )
    seekers_hired_within_days = forms.IntegerField(
        label="Hired within the last … days",
        required=False,
        help_text="New starters whose hire date is this recent (or in the future).",
    )
    seekers_without_buddy = forms.BooleanField(
        label="Only new starters who have no buddy yet", required=False
    )
    exclude_reporting_line = forms.BooleanField(
        label="Never pair someone with a person in their reporting line", required=False
    )
    exclude_previous_pairs = forms.BooleanField(
        label="Never repeat a pair that already happened", required=False
    )
    max_timezone_difference_hours = forms.FloatField(
        label="Largest time-zone difference, in hours",
        required=False,
        help_text="Leave empty for no limit.",
    )
    team_rule = forms.ChoiceField(
        label="Teams of the two people", choices=RULE_CHOICES, widget=forms.RadioSelect
    )
    job_family_rule = forms.ChoiceField(
        label="Job families of the two people", choices=RULE_CHOICES, widget=forms.RadioSelect
    )
    places_per_provider = forms.IntegerField(
        label="Places per provider",
        help_text="The most people one provider is matched with in this round.",
    )
    respect_personal_limits = forms.BooleanField(
        label="Also respect each provider's own limit and current load",
        required=False,
        help_text="Their capacity setting, minus the people they already mentor, welcome or host.",
    )
    level_gap_min = forms.IntegerField(
        label="Smallest level gap",
        help_text="“Different experience”: how many levels above the seeker a provider is, "
        "at least…",
    )
    level_gap_max = forms.IntegerField(label="Largest level gap", help_text="…and at most.")
    group_size = forms.TypedChoiceField(
        label="People per group",
        choices=[(2, "Pairs"), (3, "Groups of 3"), (4, "Groups of 4")],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    avoid_repeats = forms.BooleanField(
        label="Keep apart people who met in an earlier round", required=False
    )
    prefer_cross_team = forms.BooleanField(
        label="Prefer colleagues from other teams", required=False
    )
    method = forms.ChoiceField(
        label="How pairs are chosen",
        choices=list(METHODS.items()),
        widget=forms.RadioSelect,
    )
    must_pairs = forms.CharField(
        label="Pinned pairs (always made)",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One pair per line: the seeker's e-mail, a comma, the provider's e-mail.",
    )
    must_not_pairs = forms.CharField(
        label="Excluded pairs (never made)",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One pair per line: the seeker's e-mail, a comma, the provider's e-mail.",
    )

    def __init__(self, *args: Any, format: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format = format
        teams = [(t.slug, t.name) for t in Team.objects.order_by("name")]
        families = [(f.slug, f.name) for f in JobFamily.objects.order_by("name")]
        levels = [(lvl.code, str(lvl)) for lvl in Level.objects.order_by("rank")]
        for side in SIDES:
            for name, field in _side_fields(side).items():
                self.fields[name] = field
            self.fields[f"{side}_teams"].choices = teams  # type: ignore[attr-defined]
            self.fields[f"{side}_job_families"].choices = families  # type: ignore[attr-defined]
            self.fields[f"{side}_levels"].choices = levels  # type: ignore[attr-defined]
        for name in WEIGHT_NAMES:
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=WEIGHT_LABELS[name],
                help_text="0 ignores it; only the ratios between weights matter.",
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )
        if format == MatchingFormat.COFFEE:
            for name in (
                "must_pairs",
                "must_not_pairs",
                "places_per_provider",
                "level_gap_min",
                "level_gap_max",
                "method",
                "team_rule",
                "job_family_rule",
            ):
                self.fields[name].required = False
            for name in WEIGHT_NAMES:
                self.fields[f"weight_{name}"].required = False
        else:
            self.fields["group_size"].required = False

    # --- to and from the configuration document --------------------------------------------

    @staticmethod
    def initial_from(
        config: RoundConfig,
        *,
        pins: list[tuple[Person, Person]] = (),  # type: ignore[assignment]
        exclusions: list[tuple[Person, Person]] = (),  # type: ignore[assignment]
        skill_names: dict[str, str] | None = None,
        emails: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        skill_names = skill_names or {}
        emails = emails or {}
        initial: dict[str, Any] = {}
        for side in SIDES:
            eligibility = getattr(config, side)
            initial[f"{side}_teams"] = list(eligibility.teams)
            initial[f"{side}_job_families"] = list(eligibility.job_families)
            initial[f"{side}_levels"] = list(eligibility.levels)
            initial[f"{side}_skills"] = ", ".join(
                skill_names.get(slug, slug) for slug in eligibility.skills
            )
            initial[f"{side}_people"] = "\n".join(emails.get(i, i) for i in eligibility.people)
        initial["seekers_hired_within_days"] = config.seekers.hired_within_days
        initial["seekers_without_buddy"] = config.seekers.without_buddy
        constraints = config.constraints
        initial.update(
            exclude_reporting_line=constraints.exclude_reporting_line,
            exclude_previous_pairs=constraints.exclude_previous_pairs,
            max_timezone_difference_hours=constraints.max_timezone_difference_hours,
            team_rule=constraints.team_rule,
            job_family_rule=constraints.job_family_rule,
            places_per_provider=config.places_per_provider,
            respect_personal_limits=config.respect_personal_limits,
            level_gap_min=config.level_gap_min,
            level_gap_max=config.level_gap_max,
            group_size=config.group_size,
            avoid_repeats=config.avoid_repeats,
            prefer_cross_team=config.prefer_cross_team,
            method=config.method,
            must_pairs="\n".join(f"{s.user.email}, {p.user.email}" for s, p in pins),
            must_not_pairs="\n".join(f"{s.user.email}, {p.user.email}" for s, p in exclusions),
        )
        for name in WEIGHT_NAMES:
            initial[f"weight_{name}"] = config.weights.get(name, 0.0)
        return initial

    def document(self) -> dict[str, Any]:
        data = self.cleaned_data
        sides: dict[str, dict[str, Any]] = {}
        for side in SIDES:
            sides[side] = {
                "teams": data.get(f"{side}_teams") or [],
                "job_families": data.get(f"{side}_job_families") or [],
                "levels": data.get(f"{side}_levels") or [],
                "skills": [s for s in (data.get(f"{side}_skills") or "").split(",") if s.strip()],
                "people": (data.get(f"{side}_people") or "").replace(",", "\n").splitlines(),
            }
        sides["seekers"]["hired_within_days"] = data.get("seekers_hired_within_days")
        sides["seekers"]["without_buddy"] = bool(data.get("seekers_without_buddy"))
        document: dict[str, Any] = {
            **sides,
            "constraints": {
                "exclude_reporting_line": bool(data.get("exclude_reporting_line")),
                "exclude_previous_pairs": bool(data.get("exclude_previous_pairs")),
                "max_timezone_difference_hours": data.get("max_timezone_difference_hours"),
                "team_rule": data.get("team_rule") or "any",
                "job_family_rule": data.get("job_family_rule") or "any",
            },
            "respect_personal_limits": bool(data.get("respect_personal_limits")),
            "avoid_repeats": bool(data.get("avoid_repeats")),
            "prefer_cross_team": bool(data.get("prefer_cross_team")),
        }
        for name in ("places_per_provider", "level_gap_min", "level_gap_max", "group_size"):
            if data.get(name) not in (None, ""):
                document[name] = data[name]
        if data.get("method"):
            document["method"] = data["method"]
        weights = {
            name: data[f"weight_{name}"]
            for name in WEIGHT_NAMES
            if data.get(f"weight_{name}") is not None
        }
        if weights:
            document["weights"] = weights
        return document

    def pairs(self, name: str) -> list[PairRef]:
        """Lines of "seeker, provider"; a line that is not two addresses is a field error."""
        pairs: list[PairRef] = []
        for number, line in enumerate((self.cleaned_data.get(name) or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace(";", ",").split(",")]
            if len(parts) != 2 or not all(parts):
                self.add_error(
                    name,
                    f"Line {number}: write the seeker's e-mail, a comma, then the provider's.",
                )
                continue
            pairs.append(PairRef(seeker=parts[0], provider=parts[1]))
        return pairs


def field_for(path: str, form: forms.Form) -> str | None:
    """The form field showing a service error about a configuration path."""
    if path in ("__all__", "config"):
        return None
    candidates = [
        path,
        path.replace(".", "_"),
        path.removeprefix("constraints."),
        path.replace("weights.", "weight_"),
    ]
    if path in SIDES:
        candidates.append(f"{path}_teams")
    if path == "weights":
        candidates.append("weight_skills")
    return next((name for name in candidates if name in form.fields), None)


def show_service_errors(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the field it names (by config path), else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for path, messages in error.message_dict.items():
        target = field_for(path, form)
        for message in messages:
            form.add_error(target, message)


class RuleForm(forms.Form):
    """Pin or exclude one pair: from a row of the preview, or typed in."""

    kind = forms.ChoiceField(label="What to do", choices=RuleKind.choices, widget=forms.RadioSelect)
    seeker = forms.CharField(
        label="Seeker", max_length=254, help_text="E-mail address (or id) of the seeker."
    )
    provider = forms.CharField(
        label="Provider", max_length=254, help_text="E-mail address (or id) of the provider."
    )


class AnswerForm(forms.Form):
    message = forms.CharField(
        label="Message",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line for the others: when you could meet, or why not now.",
    )
    opt_out = forms.BooleanField(
        label="Do not match me with anyone else in this round",
        required=False,
        help_text="Only if you decline. Otherwise we look for someone else straight away.",
    )


class SuggestionsForm(forms.Form):
    format = forms.ChoiceField(
        label="Looking for",
        choices=[
            (MatchingFormat.MENTORING, "A mentor"),
            (MatchingFormat.SHADOWING, "Someone to shadow"),
        ],
        required=False,
    )
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)


class CheckForm(forms.Form):
    """“How would this colleague fit me?”"""

    colleague = forms.CharField(
        label="A colleague's e-mail address",
        max_length=254,
        help_text="See how the matching would score them for you, and any rule that rules "
        "them out.",
    )
