"""Bad input gives clear errors on the right field (forms) or 4xx problem bodies (API)."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import Org
from peerlearn.knowledge.models import Attachment
from peerlearn.knowledge.tests.factories import make_page, make_space

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def _new_page_data(space_id: object, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "space": space_id,
        "title": "A title",
        "kind": "guide",
        "body": "",
        "review_interval_days": 90,
        "steps-TOTAL_FORMS": 0,
        "steps-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_an_empty_title_is_a_field_error(as_owner: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")

    response = as_owner.post("/hub/pages/new/", _new_page_data(space.id, title="   "))

    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_title">Title: Enter a title.</a>' in html


@pytest.mark.parametrize("days", [0, -5, 731])
def test_a_review_interval_out_of_range_is_a_field_error(
    as_owner: Client, org: Org, days: int
) -> None:
    space = make_space(org.owner, "Engineering")

    response = as_owner.post("/hub/pages/new/", _new_page_data(space.id, review_interval_days=days))

    assert response.status_code == 422
    assert "review interval is a number of days from 1 to 730" in response.content.decode()


def test_a_walkthrough_step_without_a_title_is_explained(as_owner: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")
    data = _new_page_data(space.id, **{"steps-TOTAL_FORMS": 1, "steps-0-body": "Do it"})

    response = as_owner.post("/hub/pages/new/", data)

    assert response.status_code == 422
    assert "Step 1 needs a title." in response.content.decode()


def test_the_api_answers_bad_pages_with_problem_details(as_owner: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")

    empty = as_owner.post(
        "/api/v1/hub/pages",
        {"space_id": str(space.id), "title": "", "review_interval_days": 0},
        content_type="application/json",
    )
    bad_json = as_owner.post("/api/v1/hub/pages", "{not json", content_type="application/json")

    assert empty.status_code == 422
    assert empty["Content-Type"] == "application/problem+json"
    fields = {e["field"]: e["message"] for e in empty.json()["errors"]}
    assert fields["title"] == "Enter a title."
    assert "review_interval_days" in fields
    assert 400 <= bad_json.status_code < 500


def test_restoring_a_version_of_another_page_is_refused(as_owner: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")
    mine = make_page(space, org.owner, "Mine", body="mine")
    other = make_page(space, org.owner, "Other", body="other")
    foreign = other.versions.get()

    html = as_owner.post(f"/hub/pages/{mine.id}/versions/{foreign.id}/restore/")
    api = as_owner.post(
        f"/api/v1/hub/pages/{mine.id}/restore",
        {"version_id": str(foreign.id)},
        content_type="application/json",
    )

    assert html.status_code == 404  # not a version of this page: not found here
    assert api.status_code == 422
    assert api.json()["errors"] == [
        {
            "field": "version_id",
            "message": "That is not a version of this page; choose one from its history.",
        }
    ]
    mine.refresh_from_db()
    assert mine.body == "mine"


@pytest.fixture
def draft(org: Org) -> object:
    return make_page(make_space(org.owner, "Engineering"), org.owner, "Guide")


def _upload(client: Client, page: object, name: str, content: bytes, mime: str) -> object:
    return client.post(
        f"/hub/pages/{page.id}/attachments/",  # type: ignore[attr-defined]
        {"file": SimpleUploadedFile(name, content, content_type=mime)},
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("screenshot.png", WINDOWS_EXE, "is not a real .png file (its content is "),
        ("diagram.png", ELF, "is not a real .png file"),
        ("photo.jpg", PNG, "is not a real .jpg file (its content is image/png)"),
        ("notes.txt", WINDOWS_EXE, "is not a text file"),
        ("tool.exe", WINDOWS_EXE, "is not a file type the hub accepts"),
        ("drawing.svg", b"<svg onload=alert(1)></svg>", "is not a file type the hub accepts"),
    ],
)
def test_disguised_or_unsupported_files_are_refused(
    as_owner: Client, draft: object, name: str, content: bytes, reason: str
) -> None:
    response = _upload(as_owner, draft, name, content, "image/png")

    assert response.status_code == 422  # type: ignore[attr-defined]
    assert reason in response.content.decode()  # type: ignore[attr-defined]
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_its_size(
    as_owner: Client, draft: object, settings: object
) -> None:
    settings.PEERLEARN_HUB_MAX_ATTACHMENT_BYTES = 1024  # type: ignore[attr-defined]

    response = _upload(as_owner, draft, "big.png", PNG + b"\x00" * 2048, "image/png")

    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "files can be at most" in response.content.decode()  # type: ignore[attr-defined]


def test_a_real_image_is_served_inline_safely_and_other_files_as_downloads(
    as_owner: Client, draft: object
) -> None:
    _upload(as_owner, draft, "shot.png", PNG, "application/octet-stream")
    _upload(as_owner, draft, "notes.md", "# Notes – ünïcode".encode(), "text/markdown")
    image = Attachment.objects.get(original_name="shot.png")
    notes = Attachment.objects.get(original_name="notes.md")

    shown = as_owner.get(f"/hub/attachments/{image.id}/")
    downloaded = as_owner.get(f"/hub/attachments/{notes.id}/")

    assert image.content_type == "image/png"
    assert image.is_image
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Content-Disposition"].startswith("inline")
    assert "sandbox" in shown["Content-Security-Policy"]
    assert b"".join(shown.streaming_content) == PNG  # type: ignore[attr-defined]
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded["X-Content-Type-Options"] == "nosniff"
