"""Forms of the import page: choose and check a file, then confirm the checked file."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

IMPORT_KINDS = [
    ("people", "People, with their teams, managers and skills"),
    ("skills", "The skill taxonomy (skills, their parents and aliases)"),
]
# The checked file travels back in the confirm form, signed and compressed, so the import step
# needs no server-side storage and any app server can take it. It must fit in a form post.
MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2
CHECKED_FILE_SALT = "peerlearn.people.import.checked-file"
CHECKED_FILE_MAX_AGE_SECONDS = 60 * 60


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str
    content: bytes

    def sign(self) -> str:
        return signing.dumps(
            {
                "kind": self.kind,
                "name": self.name,
                "content": base64.b64encode(self.content).decode("ascii"),
            },
            salt=CHECKED_FILE_SALT,
            compress=True,
        )


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file contain?",
        choices=IMPORT_KINDS,
        initial="people",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file contains."},
    )
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"A .csv file saved as “CSV UTF-8”, up to {filesizeformat(MAX_UPLOAD_BYTES)}. "
            "The first line names the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select a CSV file.",
            "empty": "The selected file is empty.",
            "invalid": "Select a CSV file.",
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file is {filesizeformat(upload.size)}; it must be smaller than "
                f"{filesizeformat(MAX_UPLOAD_BYTES)}. Split it into smaller files."
            )
        return upload

    def checked_file(self) -> CheckedFile:
        """The upload to check; call after is_valid()."""
        upload: UploadedFile = self.cleaned_data["file"]
        return CheckedFile(
            kind=self.cleaned_data["kind"],
            name=upload.name or "file.csv",
            content=b"".join(upload.chunks()),
        )


class ImportConfirmForm(forms.Form):
    checked_file = forms.CharField(widget=forms.HiddenInput)

    def clean_checked_file(self) -> CheckedFile:
        try:
            data = signing.loads(
                self.cleaned_data["checked_file"],
                salt=CHECKED_FILE_SALT,
                max_age=CHECKED_FILE_MAX_AGE_SECONDS,
            )
            checked = CheckedFile(
                kind=str(data["kind"]),
                name=str(data["name"]),
                content=base64.b64decode(data["content"]),
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "The check of this file is more than an hour old; choose the file and check "
                "it again."
            ) from None
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                "The checked file could not be read back; choose the file and check it again."
            ) from None
        if checked.kind not in dict(IMPORT_KINDS):
            raise forms.ValidationError("Choose the file and check it again.")
        return checked
