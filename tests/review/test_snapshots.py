"""Snapshots: a kill while one is written leaves the store intact; the state folder can be moved."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import run_cli
from tests.review.conftest import FIGURE, approve, every_edit


def _store(workspace_dir):
    return workspace_dir / ".jianbao" / "snapshots"


def _complete(workspace_dir):
    return sorted(p.name for p in _store(workspace_dir).iterdir() if (p / "snapshot.json").is_file())


@pytest.mark.parametrize("nth", [1, 2])
def test_kill_while_writing_a_snapshot_then_rerun(base, nth):
    approve(base)
    kept = _complete(base)
    every_edit(base)
    killed = run_cli("approve", "2008-06", "--by", "李副主任", cwd=base, env={"JIANBAO_TEST_CRASH_AT": f"snapshot_write:{nth}"})
    assert killed.returncode == 86  # os._exit in the middle of writing: no cleanup ran
    leftovers = [p for p in _store(base).iterdir() if p.name.startswith(".tmp-")]
    assert leftovers  # the half-written snapshot is there, but not as a snapshot
    assert _complete(base) == kept
    # The store is intact: the earlier sign-off's snapshot still loads and the diff works against it.
    against_old = run_cli("diff", "2008-06", "--json", cwd=base)
    assert against_old.returncode == 1, against_old.stderr
    assert json.loads(against_old.stdout)["counts"]["added"] == 1
    assert [a["by"] for a in json.loads(run_cli("approvals", "2008-06", "--json", cwd=base).stdout)["approvals"]] == ["王主任"]

    rerun = run_cli("approve", "2008-06", "--by", "李副主任", cwd=base)
    assert rerun.returncode == 0, rerun.stderr
    assert not [p for p in _store(base).iterdir() if p.name.startswith(".tmp-")]
    assert len(_complete(base)) == 2
    assert run_cli("diff", "2008-06", cwd=base).returncode == 0  # against the new sign-off: equal


def test_snapshot_keeps_the_exact_manifest_and_figures(base):
    approve(base)
    (folder,) = [p for p in _store(base).iterdir() if not p.name.startswith(".")]
    assert (folder / "issues/2008-06.yaml").read_bytes() == (base / "issues/2008-06.yaml").read_bytes()
    assert (folder / "issues" / FIGURE).read_bytes() == (base / "issues" / FIGURE).read_bytes()
    meta = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    assert folder.name.startswith(meta["content_hash"] + ".")
    assert str(base) not in (folder / "snapshot.json").read_text(encoding="utf-8")


def test_the_state_folder_can_be_copied_to_another_machine(base, tmp_path):
    approve(base)
    every_edit(base)
    expected = json.loads(run_cli("diff", "2008-06", "--json", cwd=base).stdout)
    elsewhere = tmp_path / "另一台电脑" / "简报"
    shutil.copytree(base, elsewhere)
    shutil.rmtree(base / "issues")  # nothing may point back to the old place
    moved = run_cli("diff", "2008-06", "--json", cwd=elsewhere)
    assert moved.returncode == 1, moved.stderr
    assert json.loads(moved.stdout)["articles"] == expected["articles"]
