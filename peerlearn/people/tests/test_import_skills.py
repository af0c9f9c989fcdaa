"""The skill taxonomy CSV import: names, parents and aliases, all or nothing."""

from __future__ import annotations

import pytest

from conftest import Org
from peerlearn.people.importing import ImportResult, RowError, skills_import_csv
from peerlearn.people.models import Skill, SkillAlias
from peerlearn.people.tests.factories import make_skill

pytestmark = pytest.mark.django_db


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def taxonomy() -> dict[str, tuple[str | None, str, list[str]]]:
    """name -> (parent name, description, aliases): the whole taxonomy in comparable form."""
    return {
        skill.name: (
            skill.parent.name if skill.parent else None,
            skill.description,
            sorted(a.name for a in skill.aliases.all()),
        )
        for skill in Skill.objects.select_related("parent").prefetch_related("aliases")
    }


def import_rejected(content: bytes) -> ImportResult:
    before = taxonomy()
    result = skills_import_csv(content=content)
    assert not result.ok
    assert taxonomy() == before
    return result


def test_import_creates_a_tree_whatever_the_row_order(db: None) -> None:
    # given children listed before their parents, with aliases
    content = csv_file(
        "name,parent,aliases,description",
        "dbt,Data,data build tool,SQL models",
        "Kubernetes,Platform,k8s;kube;K8S,",
        "Data,,,",
        "Platform,,,Running software",
    )
    # when it is imported
    result = skills_import_csv(content=content)
    # then the tree and its aliases exist
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert taxonomy() == {
        "dbt": ("Data", "SQL models", ["data build tool"]),
        "Kubernetes": ("Platform", "", ["k8s", "kube"]),
        "Data": (None, "", []),
        "Platform": (None, "Running software", []),
    }
    assert Skill.objects.get(name="Kubernetes").slug == "kubernetes"


def test_reimporting_the_same_file_changes_nothing(db: None) -> None:
    content = csv_file("name,parent,aliases", "Data,,", "SQL,Data,structured query language")
    skills_import_csv(content=content)
    stamps = dict(Skill.objects.values_list("id", "updated_at"))
    result = skills_import_csv(content=content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert dict(Skill.objects.values_list("id", "updated_at")) == stamps
    assert SkillAlias.objects.count() == 1


def test_existing_skills_are_updated_and_their_aliases_kept(org: Org) -> None:
    # given Python (alias "py") is top-level and SQL sits under Data
    # when a file moves Python under a new Engineering area and adds an alias
    content = csv_file(
        "name,parent,aliases,description",
        "engineering,,,Building software",
        "python,Engineering,python3,The language",
        "SQL,Data,,",
    )
    result = skills_import_csv(content=content)
    # then Python is updated (in the file's spelling), "py" is kept, SQL is unchanged
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    python = Skill.objects.get(pk=org.python.pk)
    assert python.name == "python"
    assert python.parent is not None
    assert python.parent.name == "engineering"
    assert sorted(python.aliases.values_list("name", flat=True)) == ["py", "python3"]


def test_duplicate_names_are_reported_on_the_repeat(db: None) -> None:
    result = import_rejected(csv_file("name,parent", "Data,", "SQL,Data", "sql,"))
    assert result.errors == [
        RowError(4, "sql already appears on line 3; list each skill once.", "name")
    ]


def test_unknown_parent_is_reported(org: Org) -> None:
    result = import_rejected(csv_file("name,parent", "dbt,Data", "Airflow,Pipelines"))
    assert [e.line for e in result.errors] == [3]
    assert "unknown parent skill “Pipelines”" in result.errors[0].message


def test_parent_may_be_named_by_an_alias(org: Org) -> None:
    result = skills_import_csv(content=csv_file("name,parent", "Django,py"))
    assert result.ok
    assert Skill.objects.get(name="Django").parent == org.python


def test_alias_that_names_another_skill_is_refused(org: Org) -> None:
    result = import_rejected(csv_file("name,aliases", "Go,golang", "Rust,SQL", "Zig,Go"))
    assert [e.line for e in result.errors] == [3, 4]
    assert result.errors[0].message == "“SQL” is the name of the skill SQL."
    assert result.errors[1].message == "“Go” is the name of the skill Go."


def test_alias_belonging_to_another_skill_is_refused(org: Org) -> None:
    result = import_rejected(csv_file("name,aliases", "Pascal,py", "Perl,pl", "Prolog,PL"))
    assert [e.line for e in result.errors] == [2, 4]
    assert "already an alias of Python" in result.errors[0].message
    assert "already an alias of Perl on line 3" in result.errors[1].message


def test_name_that_is_an_alias_of_another_skill_is_refused(org: Org) -> None:
    result = import_rejected(csv_file("name", "Py"))
    assert result.errors == [RowError(2, "“Py” is already an alias of Python.", "name")]


def test_parent_cycle_in_the_file_reports_every_row(db: None) -> None:
    content = csv_file("name,parent", "A,C", "B,A", "C,B", "D,A")
    result = import_rejected(content)
    assert [e.line for e in result.errors] == [2, 3, 4]
    assert "A → C → B → A" in result.errors[0].message


def test_parent_cycle_through_the_database_is_found(org: Org) -> None:
    # given SQL sits under Data; the file puts Data under SQL
    result = import_rejected(csv_file("name,parent", "Data,SQL"))
    assert [e.line for e in result.errors] == [2]
    assert "loop" in result.errors[0].message


def test_skill_cannot_be_its_own_parent(db: None) -> None:
    result = import_rejected(csv_file("name,parent", "Data,data"))
    assert result.errors == [RowError(2, "a skill cannot be its own parent.", "parent")]


def test_names_with_separators_of_the_people_file_are_refused(db: None) -> None:
    result = import_rejected(csv_file("name,aliases", "C: the language,", "Go,go;lang:x"))
    assert [(e.line, e.column) for e in result.errors] == [(2, "name"), (3, "aliases")]


def test_missing_name_column_and_empty_file_are_file_errors(db: None) -> None:
    assert [e.line for e in import_rejected(csv_file("parent,aliases", ",")).errors] == [0]
    assert import_rejected(b"\xef\xbb\xbf").errors == [RowError(0, "The file is empty.")]


def test_dry_run_counts_and_writes_nothing(org: Org) -> None:
    make_skill("Go")
    before = taxonomy()
    result = skills_import_csv(content=csv_file("name,parent", "Go,", "Rust,"), dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert result.notes == ["New skills: Rust."]
    assert taxonomy() == before
