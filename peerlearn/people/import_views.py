"""The organisation import page: programme admins check a CSV file, see every problem by line,
and import it once it is clean. Checking never writes; importing is all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.permissions import actor_for, can_manage_organisation, require
from peerlearn.people.forms_import import (
    IMPORT_KINDS,
    CheckedFile,
    ImportConfirmForm,
    ImportUploadForm,
)
from peerlearn.people.importing import (
    PEOPLE_COLUMNS,
    SKILL_COLUMNS,
    ImportResult,
    RowError,
    people_import_csv,
    skills_import_csv,
)

MAX_ERRORS_SHOWN = 1000


@dataclass(frozen=True)
class ImportKind:
    importer: Callable[..., ImportResult]
    columns: tuple[str, ...]
    noun: str


KINDS = {
    "people": ImportKind(people_import_csv, PEOPLE_COLUMNS, "people"),
    "skills": ImportKind(skills_import_csv, SKILL_COLUMNS, "skills"),
}

PEOPLE_COLUMN_HELP = [
    ("email", "Required. Identifies the person; importing again updates them."),
    ("full_name", "Required."),
    ("job_title", ""),
    ("job_family", "Created if new, e.g. Software Engineering."),
    ("level", "A level code or name, e.g. L3."),
    ("team", "A path from the top, e.g. Engineering/Data Platform; created if new."),
    ("manager_email", "Someone in the file or already in Peerlearn."),
    ("location", ""),
    ("time_zone", "e.g. Europe/Berlin; UTC when empty."),
    ("languages", "Language codes, e.g. en;de."),
    ("hire_date", "YYYY-MM-DD."),
    ("capacity", "Peer-learning activities a month, 0 to 40; 2 when empty."),
    ("skills", "Skill:level(0–4):teach:learn, separated by “;”, e.g. Python:4:teach; SQL:1:learn."),
    ("is_programme_admin", "true or false."),
    ("active", "false closes the login and revokes API tokens."),
]
SKILL_COLUMN_HELP = [
    ("name", "Required. Identifies the skill; importing again updates it."),
    ("parent", "The name of a broader skill, in the file or already in Peerlearn."),
    ("aliases", "Other names, separated by “;”, e.g. k8s;kube."),
    ("description", ""),
]


@login_required
def import_page(request: AuthenticatedRequest) -> HttpResponse:
    """Check a file (a dry run), then import the checked file; ?template=people downloads the
    sample file to start from."""
    require(can_manage_organisation(actor_for(request)))
    if "template" in request.GET:
        return template_download(request.GET["template"])
    if request.method == "POST" and "checked_file" in request.POST:
        return import_checked_file(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        checked = form.checked_file()
        result = KINDS[checked.kind].importer(content=checked.content, dry_run=True)
        if result.ok:
            return render_page(request, form=form, checked=checked, preview=result)
        return render_page(request, form=form, checked=checked, errors=result.errors)
    return render_page(request, form=form)


def import_checked_file(request: AuthenticatedRequest) -> HttpResponse:
    confirm = ImportConfirmForm(request.POST)
    if not confirm.is_valid():
        problem = " ".join(str(e) for e in confirm.errors.get("checked_file", [])) or (
            "Choose the file and check it again."
        )
        return render_page(request, form=ImportUploadForm(), problems=[(problem, "id_file")])
    checked: CheckedFile = confirm.cleaned_data["checked_file"]
    kind = KINDS[checked.kind]
    # Checked again on import: the organisation may have changed since the dry run.
    result = kind.importer(content=checked.content, dry_run=False)
    if not result.ok:
        return render_page(
            request,
            form=ImportUploadForm(initial={"kind": checked.kind}),
            checked=checked,
            errors=result.errors,
        )
    messages.success(
        request,
        f"Imported {checked.name}: {result.summary()}. {' '.join(result.notes)}".strip(),
    )
    return redirect("people:import")


def render_page(
    request: AuthenticatedRequest,
    *,
    form: ImportUploadForm,
    checked: CheckedFile | None = None,
    preview: ImportResult | None = None,
    errors: list[RowError] | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """`problems` are (message, id of the element to jump to) for the error summary."""
    problems = list(problems or [])
    row_errors = [error for error in errors or [] if error.line != 0]
    for error in errors or []:
        if error.line == 0 and form.is_bound:
            form.add_error("file", error.message)
        elif error.line == 0:
            problems.append((error.message, "id_file"))
    if row_errors and checked is not None:
        lines = len({error.line for error in row_errors})
        problems.append(
            (
                f"{checked.name} has {plural(len(row_errors), 'problem')} on "
                f"{plural(lines, 'line')}. Nothing was imported: correct the file and check "
                "it again.",
                "import-errors",
            )
        )
    if problems and form.errors:  # one error summary: the form's, with these added
        for message, _ in problems:
            form.add_error(None, message)
    kind = KINDS[checked.kind] if checked is not None else KINDS["people"]
    context = {
        "form": form,
        "kind_field": form["kind"],
        "checked": checked,
        "kind": kind,
        "preview": preview,
        "confirm": (
            ImportConfirmForm(initial={"checked_file": checked.sign()})
            if preview is not None and checked is not None
            else None
        ),
        "problems": problems,
        "row_errors": row_errors[:MAX_ERRORS_SHOWN],
        "hidden_error_count": max(0, len(row_errors) - MAX_ERRORS_SHOWN),
        "people_columns": PEOPLE_COLUMN_HELP,
        "skill_columns": SKILL_COLUMN_HELP,
        "kinds": IMPORT_KINDS,
    }
    return render(request, "people/import.html", context)


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def template_download(kind_name: str) -> HttpResponse:
    """The sample file from examples/, or just its header when Peerlearn runs from a package."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise Http404("No such template")
    try:
        content = (settings.BASE_DIR / "examples" / f"{kind_name}.csv").read_bytes()
    except OSError:
        content = (",".join(kind.columns) + "\r\n").encode()
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peerlearn-{kind_name}.csv"'
    return response
