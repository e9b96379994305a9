"""new, add-article, toc, check, list, init, schema: in process and through the installed script."""

from __future__ import annotations

import json
import sys

from ruamel.yaml import YAML

from jianbao_cli.model.yamlio import load_manifest

from tests.conftest import REPO, run_cli

SEED_TITLES = [
    ("市政府门户网站动态", ["政府创新与电子政府建设研讨会在成都召开"]),
    (
        "政府网站群动态",
        [
            "成都市行政审批电子监察系统在武侯区试点",
            "金牛开通在线政务服务第一时间解答群众疑问",
            "成都农业科技成果推广服务平台开通试运行",
            "新都区全面启用四川省道路运政信息系统",
        ],
    ),
]


def test_toc_json_of_the_example_through_the_installed_script(workspace_dir):
    result = run_cli("toc", "2008-06", "--format", "json", cwd=workspace_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {"issue": "2008-06", "sections": [{"title": t, "articles": a} for t, a in SEED_TITLES]}


def test_toc_text_markdown_and_tree(cli, workspace_dir):
    text = cli("toc", "2008-06", "--format", "text").stdout
    assert text.splitlines()[:3] == ["本期导读", "市政府门户网站动态", "☞ 政府创新与电子政府建设研讨会在成都召开"]
    markdown = cli("toc", "2008-06", "--format", "markdown").stdout
    assert "### 政府网站群动态" in markdown and "- ☞ 新都区全面启用四川省道路运政信息系统" in markdown
    tree = cli("toc", "2008-06").stdout
    assert "☞ 金牛开通在线政务服务第一时间解答群众疑问" in tree
    bad = cli("toc", "2008-06", "--format", "html")
    assert bad.exit_code == 2 and "--format" in bad.stderr


def test_workspace_is_found_from_a_subfolder_and_from_the_environment(workspace_dir, tmp_path):
    sub = workspace_dir / "issues"
    assert run_cli("toc", "2008-06", "--format", "text", cwd=sub).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lost = run_cli("toc", "2008-06", cwd=elsewhere)
    assert lost.returncode == 2 and "找不到工作区" in lost.stderr and "Traceback" not in lost.stderr
    found = run_cli("toc", "2008-06", "--format", "text", cwd=elsewhere, env={"JIANBAO_WORKSPACE": str(workspace_dir)})
    assert found.returncode == 0, found.stderr
    flag = run_cli("--workspace", str(workspace_dir), "toc", "2008-06", "--format", "text", cwd=elsewhere)
    assert flag.returncode == 0, flag.stderr


def test_new_carries_over_from_the_previous_issue(cli, workspace_dir):
    path = workspace_dir / "issues" / "2008-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("total_number: null", "total_number: 20"), encoding="utf-8")
    result = cli("new", "2008-07", "--date", "2008-11-05")
    assert result.exit_code == 0, result.stderr
    new = load_manifest(workspace_dir / "issues" / "2008-07.yaml").issue
    old = load_manifest(path).issue
    assert (new.year, new.number, new.total_number, str(new.date)) == (2008, 7, 21, "2008-11-05")
    assert new.distribution == old.distribution
    assert [s.title for s in new.sections] == [s.title for s in old.sections]
    assert new.article_count == 0


def test_new_defaults_to_today_and_the_next_number_and_refuses_to_overwrite(workspace_dir):
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    fresh_year = run_cli("new", cwd=workspace_dir)
    assert fresh_year.returncode == 0, fresh_year.stderr
    assert f"没有指定期号：出刊日期 {today.isoformat()} 在 {today.year} 年，该年还没有期刊，所以从第 1 期起（{today.year}-01）" in fresh_year.stdout
    this_year = load_manifest(workspace_dir / "issues" / f"{today.year}-01.yaml").issue
    assert (this_year.date, this_year.number) == (today, 1)
    first = run_cli("new", "--date", "2008-11-05", cwd=workspace_dir)
    assert first.returncode == 0, first.stderr
    assert "该年最新一期是 2008-06，所以取下一期（2008-07）" in first.stdout
    created = load_manifest(workspace_dir / "issues" / "2008-07.yaml").issue
    assert str(created.date) == "2008-11-05"
    before = (workspace_dir / "issues" / "2008-07.yaml").read_bytes()
    again = run_cli("new", "2008-07", cwd=workspace_dir)
    assert again.returncode == 2 and "已存在" in again.stderr
    assert (workspace_dir / "issues" / "2008-07.yaml").read_bytes() == before


def test_add_article_from_stdin_keeps_comments_and_order(workspace_dir):
    path = workspace_dir / "issues" / "2008-06.yaml"
    before = path.read_text(encoding="utf-8")
    body = "第一段第一行，\n接着第一行写。\n\n第二段 mentions\nLatin words wrapped.\n"
    result = run_cli(
        "add-article", "2008-06", "--section", "政府网站群动态", "--title", "新文章", "--position", "2",
        cwd=workspace_dir, input=body,
    )
    assert result.returncode == 0, result.stderr
    assert "第 2 篇" in result.stdout
    after = path.read_text(encoding="utf-8")
    for comment_line in [l for l in before.splitlines() if "#" in l]:
        assert comment_line in after
    issue = load_manifest(path).issue
    article = issue.sections[1].articles[1]
    assert article.title == "新文章"
    assert article.paragraphs == ["第一段第一行，接着第一行写。", "第二段 mentions Latin words wrapped."]
    assert [a.title for a in issue.sections[1].articles][2] == "金牛开通在线政务服务第一时间解答群众疑问"
    keys = [line.split(":")[0] for line in after.splitlines() if line and not line.startswith((" ", "#"))]
    assert keys == ["series", "year", "number", "total_number", "supplement", "date", "publisher", "sections",
                    "distribution", "copies", "contact"]


def test_add_article_from_file_and_new_section(cli, workspace_dir, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("\ufeff只有一段。\r\n", encoding="utf-8")
    missing = cli("add-article", "2008-06", "--section", "专题", "--title", "T", "--file", str(body))
    assert missing.exit_code == 2 and "--new-section" in missing.stderr
    made = cli("add-article", "2008-06", "--section", "专题", "--title", "T", "--file", str(body), "--new-section")
    assert made.exit_code == 0, made.stderr
    issue = load_manifest(workspace_dir / "issues" / "2008-06.yaml").issue
    assert issue.sections[-1].title == "专题" and issue.sections[-1].articles[0].paragraphs == ["只有一段。"]


def test_add_article_refusals_leave_the_file_alone(cli, workspace_dir, tmp_path):
    path = workspace_dir / "issues" / "2008-06.yaml"
    before = path.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("中文正文".encode("gb18030"))  # read since contributions may be GB18030 (tests/editing)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    cases = [
        ["--section", "政府网站群动态", "--title", "T", "--file", str(empty)],
        ["--section", "政府网站群动态", "--title", "T", "--file", str(binary)],
        ["--section", "政府网站群动态", "--title", "T", "--file", str(tmp_path / "nope.txt")],
        ["--section", "政府网站群动态", "--title", "T\nX", "--file", str(gbk)],
        ["--section", "政府网站群动态", "--title", "T", "--position", "9", "--file", str(gbk)],
    ]
    for extra in cases:
        result = cli("add-article", "2008-06", *extra)
        assert result.exit_code == 2, (extra, result.stdout)
        assert result.stderr.startswith("错误：")
    bad_title = tmp_path / "ok.txt"
    bad_title.write_text("正文。", encoding="utf-8")
    result = cli("add-article", "2008-06", "--section", "政府网站群动态", "--title", "A\x01B", "--file", str(bad_title))
    assert result.exit_code == 2 and "U+0001" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["2008-06.yaml"]


def test_check_and_list_through_the_installed_script(workspace_dir):
    ok = run_cli("check", cwd=workspace_dir)
    assert ok.returncode == 0 and "检查通过" in ok.stdout, ok.stderr
    listed = run_cli("list", "--json", cwd=workspace_dir)
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert (row["id"], row["date"], row["articles"], row["rendered"]) == ("2008-06", "2008-10-28", 5, "missing")


def test_init_creates_a_working_workspace(tmp_path):
    target = tmp_path / "office"
    result = run_cli("init", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for relative in ["jianbao.yaml", "data/recipients.yaml", "issues/2008-06.yaml", "templates/briefing.docx"]:
        assert (target / relative).is_file(), relative
    assert (target / "issues" / "2008-06.yaml").read_bytes() == (REPO / "issues" / "2008-06.yaml").read_bytes()
    assert run_cli("check", cwd=target).returncode == 0
    again = run_cli("init", str(target), cwd=tmp_path)
    assert again.returncode == 2 and "已经是工作区" in again.stderr


def test_packaged_defaults_fill_in_what_a_workspace_lacks(tmp_path):
    target = tmp_path / "bare"
    assert run_cli("init", str(target), "--no-example", cwd=tmp_path).returncode == 0
    (target / "data" / "recipients.yaml").unlink()
    (target / "templates" / "briefing.docx").unlink()
    from jianbao_cli.workspace import Workspace, packaged_defaults

    ws = Workspace(target)
    assert ws.recipients_path == packaged_defaults() / "data" / "recipients.yaml"
    assert ws.template_path == packaged_defaults() / "templates" / "briefing.docx"
    assert ws.template_path.is_file()


def test_schema_is_json_schema_with_the_file_keys(cli):
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"series", "year", "number", "sections", "distribution", "copies", "contact"} <= set(schema["properties"])
    distribution = schema["$defs"]["Distribution"]["properties"]
    assert set(distribution) == {"报", "送", "发", "抄送"}
    assert cli("schema").stdout == result.stdout


def test_help_and_toc_do_not_import_word_libraries(workspace_dir):
    import subprocess

    probe = (
        "import sys, runpy\n"
        "sys.argv = ['jianbao'] + sys.argv[1:]\n"
        "try:\n"
        "    from jianbao_cli.cli import main; main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docxtpl', 'lxml', 'docx', 'pypdf', 'pdfplumber'))\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    for args in (["--help"], ["toc", "2008-06"], ["toc", "2008-06", "--format", "json"]):
        result = subprocess.run([sys.executable, "-c", probe, *args], cwd=workspace_dir, capture_output=True, text=True)
        assert "HEAVY=" in result.stderr, result.stderr
        assert result.stderr.rsplit("HEAVY=", 1)[1] == "", (args, result.stderr)
    loaded = subprocess.run(
        [sys.executable, "-c", probe.replace("heavy = sorted(", "import docx\nheavy = sorted("), "--help"],
        cwd=workspace_dir, capture_output=True, text=True,
    )
    assert "docx" in loaded.stderr.rsplit("HEAVY=", 1)[1]  # the probe itself can see a heavy import


def test_yaml_written_by_commands_is_plain_yaml(workspace_dir):
    run_cli("new", "2008-07", "--date", "2008-11-05", cwd=workspace_dir)
    data = YAML(typ="safe").load((workspace_dir / "issues" / "2008-07.yaml").read_text(encoding="utf-8"))
    assert data["number"] == 7 and data["distribution"]["发"] == ["市政府各部门", "区（市）县信息办"]


def test_list_shows_rendered_state(cli, workspace_dir):
    import os

    assert cli("render", "2008-06").exit_code == 0
    rows = {row["id"]: row for row in json.loads(cli("list", "--json").stdout)}
    assert rows["2008-06"]["rendered"] == "current"
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    later = (workspace_dir / "build" / "2008-06.docx").stat().st_mtime + 10
    os.utime(manifest, (later, later))
    rows = {row["id"]: row for row in json.loads(cli("list", "--json").stdout)}
    assert rows["2008-06"]["rendered"] == "stale"


def test_check_refuses_an_issue_without_articles_and_warns_about_empty_sections(cli, workspace_dir):
    assert cli("new", "2008-07", "--date", "2008-11-05").exit_code == 0
    result = cli("check", "2008-07")
    assert result.exit_code == 2
    assert "错误：issues/2008-07.yaml:9 sections: 本期还没有任何文章，不能生成或发送" in result.stderr
    assert "栏目还没有文章" not in result.stderr  # one error, not a warning per empty section
    assert cli("add-article", "2008-07", "--section", "政府网站群动态", "--title", "标题", input="正文。").exit_code == 0
    result = cli("check", "2008-07")
    assert result.exit_code == 0
    assert "注意：issues/2008-07.yaml sections[0]: 栏目还没有文章" in result.stderr


def test_check_warns_about_files_that_are_not_issue_ids(cli, workspace_dir):
    (workspace_dir / "issues" / "draft.yaml").write_text("series: x\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 0
    assert "注意：issues/draft.yaml: 文件名不是期号（如 2008-06.yaml），已忽略" in result.stderr
