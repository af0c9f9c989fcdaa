"""The people CSV import: every bad line reported by number, nothing written unless all is well."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Org
from peerlearn.accounts.models import PersonalAccessToken, User
from peerlearn.accounts.services import token_create
from peerlearn.people.importing import ImportResult, RowError, people_import_csv
from peerlearn.people.models import JobFamily, Person, PersonSkill, Skill, SkillAlias, Team
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import make_person, make_skill, make_team

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,job_title,level,team,manager_email,skills"


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def snapshot() -> tuple[int, ...]:
    """How many rows every table the import writes to holds."""
    return tuple(
        model.objects.count()
        for model in (User, Person, Team, JobFamily, PersonSkill, Skill, SkillAlias)
    )


def lines_of(result: ImportResult) -> list[int]:
    return [error.line for error in result.errors]


def import_rejected(content: bytes) -> ImportResult:
    """Import a bad file, asserting that it changed nothing."""
    before = snapshot()
    result = people_import_csv(content=content)
    assert not result.ok
    assert snapshot() == before
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    return result


# --- the malformed files of the acceptance list ---------------------------------------------


def test_missing_required_column_is_one_file_error(org: Org) -> None:
    # given a file without the full_name column
    content = csv_file("email,job_title", "new@example.com,Engineer")
    # when it is imported
    result = import_rejected(content)
    # then one file-level error names the missing column
    assert lines_of(result) == [0]
    assert "full_name" in result.errors[0].message


def test_bad_email_addresses_are_reported_by_line(org: Org) -> None:
    # given two rows with addresses that are not e-mail addresses
    content = csv_file(
        "email,full_name",
        "ann@example.com,Ann",
        "not-an-address,Bob",
        "cat@example.com,Cat",
        "dan@@example,Dan",
    )
    # when it is imported
    result = import_rejected(content)
    # then lines 3 and 5 are reported, on the email column
    assert lines_of(result) == [3, 5]
    assert {e.column for e in result.errors} == {"email"}
    assert "not-an-address" in result.errors[0].message


def test_unknown_manager_is_reported(org: Org) -> None:
    # given a row whose manager is neither in the file nor in Peerlearn
    content = csv_file(
        "email,full_name,manager_email",
        "ann@example.com,Ann,manager@example.com",
        "bob@example.com,Bob,ghost@example.com",
    )
    # when it is imported
    result = import_rejected(content)
    # then line 3 says who could not be found
    assert result.errors == [
        RowError(
            3, "no one with e-mail ghost@example.com in the file or in Peerlearn.", "manager_email"
        )
    ]


def test_reporting_cycle_in_the_file_reports_every_row_in_it(org: Org) -> None:
    # given three people who report to each other in a loop, and one who does not
    content = csv_file(
        "email,full_name,manager_email",
        "ann@example.com,Ann,bob@example.com",
        "zed@example.com,Zed,ann@example.com",
        "bob@example.com,Bob,cat@example.com",
        "cat@example.com,Cat,ann@example.com",
    )
    # when it is imported
    result = import_rejected(content)
    # then every row in the loop is reported, and the bystander is not
    assert lines_of(result) == [2, 4, 5]
    assert all("loop" in e.message for e in result.errors)


def test_reporting_cycle_through_the_database_is_found(org: Org) -> None:
    # given the owner reports to the manager in Peerlearn, and the file makes the manager
    # report to the owner
    content = csv_file(
        "email,full_name,manager_email", "manager@example.com,Mona Manager,owner@example.com"
    )
    # when it is imported
    result = import_rejected(content)
    # then the loop is reported on that line
    assert lines_of(result) == [2]
    assert "owner@example.com → manager@example.com" in result.errors[0].message


def test_duplicate_row_is_reported_on_its_second_appearance(org: Org) -> None:
    # given the same row twice (the e-mail differs only in letter case)
    content = csv_file(
        "email,full_name",
        "ann@example.com,Ann",
        "bob@example.com,Bob",
        "ANN@example.com,Ann",
    )
    # when it is imported
    result = import_rejected(content)
    # then the repeat is reported, pointing at the first
    assert lines_of(result) == [4]
    assert "line 2" in result.errors[0].message


def test_wrong_encoding_names_the_first_bad_line(org: Org) -> None:
    # given a file saved as Latin-1 with accented names on lines 3 and 4
    content = (
        "email,full_name\r\nann@example.com,Ann\r\njose@example.com,José\r\nx@example.com,Zoë\r\n"
    )
    # when it is imported
    result = import_rejected(content.encode("latin-1"))
    # then one file-level error names the line and how to save the file correctly
    assert lines_of(result) == [0]
    message = result.errors[0].message
    assert "not UTF-8" in message
    assert "line 3" in message
    assert "Lines 3, 4" in message
    assert "CSV UTF-8" in message


def test_empty_file_is_rejected(org: Org) -> None:
    result = import_rejected(b"")
    assert result.errors == [RowError(0, "The file is empty.")]


def test_file_with_only_the_header_is_rejected(org: Org) -> None:
    result = import_rejected(csv_file("email,full_name", ""))
    assert lines_of(result) == [0]
    assert "no people" in result.errors[0].message


# --- other bad cells ------------------------------------------------------------------------


def test_unknown_level_lists_the_valid_codes(org: Org) -> None:
    content = csv_file("email,full_name,level", "ann@example.com,Ann,L3", "bob@example.com,Bob,L9")
    result = import_rejected(content)
    assert lines_of(result) == [3]
    assert result.errors[0].column == "level"
    assert "L9" in result.errors[0].message
    assert "L1, L2, L3, L4, L5, L6, L7" in result.errors[0].message


def test_level_may_be_given_by_name(org: Org) -> None:
    result = people_import_csv(content=csv_file("email,full_name,level", "a@example.com,A,senior"))
    assert result.ok
    level = Person.objects.get(user__email="a@example.com").level
    assert level is not None
    assert level.code == "L4"


def test_unknown_skill_is_named_with_a_suggestion(org: Org) -> None:
    content = csv_file(
        "email,full_name,skills",
        "ann@example.com,Ann,Python:3; py:2:learn",
        "bob@example.com,Bob,SQL:2; Pyhton:3:teach",
    )
    result = import_rejected(content)
    # "py" is an alias of Python, so line 2 is fine but lists Python twice
    assert lines_of(result) == [2, 3]
    assert "Python is listed twice" in result.errors[0].message
    assert result.errors[1].message.startswith(
        "unknown skill “Pyhton” (did you mean “Python”?); add new skills to the taxonomy first"
    )


def test_bad_time_zone_is_reported(org: Org) -> None:
    content = csv_file(
        "email,full_name,time_zone",
        "ann@example.com,Ann,europe/berlin",
        "bob@example.com,Bob,Berlin",
    )
    result = import_rejected(content)
    assert lines_of(result) == [3]
    assert "“Berlin” is not a known time zone" in result.errors[0].message


def test_bad_date_is_reported(org: Org) -> None:
    content = csv_file(
        "email,full_name,hire_date",
        "ann@example.com,Ann,2024-02-29",
        "bob@example.com,Bob,31/03/2024",
        "cat@example.com,Cat,2023-02-29",
    )
    result = import_rejected(content)
    assert lines_of(result) == [3, 4]
    assert all(e.column == "hire_date" for e in result.errors)


def test_own_manager_is_reported(org: Org) -> None:
    content = csv_file("email,full_name,manager_email", "ann@example.com,Ann,ANN@example.com")
    result = import_rejected(content)
    assert result.errors == [RowError(2, "a person cannot be their own manager.", "manager_email")]


def test_row_with_an_unquoted_comma_is_reported(org: Org) -> None:
    content = csv_file(
        "email,full_name,job_title",
        "ann@example.com,Ann,Engineer",
        "bob@example.com,Bob,Engineer, Data",
        'cat@example.com,Cat,"Engineer, Data"',
    )
    result = import_rejected(content)
    assert lines_of(result) == [3]
    assert "double quotes" in result.errors[0].message


def test_teaching_needs_at_least_working_level(org: Org) -> None:
    result = import_rejected(csv_file("email,full_name,skills", "a@example.com,A,Python:1:teach"))
    assert lines_of(result) == [2]
    assert "at least 2" in result.errors[0].message


def test_new_top_level_team_named_like_an_existing_sub_team_is_refused(org: Org) -> None:
    # given Engineering/Platform exists and the file says just "Platform"
    content = csv_file("email,full_name,team", "ann@example.com,Ann,Platform")
    result = import_rejected(content)
    assert lines_of(result) == [2]
    assert "Engineering/Platform" in result.errors[0].message


def test_unknown_column_is_reported_with_a_suggestion(org: Org) -> None:
    content = csv_file("email,full_name,manger_email", "ann@example.com,Ann,")
    result = import_rejected(content)
    assert result.errors[0].line == 1
    assert result.errors[0].column == "manger_email"
    assert "Did you mean “manager_email”?" in result.errors[0].message


def test_binary_file_is_refused(org: Org) -> None:
    result = import_rejected(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert lines_of(result) == [0]
    assert "not a text file" in result.errors[0].message


def test_excel_workbook_is_refused_with_advice(org: Org) -> None:
    result = import_rejected(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    assert "Excel workbook" in result.errors[0].message


def test_a_file_with_many_bad_rows_reports_all_of_them(org: Org) -> None:
    # given a file where most rows have a different problem, some several
    content = csv_file(
        HEADER,
        "ok@example.com,Okay,Engineer,L2,Engineering,manager@example.com,SQL:2",
        "bad-email,Bad Email,Engineer,L2,Engineering,,",
        "nolevel@example.com,No Level,Engineer,L12,Engineering,,",
        "noname@example.com,,Engineer,L2,Engineering,,",
        "noboss@example.com,No Boss,Engineer,L2,Engineering,boss@example.com,",
        "noskill@example.com,No Skill,Engineer,L2,Engineering,,Cobol:3",
        "ok2@example.com,Okay Two,Engineer,L3,Engineering/Platform,ok@example.com,Python:4:teach",
        "two@example.com,Two Problems,Engineer,L0,Engineering,,SQL:9",
        "ok@example.com,Okay Again,Engineer,L2,Engineering,,",
    )
    # when it is imported
    result = import_rejected(content)
    # then every bad line is reported, in order, and the good ones are not
    assert lines_of(result) == [3, 4, 5, 6, 7, 9, 9, 10]
    assert [e.column for e in result.errors] == [
        "email",
        "level",
        "full_name",
        "manager_email",
        "skills",
        "level",
        "skills",
        "email",
    ]


def test_line_numbers_count_physical_lines_inside_quoted_values(org: Org) -> None:
    # given a job title spanning two lines, followed by a bad row
    content = csv_file(
        "email,full_name,job_title",
        'ann@example.com,Ann,"Engineer',
        'and part-time poet"',
        "bob@example.com,Bob,Engineer",
        "cat@,Cat,Engineer",
    )
    result = import_rejected(content)
    assert lines_of(result) == [5]


# --- what a good file does ------------------------------------------------------------------


def test_import_creates_people_teams_families_managers_and_skills(org: Org) -> None:
    # given a file where a manager appears after their report
    content = csv_file(
        "email,full_name,job_title,job_family,level,team,manager_email,time_zone,languages,"
        "hire_date,capacity,skills,is_programme_admin,active",
        "ann@example.com,Ann Lee,Data Engineer,Data,L3,Engineering/Data Platform,"
        "bea@example.com,Europe/Berlin,de;EN,2023-04-01,4,py:3:teach; SQL:1:learn,false,true",
        "bea@example.com,Bea Kim,Engineering Manager,Data,L5,Engineering/Data Platform,"
        "manager@example.com,,,,,,yes,",
    )
    # when it is imported
    result = people_import_csv(content=content)
    # then both people exist with every field, in a new sub-team of the existing Engineering
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    ann = Person.objects.select_related("manager", "team__parent", "job_family", "level").get(
        user__email="ann@example.com"
    )
    assert ann.full_name == "Ann Lee"
    assert ann.manager is not None
    assert ann.manager.full_name == "Bea Kim"
    assert ann.team is not None
    assert ann.team.name == "Data Platform"
    assert ann.team.parent is not None
    assert ann.team.parent.name == "Engineering"
    assert Team.objects.filter(name__iexact="Engineering").count() == 1
    assert ann.job_family is not None
    assert ann.job_family.name == "Data"
    assert ann.level is not None
    assert ann.level.code == "L3"
    assert (ann.time_zone, ann.languages, str(ann.hire_date), ann.monthly_capacity) == (
        "Europe/Berlin",
        ["de", "en"],
        "2023-04-01",
        4,
    )
    skills = {e.skill.name: (e.level, e.can_teach, e.wants_to_learn) for e in ann.skills.all()}
    assert skills == {"Python": (3, True, False), "SQL": (1, False, True)}
    bea = Person.objects.get(user__email="bea@example.com")
    assert bea.manager == org.manager
    assert bea.is_programme_admin
    assert (bea.time_zone, bea.monthly_capacity, bea.is_active) == ("UTC", 2, True)
    assert result.notes == [
        "New teams: Engineering/Data Platform.",
        "New job families: Data.",
    ]


def test_reimporting_the_same_file_changes_nothing(org: Org) -> None:
    # given a file that was imported once
    content = csv_file(
        HEADER,
        "ann@example.com,Ann,Engineer,L3,Sales/EMEA,bob@example.com,SQL:2; Python:3:teach",
        "bob@example.com,Bob,Lead,L5,Sales/EMEA,,",
        "owner@example.com,Olive Owner,,L2,Engineering/Platform,manager@example.com,",
    )
    first = people_import_csv(content=content)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 1)
    before = snapshot()
    stamps = dict(Person.objects.values_list("id", "updated_at"))
    # when it is imported again
    second = people_import_csv(content=content)
    # then nothing is created, updated or even touched
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert snapshot() == before
    assert dict(Person.objects.values_list("id", "updated_at")) == stamps


def test_changed_row_updates_the_existing_person(org: Org) -> None:
    # given the owner exists (Platform team, L2, reporting to the manager)
    content = csv_file(
        "email,full_name,job_title,level,team,manager_email",
        "Owner@Example.com,Olive Owner,Staff Engineer,L4,Sales,outsider@example.com",
        "peer@example.com,Piet Peer,,L4,Engineering/Platform,manager@example.com",
    )
    # when a file changes her title, level, team and manager
    result = people_import_csv(content=content)
    # then she is updated in place (matched by e-mail in any letter case)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    owner = Person.objects.select_related("level", "team", "manager").get(pk=org.owner.pk)
    assert owner.job_title == "Staff Engineer"
    assert owner.level is not None
    assert owner.level.code == "L4"
    assert owner.team is not None
    assert owner.team.name == "Sales"
    assert owner.manager == org.outsider
    assert Person.objects.count() == 5


def test_columns_left_out_of_the_file_are_left_alone(org: Org) -> None:
    # given a file with only e-mail and name
    content = csv_file("email,full_name", "owner@example.com,Olive O. Owner")
    # when it is imported
    result = people_import_csv(content=content)
    # then the name changes and the manager, team and level stay
    assert result.updated == 1
    owner = Person.objects.get(pk=org.owner.pk)
    assert owner.full_name == "Olive O. Owner"
    assert owner.manager_id == org.manager.id
    assert owner.team_id == org.owner.team_id
    assert owner.level_id == org.owner.level_id


def test_an_empty_cell_clears_the_value(org: Org) -> None:
    content = csv_file("email,full_name,manager_email,team", "owner@example.com,Olive Owner,,")
    result = people_import_csv(content=content)
    assert result.updated == 1
    owner = Person.objects.get(pk=org.owner.pk)
    assert (owner.manager_id, owner.team_id) == (None, None)


def test_skills_in_the_file_are_upserted_and_others_kept(org: Org) -> None:
    # given the owner claims SQL at level 2 and Python at level 1
    person_skill_set(person=org.owner, skill=org.sql, level=2)
    person_skill_set(person=org.owner, skill=org.python, level=1)
    go = make_skill("Go")
    # when the file lists Python at 3 (teaching) and Go to learn, but not SQL
    content = csv_file(
        "email,full_name,skills", "owner@example.com,Olive Owner,Python:3:teach;Go:0:learn;"
    )
    result = people_import_csv(content=content)
    # then Python is updated, Go added and SQL kept
    assert result.updated == 1
    edges = {e.skill_id: (e.level, e.can_teach, e.wants_to_learn) for e in org.owner.skills.all()}
    assert edges == {
        org.sql.id: (2, False, False),
        org.python.id: (3, True, False),
        go.id: (0, False, True),
    }


def test_inactive_row_closes_the_login_and_revokes_tokens(org: Org) -> None:
    # given the peer has an API token
    issued = token_create(user=org.peer.user, name="script")
    # when a file marks them inactive
    result = people_import_csv(
        content=csv_file("email,full_name,active", "peer@example.com,Piet Peer,false")
    )
    # then the person, their login and their token are all closed
    assert result.updated == 1
    org.peer.refresh_from_db()
    org.peer.user.refresh_from_db()
    assert not org.peer.is_active
    assert not org.peer.user.is_active
    assert PersonalAccessToken.objects.get(pk=issued.token.pk).revoked_at is not None


def test_active_row_reopens_a_closed_login(org: Org) -> None:
    people_import_csv(content=csv_file("email,full_name,active", "peer@example.com,Piet Peer,no"))
    result = people_import_csv(
        content=csv_file("email,full_name,active", "peer@example.com,Piet Peer,yes")
    )
    assert result.updated == 1
    assert User.objects.get(pk=org.peer.user_id).is_active
    assert Person.objects.get(pk=org.peer.pk).is_active


def test_new_person_can_set_a_password_through_the_reset_link(client: Client, org: Org) -> None:
    # given a person created by an import
    people_import_csv(content=csv_file("email,full_name", "newbie@example.com,New Bie"))
    user = User.objects.get(email="newbie@example.com")
    assert not user.has_usable_password()
    # when they ask for a password reset link
    response = client.post(reverse("accounts:password_reset"), {"email": "NewBie@example.com"})
    # then the e-mail reaches them
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["newbie@example.com"]]


def test_login_without_a_profile_gets_one(org: Org) -> None:
    # given an operator login created with createsuperuser, without a profile
    operator = User.objects.create_superuser(email="ops@example.com", password="x" * 20)
    # when the file lists that address
    result = people_import_csv(content=csv_file("email,full_name", "ops@example.com,Ops Person"))
    # then the profile is attached to the existing login, which keeps its password
    assert result.created == 1
    person = Person.objects.get(user=operator)
    assert person.full_name == "Ops Person"
    operator.refresh_from_db()
    assert operator.has_usable_password()


def test_dry_run_counts_but_writes_nothing(org: Org) -> None:
    content = csv_file(
        "email,full_name,team,job_family",
        "new@example.com,New,Research/Lab,Science",
        "owner@example.com,Olive Owner 2,,",
        "peer@example.com,Piet Peer,Engineering/Platform,Software Engineering",
    )
    before = snapshot()
    result = people_import_csv(content=content, dry_run=True)
    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert result.dry_run
    assert "New teams: Research, Research/Lab." in result.notes
    assert snapshot() == before
    assert Person.objects.get(pk=org.owner.pk).full_name == "Olive Owner"


def test_excel_style_file_with_bom_semicolons_and_headings_is_read(org: Org) -> None:
    # given what Excel in a German locale saves: a BOM, semicolons and friendlier headings
    content = (
        "\ufeffE-mail;Full name;Manager;Monthly capacity\r\n"
        "ann@example.com;Änne Müller;manager@example.com;5\r\n"
    )
    result = people_import_csv(content=content.encode("utf-8"))
    assert result.ok, result.errors
    ann = Person.objects.get(user__email="ann@example.com")
    assert (ann.full_name, ann.manager_id, ann.monthly_capacity) == (
        "Änne Müller",
        org.manager.id,
        5,
    )


def test_team_names_match_existing_teams_in_any_letter_case(org: Org) -> None:
    content = csv_file("email,full_name,team", "ann@example.com,Ann,engineering/PLATFORM")
    result = people_import_csv(content=content)
    assert result.ok
    assert Person.objects.get(user__email="ann@example.com").team_id == org.owner.team_id
    assert result.notes == []


def test_new_team_slugs_do_not_collide(org: Org) -> None:
    # given a top-level team "Data" exists, and the file adds Engineering/Data
    data = make_team("Data")
    result = people_import_csv(
        content=csv_file("email,full_name,team", "ann@example.com,Ann,Engineering/Data")
    )
    assert result.ok
    team = Team.objects.get(name="Data", parent__name="Engineering")
    assert team.slug == "data-2"
    assert data.slug == "data"


def test_import_needs_a_handful_of_queries_whatever_the_size(
    org: Org, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    # given a file of 300 people with managers, teams and skills
    rows = [
        f"p{i}@example.com,Person {i},Engineer,L3,Guild/Team {i % 7},"
        f"{'' if i == 0 else f'p{i // 3}@example.com'},SQL:2; Python:{i % 5}"
        for i in range(300)
    ]
    content = csv_file(HEADER, *rows)
    make_person("Existing", "p5@example.com")
    # when it is imported
    with django_assert_max_num_queries(40):
        result = people_import_csv(content=content)
    # then it stays within a fixed number of queries
    assert (result.created, result.updated) == (299, 1)


def test_progress_is_reported_while_a_large_file_is_checked(org: Org) -> None:
    rows = [f"p{i}@example.com,Person {i}" for i in range(2500)]
    calls: list[tuple[int, int]] = []
    result = people_import_csv(
        content=csv_file("email,full_name", *rows),
        dry_run=True,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.created == 2500
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
