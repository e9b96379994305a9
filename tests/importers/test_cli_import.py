"""`jianbao import`: folders recursively, table and JSON output, --force, clashing ids."""

from __future__ import annotations

import json
import shutil

from jianbao_cli.model.yamlio import load_manifest
from tests.conftest import REPO, SEED_TEXT, run_cli

CORPUS = REPO / "tests" / "importers" / "corpus"


def test_folder_recursively_into_the_workspace(workspace_dir, cli):
    (workspace_dir / "issues" / "2008-06.yaml").unlink()
    archive = workspace_dir / "archive" / "2008"
    archive.mkdir(parents=True)
    shutil.copyfile(SEED_TEXT, archive / "seed.txt")
    shutil.copyfile(CORPUS / "05-supplement-gb18030.txt", workspace_dir / "archive" / "supplement.txt")
    (workspace_dir / "archive" / "notes.md").write_text("不是往期", encoding="utf-8")  # other extensions are skipped
    result = cli("import", "archive")
    assert result.exit_code == 0, result.output
    assert "2008-06" in result.output and "2010-Z01" in result.output
    written = load_manifest(workspace_dir / "issues" / "2008-06.yaml").issue
    assert written == load_manifest(REPO / "issues" / "2008-06.yaml").issue
    assert (workspace_dir / "issues" / "2010-Z01.yaml").is_file()


def test_json_lines_and_existing_manifest(tmp_path):
    out = tmp_path / "out"
    first = run_cli("import", str(SEED_TEXT), "--out", str(out), "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    record = json.loads(first.stdout)
    assert record["result"] == "written" and record["id"] == "2008-06" and record["articles"] == 5
    assert record["warnings"] == []
    before = (out / "2008-06.yaml").read_bytes()
    second = run_cli("import", str(SEED_TEXT), "--out", str(out), "--json", cwd=tmp_path)
    assert second.returncode == 1
    assert json.loads(second.stdout)["result"] == "exists"
    assert (out / "2008-06.yaml").read_bytes() == before
    third = run_cli("import", str(SEED_TEXT), "--out", str(out), "--force", "--json", cwd=tmp_path)
    assert third.returncode == 0 and json.loads(third.stdout)["result"] == "written"


def test_two_files_of_the_same_issue_in_one_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_TEXT, folder / "a.txt")
    (folder / "b.txt").write_bytes(SEED_TEXT.read_text(encoding="utf-8").encode("gb18030"))
    done = run_cli("import", str(folder), "--out", str(tmp_path / "out"), "--force", "--json", cwd=tmp_path)
    assert done.returncode == 1
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["result"] for r in records] == ["written", "failed"]
    assert "同一期" in records[1]["error"]


def test_warnings_listed_under_the_table(tmp_path):
    done = run_cli("import", str(CORPUS / "13-special-issue-shortened-title.txt"), "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2020-Z02" in done.stdout and "相似度" in done.stdout
    assert "# 警告：" in (tmp_path / "2020-Z02.yaml").read_text(encoding="utf-8")


def test_python_api_for_scripts(tmp_path):
    from jianbao_cli.importers import import_file, write_manifest

    result = import_file(CORPUS / "03-one-line-header-numbered-kicker.txt")
    assert (str(result.issue.id), result.format, result.issue.total_number) == ("2004-01", "text", 7)
    path = write_manifest(result, tmp_path)
    assert load_manifest(path).issue == result.issue


def test_import_draws_a_bar_on_a_terminal(tmp_path, monkeypatch):
    """Several files: a bar counting them on stderr when it is a terminal (none in a pipe: the other
    tests run the installed script, whose stderr is a pipe)."""
    import io
    import re

    from rich.console import Console
    from typer.testing import CliRunner

    import jianbao_cli.cli.importing as importing_cli
    from jianbao_cli.cli import app
    from tests.conftest import SEED_TEXT

    sources = tmp_path / "old"
    sources.mkdir()
    seed = SEED_TEXT.read_text(encoding="utf-8")
    for number in (6, 7, 8):
        (sources / f"issue-{number}.txt").write_text(seed.replace("2008 第 6 期", f"2008 第 {number} 期"), "utf-8")
    screen = io.StringIO()
    monkeypatch.setattr(importing_cli, "err_console", Console(file=screen, force_terminal=True, width=100))
    out = tmp_path / "issues"
    result = CliRunner().invoke(app, ["import", str(sources), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "导入" in shown and "3/3" in shown, shown
    assert sorted(p.name for p in out.glob("*.yaml")) == ["2008-06.yaml", "2008-07.yaml", "2008-08.yaml"]
