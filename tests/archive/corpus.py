"""Generated issues for the archive tests: real manifests written through the model, real PNG figures."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

from jianbao_cli.model import Article, Figure, Heading, Issue, Section
from jianbao_cli.model.yamlio import save_issue


def png(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG file of one colour, made with zlib (no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def make_issue(year: int, number: int, sections: list[Section], *, supplement: bool = False,
               date: dt.date | None = None, series: str = "成都市政府网站简报") -> Issue:
    return Issue(series=series, year=year, number=number, supplement=supplement,
                 date=date or dt.date(year, 1 + (number - 1) % 12, min(28, number)),
                 publisher="成都市经济信息中心", sections=sections,
                 distribution={"送": ["市政府秘书长"], "发": ["区（市）县信息办"]},
                 contact="成都市经济信息中心 电话：87763494")


def write_issue(root: Path, issue: Issue, figures: dict[str, bytes] | None = None) -> Path:
    issues = root / "issues"
    for relative, data in (figures or {}).items():
        (issues / relative).parent.mkdir(parents=True, exist_ok=True)
        (issues / relative).write_bytes(data)
    path = issues / f"{issue.id}.yaml"
    save_issue(path, issue)
    return path


def archive_workspace(root: Path) -> dict[str, Path]:
    """Beside the example 2008-06: three issues with every kind of block and words to look for."""
    paths = {}
    paths["2009-01"] = write_issue(root, make_issue(2009, 1, [
        Section(title="专题", articles=[
            Article(title="金牛区政务网改版上线", note="本文介绍编者按专用词璇玑的由来。",
                    paragraphs=["新版网站开设荷花池市场频道。",
                                Heading(heading="一、总体情况"),
                                "全区 3G 网络覆盖率达到百分之九十。",
                                Heading(heading="（一）小标题专用词琅琊"),
                                Figure(figure="2009-01/photo-1.png", caption="图为图注专用词饕餮"),
                                "R AND D 与 NEAR 都是英文词，(括号) 和 \"引号\" 与 3G* 也只是文字。"],
                    source="来源专用词麒麟供稿"),
            Article(title="武侯区推进电子政务",
                    paragraphs=["武侯区在金牛区之后开通了在线服务。", "电子，政务不是一个词。"]),
        ]),
    ]), {"2009-01/photo-1.png": png()})
    paths["2009-02"] = write_issue(root, make_issue(2009, 2, [
        Section(title="区县动态", articles=[
            Article(title="青白江区召开信息化工作会", paragraphs=["青白江区的会议于 2009 年召开，布置 3g 建设。"]),
        ]),
    ]))
    paths["2010-Z01"] = write_issue(root, make_issue(2010, 1, [
        Section(title=None, articles=[
            Article(title="增刊：全市政府网站绩效评估", paragraphs=["评估覆盖金牛、武侯等区县网站。"]),
        ]),
    ], supplement=True, series="成都市政府网站简报增刊"))
    return paths
