"""CSV imports of people (with teams, reporting lines and skills) and of the skill taxonomy.

Both imports are all or nothing: the whole file is read and checked against itself and the
database first, every problem is collected with its physical line number, and only a file
without problems is written, in one transaction. Re-importing a file changes nothing.

The work is done in a handful of queries whatever the file size (lookups are loaded in bulk
and writes use bulk_create/bulk_update), so 10,000 people import in seconds. The bulk writes
keep the rules of the per-object services in services.py: normalised e-mail addresses, unique
slugs, a login without a usable password for new people (they set one through the password
reset link), and deactivation that also closes the login and revokes API tokens.

The column reference for both files is docs/importing.md.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import secrets
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from peerlearn.accounts.models import User, normalise_email
from peerlearn.accounts.services import users_deactivate, users_reactivate
from peerlearn.people.models import (
    AVAILABLE_TIME_ZONES,
    JobFamily,
    Level,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
    SkillLevel,
    Team,
)
from peerlearn.people.selectors import skill_lookup_table
from peerlearn.people.services import normalise_languages, people_refresh_search_text

MAX_ROWS = 50_000
"""More rows than this is almost certainly the wrong file; larger organisations split it."""

MAX_TEAM_DEPTH = 10
LOOKUP_CHUNK = 900  # keeps IN (...) lists under every database's parameter limit
WRITE_BATCH = 500
SKILL_LEVELS = frozenset(SkillLevel.values)
SHOWN_LINES = 10

Progress = Callable[[int, int], None]
"""Called as (rows checked so far, rows in the file) while a large file is being checked."""


@dataclass(frozen=True)
class RowError:
    """One problem; `line` is the physical line in the file (the header is line 1), 0 for the
    file as a whole (empty, not UTF-8, required columns missing)."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


