"""Versions of the example issue for the review tests, built by editing the manifest as a clerk would."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIGURE = "2008-06/photo-1.png"
CAPTION = "图为试点现场"
A1 = "政府创新与电子政府建设研讨会在成都召开"
B1 = "成都市行政审批电子监察系统在武侯区试点"
B2 = "金牛开通在线政务服务第一时间解答群众疑问"
B2_NEW = "金牛区开通在线政务服务及时解答群众疑问"
B3 = "成都农业科技成果推广服务平台开通试运行"
B4 = "新都区全面启用四川省道路运政信息系统"
ADDED = "青白江区开通网上信访大厅"
ADDED_TEXT = "青白江区网上信访大厅日前开通，群众可在网上反映诉求、查询办理进度。"
EDIT_OLD = "提供了更大的空间"
EDIT_NEW = "提供了更为广阔的空间"
SECTION_1, SECTION_2 = "市政府门户网站动态", "政府网站群动态"
LABEL_ADDED = "市信息办综合处、推进处"


def png(red: int, green: int = 0, blue: int = 0) -> bytes:
    """A valid 2×2 PNG of one colour: different colours, different bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([red, green, blue]) * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def edit(workspace_dir: Path, change, issue: str = "2008-06") -> None:
    """Round-trip edit of a manifest with ruamel (comments kept), like `jianbao` editing commands do."""
    from jianbao_cli.model.yamlio import dump_tree, parse_tree

    path = workspace_dir / "issues" / f"{issue}.yaml"
    data = parse_tree(path.read_text(encoding="utf-8"), str(path))
    change(data)
    path.write_text(dump_tree(data), encoding="utf-8")


def _article(data, title: str):
    for section in data["sections"]:
        for article in section["articles"]:
            if article["title"] == title:
                return section, article
    raise KeyError(title)


def add_figure(workspace_dir: Path) -> None:
    """The base version: the example plus a photo in the first article of 政府网站群动态."""
    (workspace_dir / "issues" / "2008-06").mkdir(exist_ok=True)
    (workspace_dir / "issues" / FIGURE).write_bytes(png(200))

    def change(data):
        _, article = _article(data, B1)
        article["paragraphs"].append({"figure": FIGURE, "caption": CAPTION})

    edit(workspace_dir, change)


def every_edit(workspace_dir: Path) -> None:
    """A paragraph edited in the middle, an article moved between sections, one added, one removed,
    a title changed, a label added to 发, a figure replaced by another photo under the same name."""
    (workspace_dir / "issues" / FIGURE).write_bytes(png(0, 200))

    def change(data):
        _, a1 = _article(data, A1)
        assert EDIT_OLD in a1["paragraphs"][2]
        a1["paragraphs"][2] = a1["paragraphs"][2].replace(EDIT_OLD, EDIT_NEW)
        section_2, b3 = _article(data, B3)
        section_2["articles"].remove(b3)
        data["sections"][0]["articles"].append(b3)
        section_2["articles"].remove(_article(data, B4)[1])
        _article(data, B2)[1]["title"] = B2_NEW
        section_2["articles"].append({"title": ADDED, "paragraphs": [ADDED_TEXT]})
        data["distribution"]["发"].append(LABEL_ADDED)

    edit(workspace_dir, change)


def approve(workspace_dir: Path, by: str = "王主任", *extra: str):
    done = run_cli("approve", "2008-06", "--by", by, *extra, cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def base(workspace_dir: Path) -> Path:
    add_figure(workspace_dir)
    return workspace_dir


def set_review(workspace_dir: Path, **values) -> None:
    """Set `review:` keys in the workspace's jianbao.yaml (everything else kept)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    path = workspace_dir / "jianbao.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    data.setdefault("review", {})
    for key, value in values.items():
        data["review"][key] = value
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


@pytest.fixture
def smtp(request):
    """A real aiosmtpd server on 127.0.0.1 (no TLS) recording what arrives, in order."""
    from tests.send.smtpd_fixture import SMTPServer

    server = SMTPServer("plain").start()
    request.addfinalizer(server.stop)
    return server


def env_for(server) -> dict:
    from tests.send.conftest import mail_env

    return mail_env(server)


def list_json(workspace_dir: Path) -> dict:
    import json

    done = run_cli("list", "--json", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in json.loads(done.stdout)}
