"""`peerlearn import people|skills FILE.csv`: summaries, bad lines, exit codes; sample files."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from conftest import Org
from peerlearn import cli
from peerlearn.people.models import Person, PersonSkill, Skill, SkillAlias, Team

EXAMPLES = Path(settings.BASE_DIR) / "examples"


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_people_prints_a_summary(tmp_path: Path, org: Org) -> None:
    # given a file with one new and one unchanged person
    path = write(
        tmp_path,
        "people.csv",
        "email,full_name,manager_email",
        "ann@example.com,Ann,manager@example.com",
        "peer@example.com,Piet Peer,manager@example.com",
    )
    # when it is imported
    out, err = run("import_people", str(path))
    # then the summary is printed, nothing else, and the person exists
    assert out == f"Imported {path}: created 1, updated 0, unchanged 1.\n"
    assert err == ""
    assert Person.objects.filter(user__email="ann@example.com").exists()


@pytest.mark.django_db
def test_dry_run_prints_what_would_change_and_writes_nothing(tmp_path: Path, org: Org) -> None:
    path = write(tmp_path, "people.csv", "email,full_name,team", "ann@example.com,Ann,Lab")
    out, _ = run("import_people", str(path), "--dry-run")
    assert "dry run, nothing written" in out
    assert "would have created 1, updated 0, unchanged 0" in out
    assert "New teams: Lab." in out
    assert not Person.objects.filter(user__email="ann@example.com").exists()
    assert not Team.objects.filter(name="Lab").exists()


@pytest.mark.django_db
def test_bad_file_lists_every_bad_line_and_fails(tmp_path: Path, org: Org) -> None:
    # given a file with an unknown manager on line 3 and a bad date on line 4
    path = write(
        tmp_path,
        "people.csv",
        "email,full_name,manager_email,hire_date",
        "ann@example.com,Ann,,2024-01-31",
        "bob@example.com,Bob,x@y.example,",
        "cat@example.com,Cat,,31.01.2024",
    )
    # when it is imported
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_people", str(path), stdout=out, stderr=err)
    # then each bad line is printed and the command fails, having written nothing
    lines = err.getvalue().splitlines()
    assert lines[0] == (
        "line 3, manager_email: no one with e-mail x@y.example in the file or in Peerlearn."
    )
    assert lines[1].startswith("line 4, hire_date: “31.01.2024” is not a date")
    assert len(lines) == 2
    assert str(failure.value) == f"2 problems on 2 lines of {path}; nothing was imported."
    assert out.getvalue() == ""
    assert not Person.objects.filter(user__email="ann@example.com").exists()


@pytest.mark.django_db
def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv: "):
        run("import_people", str(tmp_path / "missing.csv"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_peerlearn_import_people_exits_non_zero_on_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a file whose only row has a bad e-mail address
    path = write(tmp_path, "people.csv", "email,full_name", "ann-at-example.com,Ann")
    monkeypatch.setattr(sys, "argv", ["peerlearn", "import", "people", str(path)])
    # when the console command runs
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    # then it exits with status 1 and names the line
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "line 2, email: “ann-at-example.com” is not an e-mail address." in err
    assert "nothing was imported" in err
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_peerlearn_import_skills_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "skills.csv", "name,parent", "Data,", "SQL,Data")
    monkeypatch.setattr(sys, "argv", ["peerlearn", "import", "skills", str(path)])
    cli.main()  # returns normally: exit status 0
    assert "created 2, updated 0, unchanged 0" in capsys.readouterr().out
    assert Skill.objects.get(name="SQL").parent == Skill.objects.get(name="Data")


@pytest.mark.django_db
def test_sample_files_import_cleanly_into_an_empty_database() -> None:
    # given an empty organisation
    assert Person.objects.count() == 0
    # when the sample skills and then the sample people are imported
    skills_out, _ = run("import_skills", str(EXAMPLES / "skills.csv"))
    people_out, _ = run("import_people", str(EXAMPLES / "people.csv"))
    # then every row is created, with the manager tree and skills that reference aliases
    skill_rows = len((EXAMPLES / "skills.csv").read_text(encoding="utf-8").splitlines()) - 1
    people_rows = len((EXAMPLES / "people.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"created {skill_rows}, updated 0, unchanged 0" in skills_out
    assert f"created {people_rows}, updated 0, unchanged 0" in people_out
    assert 20 <= people_rows <= 30
    assert SkillAlias.objects.filter(name="k8s", skill__name="Kubernetes").exists()
    tomas = Person.objects.get(user__email="tomas.garcia@example.com")
    chain = []
    boss = tomas.manager
    while boss is not None:
        chain.append(boss.full_name)
        boss = boss.manager
    assert chain == ["Priya Raman", "Daniel Okafor", "Sofia Martins"]
    assert PersonSkill.objects.filter(person__user__email="aisha.bello@example.com").filter(
        skill__name="Kubernetes", level=4, can_teach=True
    )
    assert not Person.objects.get(user__email="peter.novak@example.com").is_active
    assert Person.objects.filter(is_programme_admin=True).count() == 2
    # and importing both again changes nothing
    assert (
        "created 0, updated 0, unchanged" in run("import_skills", str(EXAMPLES / "skills.csv"))[0]
    )
    assert f"unchanged {people_rows}." in run("import_people", str(EXAMPLES / "people.csv"))[0]
