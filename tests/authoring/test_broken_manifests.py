"""A corpus of broken manifests: each gives its clear message, exit status 2, and changes no file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLE = (REPO / "issues" / "2008-06.yaml").read_text(encoding="utf-8")
LINES = EXAMPLE.split("\n")


def line_of(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES, 1) if line.startswith(prefix))


def replace(old: str, new: str) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, 1)


# (case id, manifest text or bytes, command, expected stderr fragments)
CASES = [
    ("bad-yaml", replace("发: [市政府各部门, 区（市）县信息办]", "发: [市政府各部门, 区（市）县信息办"), "toc",
     ["issues/2008-06.yaml:", "YAML 语法错误"]),
    ("wrong-type-year", replace("year: 2008", "year: 二〇〇八"), "toc",
     [f"issues/2008-06.yaml:{line_of('year:')} year: 应为整数"]),
    ("wrong-type-date", replace("date: 2008-10-28", "date: 2008年10月28日"), "check",
     [f"issues/2008-06.yaml:{line_of('date:')} date: 应为日期，如 2008-10-28"]),
    ("impossible-date", replace("date: 2008-10-28", "date: 2008-13-45"), "toc",
     [f"issues/2008-06.yaml:{line_of('date:')}: “2008-13-45”不是有效的日期"]),
    ("missing-publisher", replace("publisher: 成都市经济信息中心\n", ""), "toc",
     [f"issues/2008-06.yaml:{line_of('series:')} publisher: 缺少此项"]),
    ("empty-title", replace("      - title: 成都农业科技成果推广服务平台开通试运行", "      - title:  "), "toc",
     [f"issues/2008-06.yaml:{line_of('      - title: 成都农业')} sections[1].articles[2].title: 不能为空"]),
    ("null-title", replace("      - title: 成都农业科技成果推广服务平台开通试运行", "      - title:"), "toc",
     [f"issues/2008-06.yaml:{line_of('      - title: 成都农业')} sections[1].articles[2].title: 不能为空"]),
    ("no-paragraphs", replace(
        "        paragraphs:\n          - 我市首个", "        paragraphs: []\n        extra_paragraphs:\n          - 我市首个"),
     "toc", ["sections[1].articles[2].paragraphs: 至少要有一项", "sections[1].articles[2].extra_paragraphs: 未知的项"]),
    ("unknown-key", replace("copies: null", "copys: 100"), "toc",
     [f"issues/2008-06.yaml:{line_of('copies:')} copys: 未知的项（拼写错误？）"]),
    ("unknown-distribution-key", replace("  发: [", "  发给: ["), "toc",
     [f"issues/2008-06.yaml:{line_of('  发:')} distribution.发给: 未知的分发项，只能是 报、送、发、抄送"]),
    ("negative-copies", replace("copies: null", "copies: -5"), "toc", ["copies: 应不小于 1"]),
    ("unknown-label", replace("发: [市政府各部门,", "发: [市政府各部门, 市外事办,"), "check",
     [f"issues/2008-06.yaml:{line_of('  发:')} distribution.发[1]: “市外事办”不在 data/recipients.yaml 中"]),
    ("label-with-newline", replace("发: [市政府各部门,", '发: ["市政府各部门\\nBcc: x@example.com",'), "check",
     ["distribution.发[0]: 不能换行（CR/LF），请写在一行内"]),
    ("control-character", replace("新都区交通运输管理所", "新都区\x07交通运输管理所"), "toc",
     [f"issues/2008-06.yaml:{next(i for i, l in enumerate(LINES, 1) if '新都区交通运输管理所' in l)}: 第 16 列含有 XML 无法容纳的字符 U+0007"]),
    ("not-utf8", EXAMPLE.encode("gb18030"), "toc", ["不是有效的 UTF-8 文本"]),
    ("duplicate-key", replace("number: 6\n", "number: 6\nnumber: 7\n"), "toc", ["YAML 语法错误"]),
    ("empty-file", "", "toc", ["issues/2008-06.yaml: 文件是空的"]),
    ("top-level-list", "- series: x\n", "toc", ["issues/2008-06.yaml:1: 顶层应为映射"]),
    ("id-mismatch", replace("number: 6", "number: 7"), "toc", ["文件名是 2008-06，但内容是 2008-07"]),
]


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("case, content, command, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_manifest(cli, workspace_dir, case, content, command, expected):
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    manifest.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(workspace_dir)
    args = [command, "2008-06"]
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr
    assert snapshot(workspace_dir) == before
    if case != "unknown-label":  # an unknown label is a send-time problem; the manifest itself is valid
        # An edit command on the broken manifest is refused too, and nothing changes on disk.
        edit = cli("add-article", "2008-06", "--section", "政府网站群动态", "--title", "T", input="正文。")
        assert edit.exit_code == 2
        assert snapshot(workspace_dir) == before


def test_every_case_through_the_installed_script_once(workspace_dir):
    """The console script gives the same message and status (no traceback from the real entry point)."""
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    manifest.write_text(replace("year: 2008", "year: 二〇〇八"), encoding="utf-8")
    result = run_cli("check", cwd=workspace_dir)
    assert result.returncode == 2
    assert f"issues/2008-06.yaml:{line_of('year:')} year: 应为整数" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "issue_id", ["../../etc/passwd", "2008-06/../../x", "/etc/passwd", "2008-6", "2008-06.yaml", "20080-06", "2008-00", "2008-06\n"]
)
def test_path_like_ids_reach_nothing(workspace_dir, issue_id):
    before = snapshot(workspace_dir)
    for args in (["toc", issue_id], ["new", issue_id], ["check", issue_id],
                 ["add-article", issue_id, "--section", "x", "--title", "y"]):
        result = run_cli(*args, cwd=workspace_dir, input="正文")
        assert result.returncode == 2, (args, result.stdout)
        assert "格式不对" in result.stderr or "不对" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(workspace_dir) == before


def test_check_reports_all_problems_at_once(cli, workspace_dir):
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    manifest.write_text(
        replace("发: [市政府各部门,", "发: [市外事办, 市政府各部门, 市侨办,"), encoding="utf-8"
    )
    (workspace_dir / "issues" / "2008-07.yaml").write_text(replace("number: 6", "number: 7").replace("year: 2008", "year: x"), encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 2
    assert "“市外事办”" in result.stderr and "“市侨办”" in result.stderr
    assert "issues/2008-07.yaml" in result.stderr and "year: 应为整数" in result.stderr
    assert "共 3 个问题" in result.stderr


def test_broken_recipients_file(cli, workspace_dir):
    recipients = workspace_dir / "data" / "recipients.yaml"
    recipients.write_text(
        "市政府秘书长:\n  - {name: 王秘书长, email: not-an-address}\n市政府各部门:\n  - {name: \"A\\nBcc: x\", email: a@example.org}\n",
        encoding="utf-8",
    )
    result = cli("check", "2008-06")
    assert result.exit_code == 2
    assert "data/recipients.yaml:2 市政府秘书长[0].email: 邮箱地址“not-an-address”无效" in result.stderr
    assert "data/recipients.yaml:4 市政府各部门[0].name: 姓名含有换行或控制字符" in result.stderr


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("  red: FF0000", "  red: 红色", "jianbao.yaml:{line} layout.red: 格式不对"),
        ("  security: starttls", "  security: tls", "jianbao.yaml:{line} mail.security: 只能是 'none', 'starttls' or 'ssl'"),
        ("  masthead_size_pt: 42", "  masthead_size_pt: 0", "jianbao.yaml:{line} layout.masthead_size_pt: 应大于 0"),
        ("output_dir: build", "output_dri: build", "jianbao.yaml:{line} output_dri: 未知的项（拼写错误？）"),
        ("timezone: Asia/Shanghai", "timezone: Beijing", "jianbao.yaml:{line} timezone: “Beijing”不是已知的时区（应如 Asia/Shanghai）"),
    ],
)
def test_broken_settings_are_named_by_line_and_field(cli, workspace_dir, old, new, expected):
    settings = workspace_dir / "jianbao.yaml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    line = next(i for i, l in enumerate(text.split("\n"), 1) if l.startswith(old))
    settings.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(workspace_dir)
    result = cli("new", "2008-07")
    assert result.exit_code == 2
    assert expected.format(line=line) in result.stderr, result.stderr
    assert snapshot(workspace_dir) == before