CHANGED_WHILE_IMPORTING = RowError(
    0,
    "Someone changed the same people, teams or skills while this file was being imported, "
    "so nothing was imported. Import the file again.",
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What else the import creates besides the rows themselves (new teams, job families)."""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def error_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why and how to fix it."""


class UnknownSkill(CellError):
    """A skill name the taxonomy does not know; collected so a row reports them together."""


class FileRejected(Exception):
    """The file cannot be read as a table at all; nothing row by row is worth reporting."""

    def __init__(self, *errors: RowError) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


# --- reading the file -----------------------------------------------------------------------

SAVE_AS_UTF8 = (
    "Save it as “CSV UTF-8” (Excel: File › Save a copy › CSV UTF-8 (comma delimited); "
    "LibreOffice: Save as › Text CSV with character set Unicode (UTF-8)) and upload it again."
)


def decode_csv_bytes(content: bytes) -> str:
    """The file as text. Only UTF-8 is accepted (with or without the BOM Excel writes), since
    guessing an encoding silently corrupts names; anything else is refused with a way out."""
    if not content.strip():
        raise FileRejected(RowError(0, "The file is empty."))
    if content.startswith(b"PK\x03\x04"):
        raise FileRejected(
            RowError(0, f"This is an Excel workbook or another zip file, not CSV. {SAVE_AS_UTF8}")
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            RowError(0, f"The file is saved as UTF-16 (“Unicode text”), not UTF-8. {SAVE_AS_UTF8}")
        )
    if looks_binary(content):
        raise FileRejected(
            RowError(
                0,
                "This is not a text file (it contains binary data). Upload a .csv file: "
                "plain text with one row per line and the column names on the first line.",
            )
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(RowError(0, encoding_problem(content, exc))) from None
    if not text.strip():
        raise FileRejected(RowError(0, "The file is empty."))
    return text


def looks_binary(content: bytes) -> bool:
    sample = content[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\f\v")
    return control > len(sample) // 100


def encoding_problem(content: bytes, exc: UnicodeDecodeError) -> str:
    first_line = content.count(b"\n", 0, exc.start) + 1
    line_start = content.rfind(b"\n", 0, exc.start) + 1
    bad_lines = []
    for number, raw in enumerate(content.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(number)
    others = ""
    if len(bad_lines) > 1:
        others = f" Lines {describe_lines(bad_lines)} all have such characters."
    return (
        f"The file is not UTF-8 text: line {first_line} has a byte (0x{content[exc.start]:02X}, "
        f"character {exc.start - line_start + 1} of the line) that UTF-8 does not allow; "
        f"it was probably saved as Windows-1252 or Latin-1.{others} {SAVE_AS_UTF8}"
    )


def describe_lines(lines: Sequence[int]) -> str:
    return describe_some([str(n) for n in lines])


def describe_some(items: Sequence[str]) -> str:
    """The first few of a long list, and how many more there are."""
    shown = ", ".join(items[:SHOWN_LINES])
    more = len(items) - SHOWN_LINES
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: dict[str, str]
    complete: bool = True
    """False when the row had the wrong number of values; its cells are then a best guess,
    used only to avoid follow-on errors (a broken row's e-mail is still "in the file")."""


@dataclass(frozen=True)
class CsvTable:
    columns: frozenset[str]
    rows: list[CsvRow]
    errors: list[RowError]


def column_key(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def read_csv_table(
    content: bytes,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    synonyms: Mapping[str, str],
    row_noun: str,
) -> CsvTable:
    """Parse the file into rows keyed by canonical column name, with structural errors."""
    text = decode_csv_bytes(content)
    delimiter = detect_delimiter(text, columns=columns, synonyms=synonyms)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    errors: list[RowError] = []
    try:
        header: list[str] = []
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise FileRejected(RowError(0, "The file is empty.")) from None
    except csv.Error as exc:
        raise FileRejected(RowError(0, f"The first line cannot be read as CSV ({exc}).")) from None
    header_line = reader.line_num
    keys = [synonyms.get(column_key(h), column_key(h)) for h in header]
    header_errors = check_header(keys, header, columns=columns, required=required, line=header_line)
    if header_errors:
        raise FileRejected(*header_errors)

    rows: list[CsvRow] = []
    width = len(keys)
    next_start = reader.line_num + 1
    try:
        for cells in reader:
            line, next_start = next_start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileRejected(
                    RowError(
                        0,
                        f"The file has more than {MAX_ROWS:,} {row_noun}; "
                        "split it into smaller files and import them one after another.",
                    )
                )
            values = {key: cell.strip() for key, cell in zip(keys, cells, strict=False) if key}
            if len(cells) != width:
                errors.append(
                    RowError(
                        line,
                        f"has {len(cells)} values but the first line names {width} columns "
                        f"(a value that contains a {SEPARATOR_NAMES[delimiter]} must be in "
                        "double quotes).",
                    )
                )
                rows.append(CsvRow(line, values, complete=False))
                continue
            unnamed = [
                n
                for n, (k, c) in enumerate(zip(keys, cells, strict=True), 1)
                if not k and c.strip()
            ]
            if unnamed:
                errors.append(
                    RowError(
                        line,
                        f"has a value in column {unnamed[0]}, which has no name on the first line.",
                    )
                )
            rows.append(CsvRow(line, values))
    except csv.Error as exc:
        errors.append(RowError(next_start, f"cannot be read as CSV ({exc})."))
    if not rows and not errors:
        raise FileRejected(
            RowError(0, f"The file has only the line of column names and no {row_noun}.")
        )
    return CsvTable(columns=frozenset(k for k in keys if k), rows=rows, errors=errors)


SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def detect_delimiter(text: str, *, columns: Sequence[str], synonyms: Mapping[str, str]) -> str:
    """Comma, or the semicolon or tab some spreadsheet locales write, judged by the header."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    known = set(columns)

    def recognised(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(1 for c in cells if synonyms.get(column_key(c), column_key(c)) in known)

    return max(SEPARATOR_NAMES, key=recognised)  # max keeps the first (comma) on ties


def check_header(
    keys: Sequence[str],
    header: Sequence[str],
    *,
    columns: Sequence[str],
    required: Sequence[str],
    line: int,
) -> list[RowError]:
    errors: list[RowError] = []
    present = [k for k in keys if k]
    missing = [c for c in required if c not in present]
    if missing:
        errors.append(
            RowError(
                0,
                f"The first line must name the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; it names {', '.join(present) or 'no columns'}.",
            )
        )
    seen: set[str] = set()
    for key, heading in zip(keys, header, strict=True):
        if not key:
            continue
        if key in seen:
            errors.append(RowError(line, "this column appears twice.", column=heading.strip()))
        seen.add(key)
        if key not in columns:
            hint = suggestion(key, columns)
            errors.append(
                RowError(
                    line,
                    f"unknown column.{hint} The columns are: {', '.join(columns)}.",
                    column=heading.strip(),
                )
            )
    return errors


def suggestion(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f" Did you mean “{close[0]}”?" if close else ""


# --- cell parsers shared by both files ------------------------------------------------------

TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME_ZONES_BY_LOWER = {name.lower(): name for name in AVAILABLE_TIME_ZONES}


def parse_text(value: str, *, max_length: int, required: str = "") -> str:
    if required and not value:
        raise CellError(required)
    if len(value) > max_length:
        raise CellError(f"is {len(value)} characters long; at most {max_length} fit.")
    return value


def parse_bool(value: str, *, default: bool) -> bool:
    lowered = value.lower()
    if not lowered:
        return default
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise CellError(f"“{value}” is not true or false (write true, false, yes or no).")


def parse_email(value: str) -> str:
    email = normalise_email(value)
    try:
        validate_email(email)
    except ValidationError:
        raise CellError(f"“{value}” is not an e-mail address.") from None
    return email


def parse_date(value: str) -> date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise CellError(
            f"“{value}” is not a date in the form YYYY-MM-DD (like 2024-03-31). A spreadsheet "
            "may have reformatted it; format the column as text and type the dates again."
        ) from None
    if not 1900 <= parsed.year <= 2100:
        raise CellError(f"“{value}” is not a plausible date.")
    return parsed


def parse_time_zone(value: str) -> str:
    if not value:
        return "UTC"
    name = TIME_ZONES_BY_LOWER.get(value.lower())
    if name is None:
        raise CellError(f"“{value}” is not a known time zone (use a name like Europe/Berlin).")
    return name


def parse_capacity(value: str) -> int:
    if not value:
        return 2
    if not value.isdigit() or not 0 <= int(value) <= 40:
        raise CellError(f"“{value}” is not a whole number from 0 to 40.")
    return int(value)


def parse_languages(value: str) -> list[str]:
    try:
        return normalise_languages(re.split(r"[;,\s]+", value))
    except ValidationError as exc:
        raise CellError(" ".join(exc.message_dict.get("languages", exc.messages))) from None


def parse_team_path(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    parts = tuple(part.strip() for part in value.split("/"))
    if any(not part for part in parts):
        raise CellError(
            f"“{value}” has an empty part; write a path like Engineering/Data Platform."
        )
    if len(parts) > MAX_TEAM_DEPTH:
        raise CellError(f"“{value}” is nested more than {MAX_TEAM_DEPTH} teams deep.")
    for part in parts:
        if len(part) > 120:
            raise CellError(f"the team name “{part[:40]}…” is longer than 120 characters.")
    return parts


def unique_slug(text: str, taken: set[str]) -> str:
    """The same slugs services.unique_slug gives, decided in memory for many objects at once."""
    base = slugify(text)[:90] or "item"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


T = TypeVar("T")


def chunked(items: Sequence[T], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def find_loops(edges: Mapping[str, str | None], starts: Iterable[str]) -> list[list[str]]:
    """Every loop reachable from `starts` in a graph where each node has at most one parent."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    loops: list[list[str]] = []
    for start in starts:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = edges.get(node)
        if node is not None and state[node] == 1:
            loops.append(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = 2
    return loops


# --- people ---------------------------------------------------------------------------------

PEOPLE_COLUMNS = (
    "email",
    "full_name",
    "job_title",
    "job_family",
    "level",
    "team",
    "manager_email",
    "location",
    "time_zone",
    "languages",
    "hire_date",
    "capacity",
    "skills",
    "is_programme_admin",
    "active",
)
PEOPLE_REQUIRED = ("email", "full_name")
PEOPLE_SYNONYMS = {
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "name": "full_name",
    "manager": "manager_email",
    "manager_e_mail": "manager_email",
    "monthly_capacity": "capacity",
    "timezone": "time_zone",
    "is_active": "active",
    "programme_admin": "is_programme_admin",
}
SKILL_FLAGS = frozenset({"teach", "learn"})


@dataclass(frozen=True)
class SkillClaim:
    skill_id: uuid.UUID
    name: str
    level: int
    can_teach: bool
    wants_to_learn: bool


@dataclass
class PersonRow:
    """One valid-so-far row. `None` means the column is absent: the field is left as it is."""

    line: int
    email: str
    values: dict[str, Any] = field(default_factory=dict)  # Person attname -> value
    job_family: str | None = None
    team: tuple[str, ...] | None = None
    manager_email: str | None = None
    skills: list[SkillClaim] | None = None


class PeopleImport:
    """Checks a people file against itself and the database, then writes it in bulk."""

    def __init__(self, table: CsvTable, progress: Progress | None = None) -> None:
        self.table = table
        self.progress = progress
        self.errors: list[RowError] = list(table.errors)
        self.levels = self.load_levels()
        self.skills = skill_lookup_table() if "skills" in table.columns else {}
        self.skill_names = sorted({s.name for s in self.skills.values()})
        self.unknown_skill_messages: dict[str, str] = {}
        self.emails_in_file: dict[str, int] = {}  # e-mail -> the line it first appears on

    def fail(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, message, column))

    @staticmethod
    def load_levels() -> dict[str, Level]:
        levels: dict[str, Level] = {}
        for level in Level.objects.all():
            levels[level.code.lower()] = level
            levels.setdefault(level.name.lower(), level)
        return levels

    # -- one row at a time

    def parse_rows(self) -> list[PersonRow]:
        parsed: list[PersonRow] = []
        total = len(self.table.rows)
        for n, row in enumerate(self.table.rows, start=1):
            person = self.parse_row(row)
            if person is not None:
                first = self.emails_in_file.get(person.email)
                if first is not None:
                    self.fail(
                        row.line,
                        "email",
                        f"{person.email} already appears on line {first}; "
                        "each person may appear only once.",
                    )
                else:
                    self.emails_in_file[person.email] = row.line
                    parsed.append(person)
            if self.progress is not None and (n % 1000 == 0 or n == total):
                self.progress(n, total)
        return parsed

    def parse_row(self, row: CsvRow) -> PersonRow | None:
        cells = row.cells
        try:
            email = parse_email(cells.get("email", ""))
        except CellError as exc:
            message = "an e-mail address is required." if not cells.get("email") else str(exc)
            self.fail(row.line, "email", message)
            return None
        if not row.complete:
            # Counted as "in the file" so references to it do not add follow-on errors.
            return PersonRow(line=row.line, email=email)
        person = PersonRow(line=row.line, email=email)
        for column, value in cells.items():
            try:
                self.parse_cell(person, column, value)
            except CellError as exc:
                self.fail(row.line, column, str(exc))
        return person

    def parse_cell(self, person: PersonRow, column: str, value: str) -> None:
        values = person.values
        if column == "full_name":
            values["full_name"] = parse_text(value, max_length=200, required="a name is required.")
        elif column == "job_title":
            values["job_title"] = parse_text(value, max_length=200)
        elif column == "job_family":
            person.job_family = parse_text(value, max_length=100)
        elif column == "level":
            values["level_id"] = self.parse_level(value)
        elif column == "team":
            person.team = parse_team_path(value)
        elif column == "manager_email":
            person.manager_email = parse_email(value) if value else ""
            if person.manager_email == person.email:
                raise CellError("a person cannot be their own manager.")
        elif column == "location":
            values["location"] = parse_text(value, max_length=120)
        elif column == "time_zone":
            values["time_zone"] = parse_time_zone(value)
        elif column == "languages":
            values["languages"] = parse_languages(value)
        elif column == "hire_date":
            values["hire_date"] = parse_date(value)
        elif column == "capacity":
            values["monthly_capacity"] = parse_capacity(value)
        elif column == "skills":
            person.skills = self.parse_skills(value)
        elif column == "is_programme_admin":
            values["is_programme_admin"] = parse_bool(value, default=False)
        elif column == "active":
            values["is_active"] = parse_bool(value, default=True)

    def parse_level(self, value: str) -> uuid.UUID | None:
        if not value:
            return None
        level = self.levels.get(value.lower())
        if level is None:
            codes = sorted({lv.code for lv in self.levels.values()}, key=str.lower)
            raise CellError(f"unknown level “{value}”; use one of {', '.join(codes)}.")
        return level.id

    def parse_skills(self, value: str) -> list[SkillClaim]:
        claims: dict[uuid.UUID, SkillClaim] = {}
        problems: list[str] = []
        unknown: list[str] = []
        for item in value.split(";"):
            if not item.strip():
                continue
            try:
                claim = self.parse_skill_claim(item.strip())
            except UnknownSkill as exc:
                unknown.append(str(exc))
                continue
            except CellError as exc:
                problems.append(str(exc))
                continue
            if claim.skill_id in claims:
                problems.append(f"{claim.name} is listed twice.")
            claims[claim.skill_id] = claim
        if unknown:
            problems.insert(
                0,
                f"unknown skill{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                "add new skills to the taxonomy first (peerlearn import skills, or this page).",
            )
        if problems:
            raise CellError(" ".join(problems))
        return list(claims.values())

    def parse_skill_claim(self, item: str) -> SkillClaim:
        name, *rest = (part.strip() for part in item.split(":"))
        skill = self.skills.get(name.lower())
        if skill is None and not name:
            raise CellError(f"“{item}”: the skill name is missing.")
        if skill is None:
            raise UnknownSkill(self.unknown_skill(name))
        if not rest or not rest[0].isdigit() or int(rest[0]) not in SKILL_LEVELS:
            raise CellError(
                f"“{item}”: write the skill, a level from 0 to 4 and optional flags, "
                "like “Python:3:teach” or “SQL:1:learn”."
            )
        level = int(rest[0])
        flags = {flag.lower() for flag in rest[1:] if flag}
        unknown = flags - SKILL_FLAGS
        if unknown:
            raise CellError(f"“{item}”: {', '.join(sorted(unknown))} is not teach or learn.")
        if "teach" in flags and level < SkillLevel.WORKING:
            raise CellError(f"“{item}”: to teach {skill.name}, the level must be at least 2.")
        return SkillClaim(
            skill_id=skill.id,
            name=skill.name,
            level=level,
            can_teach="teach" in flags,
            wants_to_learn="learn" in flags,
        )

    def unknown_skill(self, name: str) -> str:
        """“Pyhton” (did you mean “Python”?), computed once per name however often it recurs."""
        if name not in self.unknown_skill_messages:
            close = difflib.get_close_matches(name, self.skill_names, n=1, cutoff=0.7)
            hint = f" (did you mean “{close[0]}”?)" if close else ""
            self.unknown_skill_messages[name] = f"“{name}”{hint}"
        return self.unknown_skill_messages[name]

    # -- across rows and against the database

    def load_people(self) -> None:
        """Everyone's e-mail and manager (the reporting graph), plus full rows for the file."""
        self.person_id_by_email: dict[str, uuid.UUID] = {}
        self.manager_email_of: dict[str, str | None] = {}
        email_by_id: dict[uuid.UUID, str] = {}
        manager_by_id: dict[uuid.UUID, uuid.UUID | None] = {}
        for person_id, manager_id, email in Person.objects.values_list(
            "id", "manager_id", "user__email"
        ):
            email_by_id[person_id] = email
            manager_by_id[person_id] = manager_id
            self.person_id_by_email[email] = person_id
        for reporter_id, boss_id in manager_by_id.items():
            self.manager_email_of[email_by_id[reporter_id]] = (
                email_by_id.get(boss_id) if boss_id else None
            )
        emails = [e for e in self.emails_in_file if e in self.person_id_by_email]
        self.existing: dict[str, Person] = {}
        for chunk in chunked(emails):
            for person in Person.objects.select_related("user").filter(user__email__in=chunk):
                self.existing[person.user.email] = person
        new_emails = [e for e in self.emails_in_file if e not in self.person_id_by_email]
        self.logins_without_profile: dict[str, User] = {}
        for chunk in chunked(new_emails):
            for user in User.objects.filter(email__in=chunk, person__isnull=True):
                self.logins_without_profile[user.email] = user

    def check_managers(self, rows: Sequence[PersonRow]) -> None:
        edges = dict(self.manager_email_of)
        changed: list[str] = []
        for row in rows:
            if row.manager_email is None:
                continue
            manager = row.manager_email
            if manager and manager not in self.emails_in_file and manager not in edges:
                self.fail(
                    row.line,
                    "manager_email",
                    f"no one with e-mail {manager} in the file or in Peerlearn.",
                )
                continue
            if manager != row.email:  # self-management is reported by the cell parser
                edges[row.email] = manager or None
                changed.append(row.email)
        for loop in find_loops(edges, changed):
            path = " → ".join([*loop, loop[0]])
            for email in loop:
                line = self.emails_in_file.get(email)
                if line is not None and email in changed:
                    self.fail(line, "manager_email", f"the reporting lines form a loop: {path}.")

    def load_teams(self) -> None:
        self.team_ids: dict[tuple[uuid.UUID | None, str], uuid.UUID] = {}
        self.team_slugs: set[str] = set()
        teams = {t.id: t for t in Team.objects.only("id", "name", "parent_id", "slug")}
        for team in teams.values():
            self.team_ids.setdefault((team.parent_id, team.name.lower()), team.id)
            self.team_slugs.add(team.slug)
        self.nested_team_paths: dict[str, str] = {}
        for team in teams.values():
            if team.parent_id is None:
                continue
            names: list[str] = []
            current: Team | None = team
            while current is not None and len(names) <= MAX_TEAM_DEPTH * 5:
                names.append(current.name)
                current = teams.get(current.parent_id) if current.parent_id else None
            self.nested_team_paths.setdefault(team.name.lower(), "/".join(reversed(names)))

    def check_team_paths(self, rows: Sequence[PersonRow]) -> None:
        """A new top-level team named like an existing sub-team is almost always a path written
        without its parents (Data Platform for Engineering/Data Platform): refuse the guess."""
        nested = dict(self.nested_team_paths)
        for path in (row.team for row in rows if row.team):
            for depth in range(1, len(path)):
                nested.setdefault(path[depth].lower(), "/".join(path[: depth + 1]))
        for row in rows:
            if not row.team or (None, row.team[0].lower()) in self.team_ids:
                continue
            existing = nested.get(row.team[0].lower())
            if existing is not None:
                self.fail(
                    row.line,
                    "team",
                    f"“{row.team[0]}” would become a new top-level team, but {existing} "
                    "already exists; write the full path from the top.",
                )

    # -- the plan and the writes

    def run(self, *, dry_run: bool) -> ImportResult:
        rows = self.parse_rows()
        self.load_people()
        self.check_managers(rows)
        self.load_teams()
        self.check_team_paths(rows)
        if self.errors:
            self.errors.sort(key=lambda e: (e.line, column_order(e.column)))
            return ImportResult(errors=self.errors, dry_run=dry_run)
        plan = self.plan(rows)
        if not dry_run:
            try:
                plan.write()
            except IntegrityError:
                return ImportResult(errors=[CHANGED_WHILE_IMPORTING], dry_run=dry_run)
        return ImportResult(
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
            notes=plan.notes(),
            dry_run=dry_run,
        )

    def plan(self, rows: Sequence[PersonRow]) -> PeoplePlan:
        plan = PeoplePlan()
        families = self.plan_job_families(rows, plan)
        teams = self.plan_teams(rows, plan)
        now = timezone.now()
        id_by_email = dict(self.person_id_by_email)
        new_people: dict[str, Person] = {}
        for row in rows:
            if row.email in self.existing:
                continue
            person = Person(**row.values)
            user = self.logins_without_profile.get(row.email)
            if user is None:
                # Same shape as make_password(None), which create_user stores: a login
                # without a usable password until its owner sets one through the reset link
                # (token_urlsafe is ~50x faster than make_password's per-character draw).
                user = User(
                    email=row.email,
                    password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                    is_active=person.is_active,
                )
                plan.new_users.append(user)
            elif user.is_active != person.is_active:
                (plan.reactivate if person.is_active else plan.deactivate).append(user.id)
            person.user = user
            new_people[row.email] = person
            id_by_email[row.email] = person.id
        edges_before = self.load_skill_edges(rows)
        for row in rows:
            person = new_people.get(row.email) or self.existing[row.email]
            is_new = row.email in new_people
            changed = set()
            if row.job_family is not None:
                changed.add(
                    set_if_different(person, "job_family_id", families.get(row.job_family.lower()))
                )
            if row.team is not None:
                changed.add(set_if_different(person, "team_id", teams.get(row.team)))
            if row.manager_email is not None:
                manager_id = id_by_email[row.manager_email] if row.manager_email else None
                changed.add(set_if_different(person, "manager_id", manager_id))
            if not is_new:
                for attname, value in row.values.items():
                    changed.add(set_if_different(person, attname, value))
                if "is_active" in row.values and person.user.is_active != person.is_active:
                    (plan.reactivate if person.is_active else plan.deactivate).append(
                        person.user_id
                    )
                    changed.add("user.is_active")
            skills_changed = self.plan_skills(row, person, edges_before, plan, now)
            changed.discard("")
            if is_new:
                plan.new_people.append(person)
                plan.created += 1
            elif changed or skills_changed:
                plan.updated += 1
                fields = frozenset(f for f in changed if not f.startswith("user."))
                if fields:
                    person.updated_at = now
                    plan.changed_people.setdefault(fields, []).append(person)
            else:
                plan.unchanged += 1
        return plan

    def plan_job_families(
        self, rows: Sequence[PersonRow], plan: PeoplePlan
    ) -> dict[str, uuid.UUID]:
        wanted = {row.job_family.lower(): row.job_family for row in rows if row.job_family}
        if not wanted:
            return {}
        families = {f.name.lower(): f.id for f in JobFamily.objects.only("id", "name")}
        slugs = set(JobFamily.objects.values_list("slug", flat=True))
        for key, name in wanted.items():
            if key not in families:
                family = JobFamily(name=name, slug=unique_slug(name, slugs))
                plan.new_families.append(family)
                families[key] = family.id
        return families

    def plan_teams(
        self, rows: Sequence[PersonRow], plan: PeoplePlan
    ) -> dict[tuple[str, ...], uuid.UUID]:
        resolved: dict[tuple[str, ...], uuid.UUID] = {}
        for row in rows:
            if not row.team or row.team in resolved:
                continue
            parent_id: uuid.UUID | None = None
            for depth, name in enumerate(row.team, start=1):
                key = (parent_id, name.lower())
                team_id = self.team_ids.get(key)
                if team_id is None:
                    team = Team(
                        name=name, parent_id=parent_id, slug=unique_slug(name, self.team_slugs)
                    )
                    plan.new_teams.append(team)
                    plan.new_team_paths.append("/".join(row.team[:depth]))
                    team_id = self.team_ids[key] = team.id
                parent_id = team_id
            assert parent_id is not None
            resolved[row.team] = parent_id
        return resolved

    def load_skill_edges(
        self, rows: Sequence[PersonRow]
    ) -> dict[tuple[uuid.UUID, uuid.UUID], PersonSkill]:
        person_ids = [
            self.existing[r.email].id for r in rows if r.skills and r.email in self.existing
        ]
        edges: dict[tuple[uuid.UUID, uuid.UUID], PersonSkill] = {}
        for chunk in chunked(person_ids):
            for edge in PersonSkill.objects.filter(person_id__in=chunk):
                edges[(edge.person_id, edge.skill_id)] = edge
        return edges

    @staticmethod
    def plan_skills(
        row: PersonRow,
        person: Person,
        edges: Mapping[tuple[uuid.UUID, uuid.UUID], PersonSkill],
        plan: PeoplePlan,
        now: datetime,
    ) -> bool:
        changed = False
        for claim in row.skills or ():
            edge = edges.get((person.id, claim.skill_id))
            if edge is None:
                plan.new_edges.append(
                    PersonSkill(
                        person=person,
                        skill_id=claim.skill_id,
                        level=claim.level,
                        can_teach=claim.can_teach,
                        wants_to_learn=claim.wants_to_learn,
                    )
                )
                changed = True
            elif (edge.level, edge.can_teach, edge.wants_to_learn) != (
                claim.level,
                claim.can_teach,
                claim.wants_to_learn,
            ):
                edge.level, edge.can_teach = claim.level, claim.can_teach
                edge.wants_to_learn, edge.updated_at = claim.wants_to_learn, now
                plan.changed_edges.append(edge)
                changed = True
        return changed


COLUMN_ORDER = {name: n for n, name in enumerate(PEOPLE_COLUMNS)}


def column_order(column: str) -> int:
    return COLUMN_ORDER.get(column, len(COLUMN_ORDER))


def set_if_different(obj: Model, attname: str, value: object) -> str:
    """Set the attribute if it differs; the attname when it changed, "" otherwise."""
    if getattr(obj, attname) == value:
        return ""
    setattr(obj, attname, value)
    return attname


@dataclass
class PeoplePlan:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_families: list[JobFamily] = field(default_factory=list)
    new_teams: list[Team] = field(default_factory=list)
    new_team_paths: list[str] = field(default_factory=list)
    new_users: list[User] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    changed_people: dict[frozenset[str], list[Person]] = field(default_factory=dict)
    """People to update, grouped by the fields that changed, so nothing else is rewritten."""
    deactivate: list[uuid.UUID] = field(default_factory=list)
    reactivate: list[uuid.UUID] = field(default_factory=list)
    new_edges: list[PersonSkill] = field(default_factory=list)
    changed_edges: list[PersonSkill] = field(default_factory=list)

    def notes(self) -> list[str]:
        notes = []
        if self.new_teams:
            notes.append(f"New teams: {describe_some(self.new_team_paths)}.")
        if self.new_families:
            notes.append(f"New job families: {describe_some([f.name for f in self.new_families])}.")
        if self.deactivate:
            notes.append(f"{len(self.deactivate)} logins closed (active is false).")
        return notes

    @transaction.atomic
    def write(self) -> None:
        # Teams are listed parents first and new people may report to one another; the
        # foreign keys are checked at commit, so each table is one bulk insert.
        JobFamily.objects.bulk_create(self.new_families, batch_size=WRITE_BATCH)
        Team.objects.bulk_create(self.new_teams, batch_size=WRITE_BATCH)
        User.objects.bulk_create(self.new_users, batch_size=WRITE_BATCH)
        Person.objects.bulk_create(self.new_people, batch_size=WRITE_BATCH)
        for fields, people in self.changed_people.items():
            Person.objects.bulk_update(
                people, [*sorted(fields), "updated_at"], batch_size=WRITE_BATCH
            )
        users_deactivate(user_ids=self.deactivate)
        users_reactivate(user_ids=self.reactivate)
        PersonSkill.objects.bulk_create(self.new_edges, batch_size=WRITE_BATCH)
        if self.changed_edges:
            PersonSkill.objects.bulk_update(
                self.changed_edges,
                ["level", "can_teach", "wants_to_learn", "updated_at"],
                batch_size=WRITE_BATCH,
            )
        touched = [p.id for p in self.new_people] + [
            p.id for people in self.changed_people.values() for p in people
        ]
        if len(touched) > WRITE_BATCH:
            people_refresh_search_text()  # one statement beats a long id list
        elif touched:
            people_refresh_search_text(person_ids=touched)


def people_import_csv(
    *, content: bytes, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Create or update the people in a CSV file, with their teams, managers and skills.

    Nothing is written unless the whole file is valid; `dry_run` checks and counts only.
    """
    try:
        table = read_csv_table(
            content,
            columns=PEOPLE_COLUMNS,
            required=PEOPLE_REQUIRED,
            synonyms=PEOPLE_SYNONYMS,
            row_noun="people",
        )
    except FileRejected as rejected:
        return ImportResult(errors=rejected.errors, dry_run=dry_run)
    return PeopleImport(table, progress=progress).run(dry_run=dry_run)


# --- the skill taxonomy ---------------------------------------------------------------------

SKILL_COLUMNS = ("name", "parent", "aliases", "description")
SKILL_REQUIRED = ("name",)
SKILL_SYNONYMS = {"skill": "name", "alias": "aliases", "parent_skill": "parent"}
SKILL_NAME_FORBIDDEN = re.compile(r"[:;]")


@dataclass
class SkillRow:
    line: int
    name: str
    parent: str | None = None  # None: column absent; "": top level
    aliases: list[str] | None = None
    description: str | None = None


class SkillsImport:
    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.errors: list[RowError] = list(table.errors)
        self.skills = {s.name.lower(): s for s in Skill.objects.all()}
        self.skill_by_id = {s.id: s for s in self.skills.values()}
        self.alias_owner: dict[str, uuid.UUID] = {}
        self.alias_names: set[tuple[uuid.UUID, str]] = set()
        for alias, skill_id in SkillAlias.objects.values_list("name", "skill_id"):
            self.alias_owner[alias.lower()] = skill_id
            self.alias_names.add((skill_id, alias.lower()))

    def fail(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, message, column))

    def parse_name(self, value: str, *, what: str) -> str:
        name = parse_text(value, max_length=100, required=f"{what} is required.")
        if SKILL_NAME_FORBIDDEN.search(name):
            raise CellError(
                f"“{name}” contains “:” or “;”, which separate skills in the people file."
            )
        return name

    def parse_rows(self) -> list[SkillRow]:
        rows: list[SkillRow] = []
        first_line: dict[str, int] = {}
        for csv_row in self.table.rows:
            cells = csv_row.cells
            try:
                name = self.parse_name(cells.get("name", ""), what="a skill name")
            except CellError as exc:
                self.fail(csv_row.line, "name", str(exc))
                continue
            key = name.lower()
            if key in first_line:
                self.fail(
                    csv_row.line,
                    "name",
                    f"{name} already appears on line {first_line[key]}; list each skill once.",
                )
                continue
            first_line[key] = csv_row.line
            row = SkillRow(line=csv_row.line, name=name)
            rows.append(row)
            if not csv_row.complete:
                continue
            if "parent" in cells:
                try:
                    row.parent = (
                        self.parse_name(cells["parent"], what="") if cells["parent"] else ""
                    )
                except CellError as exc:
                    self.fail(row.line, "parent", str(exc))
            if "aliases" in cells:
                try:
                    row.aliases = self.parse_aliases(cells["aliases"], own_name=name)
                except CellError as exc:
                    self.fail(row.line, "aliases", str(exc))
            if "description" in cells:
                try:
                    row.description = parse_text(cells["description"], max_length=5000)
                except CellError as exc:
                    self.fail(row.line, "description", str(exc))
        self.file_lines = first_line
        return rows

    def parse_aliases(self, value: str, *, own_name: str) -> list[str]:
        aliases: dict[str, str] = {}
        for item in value.split(";"):
            alias = self.parse_name(item.strip(), what="") if item.strip() else ""
            if alias and alias.lower() != own_name.lower():
                aliases.setdefault(alias.lower(), alias)
        return list(aliases.values())

    def check(self, rows: Sequence[SkillRow], in_file: Mapping[str, SkillRow]) -> None:
        for row in rows:
            owner = self.alias_owner.get(row.name.lower())
            existing = self.skills.get(row.name.lower())
            if owner is not None and (existing is None or existing.id != owner):
                self.fail(
                    row.line,
                    "name",
                    f"“{row.name}” is already an alias of {self.skill_by_id[owner].name}.",
                )
        alias_line: dict[str, tuple[int, str]] = {}
        for row in rows:
            existing = self.skills.get(row.name.lower())
            for alias in row.aliases or ():
                key = alias.lower()
                owner_id = self.alias_owner.get(key)
                other_skill = in_file[key].name if key in in_file else None
                if other_skill is None and key in self.skills:
                    other_skill = self.skills[key].name
                if other_skill is not None:
                    self.fail(
                        row.line, "aliases", f"“{alias}” is the name of the skill {other_skill}."
                    )
                elif owner_id is not None and (existing is None or existing.id != owner_id):
                    self.fail(
                        row.line,
                        "aliases",
                        f"“{alias}” is already an alias of {self.skill_by_id[owner_id].name}.",
                    )
                elif key in alias_line and alias_line[key][1] != row.name:
                    self.fail(
                        row.line,
                        "aliases",
                        f"“{alias}” is already an alias of {alias_line[key][1]} "
                        f"on line {alias_line[key][0]}.",
                    )
                else:
                    alias_line.setdefault(key, (row.line, row.name))
        self.check_parents(rows, in_file)

    def resolve_parent(self, name: str, in_file: Mapping[str, SkillRow]) -> str | None:
        """The lower-cased skill name a parent cell refers to (by name or alias), if any."""
        key = name.lower()
        if key in in_file or key in self.skills:
            return key
        owner = self.alias_owner.get(key)
        return self.skill_by_id[owner].name.lower() if owner is not None else None

    def check_parents(self, rows: Sequence[SkillRow], in_file: Mapping[str, SkillRow]) -> None:
        edges: dict[str, str | None] = {
            s.name.lower(): (self.skill_by_id[s.parent_id].name.lower() if s.parent_id else None)
            for s in self.skills.values()
        }
        changed: list[str] = []
        for row in rows:
            if row.parent is None:
                continue
            key = row.name.lower()
            parent = self.resolve_parent(row.parent, in_file) if row.parent else None
            if row.parent and parent is None:
                self.fail(
                    row.line,
                    "parent",
                    f"unknown parent skill “{row.parent}”; it must be a row in this file "
                    "or a skill already in Peerlearn.",
                )
                continue
            if parent == key:
                self.fail(row.line, "parent", "a skill cannot be its own parent.")
                continue
            edges[key] = parent
            changed.append(key)
        for loop in find_loops(edges, changed):
            names = [in_file[k].name if k in in_file else self.skills[k].name for k in loop]
            path = " → ".join([*names, names[0]])
            for key in loop:
                if key in in_file and key in changed:
                    self.fail(
                        in_file[key].line, "parent", f"the skill parents form a loop: {path}."
                    )

    def run(self, *, dry_run: bool) -> ImportResult:
        rows = self.parse_rows()
        in_file = {row.name.lower(): row for row in rows}
        self.check(rows, in_file)
        if self.errors:
            order = {name: n for n, name in enumerate(SKILL_COLUMNS)}
            self.errors.sort(key=lambda e: (e.line, order.get(e.column, len(order))))
            return ImportResult(errors=self.errors, dry_run=dry_run)
        plan = self.plan(rows, in_file)
        if not dry_run:
            try:
                plan.write()
            except IntegrityError:
                return ImportResult(errors=[CHANGED_WHILE_IMPORTING], dry_run=dry_run)
        new_names = describe_some([s.name for s in plan.new_skills])
        return ImportResult(
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
            notes=[f"New skills: {new_names}."] if new_names else [],
            dry_run=dry_run,
        )

    def plan(self, rows: Sequence[SkillRow], in_file: Mapping[str, SkillRow]) -> SkillsPlan:
        plan = SkillsPlan()
        slugs = set(Skill.objects.values_list("slug", flat=True))
        by_key = dict(self.skills)
        for row in rows:
            if row.name.lower() not in by_key:
                skill = Skill(name=row.name, slug=unique_slug(row.name, slugs))
                by_key[row.name.lower()] = skill
                plan.new_skills.append(skill)
        new_ids = {skill.id for skill in plan.new_skills}
        now = timezone.now()
        for row in rows:
            skill = by_key[row.name.lower()]
            changed = {set_if_different(skill, "name", row.name)}
            if row.parent is not None:
                parent_key = self.resolve_parent(row.parent, in_file) if row.parent else None
                parent_id = by_key[parent_key].id if parent_key else None
                changed.add(set_if_different(skill, "parent_id", parent_id))
            if row.description is not None:
                changed.add(set_if_different(skill, "description", row.description))
            changed.discard("")
            new_aliases = [
                SkillAlias(skill=skill, name=alias)
                for alias in row.aliases or ()
                if (skill.id, alias.lower()) not in self.alias_names
            ]
            plan.new_aliases.extend(new_aliases)
            if skill.id in new_ids:
                plan.created += 1
            elif changed or new_aliases:
                plan.updated += 1
                if changed:
                    skill.updated_at = now
                    plan.changed_skills.append(skill)
            else:
                plan.unchanged += 1
        return plan


@dataclass
class SkillsPlan:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_skills: list[Skill] = field(default_factory=list)
    changed_skills: list[Skill] = field(default_factory=list)
    new_aliases: list[SkillAlias] = field(default_factory=list)

    @transaction.atomic
    def write(self) -> None:
        # Parents may be new skills too; the foreign keys are checked at commit.
        Skill.objects.bulk_create(self.new_skills, batch_size=WRITE_BATCH)
        if self.changed_skills:
            Skill.objects.bulk_update(
                self.changed_skills,
                ["name", "parent_id", "description", "updated_at"],
                batch_size=WRITE_BATCH,
            )
        SkillAlias.objects.bulk_create(self.new_aliases, batch_size=WRITE_BATCH)


def skills_import_csv(*, content: bytes, dry_run: bool = False) -> ImportResult:
    """Create or update skills (with parents and aliases) from a CSV file, all or nothing."""
    try:
        table = read_csv_table(
            content,
            columns=SKILL_COLUMNS,
            required=SKILL_REQUIRED,
            synonyms=SKILL_SYNONYMS,
            row_noun="skills",
        )
    except FileRejected as rejected:
        return ImportResult(errors=rejected.errors, dry_run=dry_run)
    return SkillsImport(table).run(dry_run=dry_run)
