"""`pip install` of the package alone gives a working tool: the wheel carries template, example and defaults."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_wheel_carries_the_workspace_defaults_as_real_files(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("jianbao-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for relative in ["jianbao.yaml", "data/recipients.yaml", "issues/2008-06.yaml", "templates/briefing.docx"]:
            member = f"jianbao_cli/defaults/{relative}"
            assert member in names, member
            assert archive.read(member) == (REPO / relative).read_bytes(), relative
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
        assert "jianbao = jianbao_cli.cli:main" in entry_points
