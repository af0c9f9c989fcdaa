"""The import page at /organisation/import/: programme admins check, then import; nobody else."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.people import forms_import
from peerlearn.people.models import Person, Skill

pytestmark = pytest.mark.django_db

URL = reverse("people:import")
GOOD_FILE = b"email,full_name,manager_email\nann@example.com,Ann,outsider@example.com\n"


def upload(content: bytes, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def check(client: Client, content: bytes, kind: str = "people", name: str = "people.csv") -> str:
    """Upload a file for checking; return the signed checked file the preview offers."""
    response = client.post(URL, {"kind": kind, "file": upload(content, name)})
    assert response.status_code == 200
    assert response.context["confirm"] is not None, response.context["problems"]
    return str(response.context["confirm"].initial["checked_file"])


@pytest.mark.parametrize("role", ["as_owner", "as_peer", "as_manager", "as_outsider"])
def test_only_programme_admins_find_the_page(request: pytest.FixtureRequest, role: str) -> None:
    # given a signed-in colleague who is not a programme admin
    client: Client = request.getfixturevalue(role)
    # when they open, download from or post to the import page
    # then it answers as if it did not exist, and nothing is imported
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"template": "people"}).status_code == 404
    assert client.post(URL, {"kind": "people", "file": upload(GOOD_FILE)}).status_code == 404
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_a_checked_file_cannot_be_imported_by_someone_else(as_admin: Client, org: Org) -> None:
    # given a file an admin checked
    checked_file = check(as_admin, GOOD_FILE)
    # when a peer posts it
    other = Client()
    other.force_login(org.peer.user)
    # then it is refused as if the page did not exist
    assert other.post(URL, {"checked_file": checked_file}).status_code == 404
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, org: Org) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_admin_sees_the_form_and_how_to_start(as_admin: Client) -> None:
    response = as_admin.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="file" name="file"' in html
    assert 'accept=".csv,text/csv"' in html
    assert "Check file" in html
    assert "?template=people" in html
    assert "There is a problem" not in html


def test_admin_downloads_the_sample_file_as_a_template(as_admin: Client) -> None:
    response = as_admin.get(URL, {"template": "people"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="peerlearn-people.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"email,full_name,")
    assert as_admin.get(URL, {"template": "nonsense"}).status_code == 404


def test_checking_a_good_file_previews_and_writes_nothing(as_admin: Client, org: Org) -> None:
    # when an admin checks a file with one new person
    response = as_admin.post(URL, {"kind": "people", "file": upload(GOOD_FILE)})
    # then the page says what would happen, offers the import, and nothing is written yet
    assert response.status_code == 200
    html = response.content.decode()
    assert "people.csv is ready to import" in html
    preview = response.context["preview"]
    assert (preview.created, preview.updated, preview.unchanged) == (1, 0, 0)
    assert 'name="checked_file"' in html
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_importing_the_checked_file_writes_it(as_admin: Client, org: Org) -> None:
    # given a checked file
    checked_file = check(as_admin, GOOD_FILE)
    # when the admin imports it
    response = as_admin.post(URL, {"checked_file": checked_file}, follow=True)
    # then the person exists and the page confirms with the counts
    assert response.redirect_chain == [(URL, 302)]
    assert "Imported people.csv: created 1, updated 0, unchanged 0." in response.content.decode()
    ann = Person.objects.get(user__email="ann@example.com")
    assert ann.manager == org.outsider


def test_bad_file_shows_every_bad_line_and_imports_nothing(as_admin: Client, org: Org) -> None:
    # given a file with problems on lines 3 and 4
    content = (
        b"email,full_name,manager_email,level\n"
        b"ann@example.com,Ann,,L2\n"
        b"bob@example.com,Bob,ghost@example.com,L2\n"
        b"cat@example.com,Cat,,L99\n"
    )
    # when the admin checks it
    response = as_admin.post(URL, {"kind": "people", "file": upload(content)})
    # then the error summary links to a table of every problem by line, and nothing is written
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "people.csv has 2 problems on 2 lines. Nothing was imported" in html
    assert 'href="#import-errors"' in html
    assert [(e.line, e.column) for e in response.context["row_errors"]] == [
        (3, "manager_email"),
        (4, "level"),
    ]
    assert "ghost@example.com" in html
    assert response.context["confirm"] is None
    assert Person.objects.count() == 5


def test_binary_upload_is_a_clear_error_on_the_file_field(as_admin: Client, org: Org) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    response = as_admin.post(URL, {"kind": "people", "file": upload(png, "photo.png")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "not a text file" in response.context["form"].errors["file"][0]
    assert 'href="#id_file"' in html
    assert Person.objects.count() == 5


def test_latin1_upload_explains_how_to_save_as_utf8(as_admin: Client, org: Org) -> None:
    content = "email,full_name\nzoe@example.com,Zoë\n".encode("latin-1")
    response = as_admin.post(URL, {"kind": "people", "file": upload(content)})
    assert "CSV UTF-8" in response.context["form"].errors["file"][0]
    assert Person.objects.count() == 5


def test_missing_or_empty_file_asks_for_one(as_admin: Client) -> None:
    missing = as_admin.post(URL, {"kind": "people"})
    assert missing.context["form"].errors["file"] == ["Select a CSV file."]
    empty = as_admin.post(URL, {"kind": "people", "file": upload(b"")})
    assert empty.context["form"].errors["file"] == ["The selected file is empty."]


def test_oversized_upload_is_refused(as_admin: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms_import, "MAX_UPLOAD_BYTES", 50)
    response = as_admin.post(URL, {"kind": "people", "file": upload(GOOD_FILE)})
    assert "it must be smaller than 50" in response.context["form"].errors["file"][0]
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_tampered_checked_file_is_refused_without_a_500(as_admin: Client, org: Org) -> None:
    checked_file = check(as_admin, GOOD_FILE)
    response = as_admin.post(URL, {"checked_file": checked_file[:-3] + "abc"})
    assert response.status_code == 200
    assert "could not be read back" in response.content.decode()
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_expired_check_asks_for_the_file_again(
    as_admin: Client, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_file = check(as_admin, GOOD_FILE)
    monkeypatch.setattr(forms_import, "CHECKED_FILE_MAX_AGE_SECONDS", -1)
    response = as_admin.post(URL, {"checked_file": checked_file})
    assert "more than an hour old" in response.content.decode()
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_import_checks_again_if_the_organisation_changed(as_admin: Client, org: Org) -> None:
    # given a file checked while its manager still existed
    checked_file = check(as_admin, GOOD_FILE)
    org.outsider.user.delete()
    # when the admin imports it
    response = as_admin.post(URL, {"checked_file": checked_file})
    # then the new problem is shown by line and nothing is imported
    assert response.status_code == 200
    assert [e.line for e in response.context["row_errors"]] == [2]
    assert not Person.objects.filter(user__email="ann@example.com").exists()


def test_admin_imports_the_skill_taxonomy(as_admin: Client, org: Org) -> None:
    content = b"name,parent,aliases\nMachine learning,Data,ML\n"
    checked_file = check(as_admin, content, kind="skills", name="skills.csv")
    response = as_admin.post(URL, {"checked_file": checked_file}, follow=True)
    assert "Imported skills.csv: created 1" in response.content.decode()
    assert Skill.objects.get(name="Machine learning").parent == Skill.objects.get(name="Data")
