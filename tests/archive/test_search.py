"""jianbao search: short Chinese queries, phrases, AND, exclusion, Latin, numbers, query syntax as text,
and an index that follows the manifests (edited, deleted) and survives being damaged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.archive.corpus import archive_workspace
from tests.conftest import run_cli


@pytest.fixture
def archive(workspace_dir: Path) -> Path:
    archive_workspace(workspace_dir)
    return workspace_dir


def search(root: Path, *args: str, real: bool = False) -> dict:
    """`jianbao search … --json`: in this process (the workspace is the current folder), or with
    `real=True` through the installed console script."""
    if real:
        result = run_cli("search", *args, "--json", cwd=root)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return json.loads(result.stdout)
    from typer.testing import CliRunner

    from jianbao_cli.cli import app

    assert Path.cwd() == root
    outcome = CliRunner().invoke(app, ["search", *args, "--json"], catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


def found(root: Path, *args: str, real: bool = False) -> list[tuple[str, str]]:
    return [(hit["issue"], hit["title"]) for hit in search(root, *args, real=real)["hits"]]


def test_one_and_two_character_queries_find_exactly_the_articles_holding_them(archive):
    assert ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问") in found(archive, "牛")
    two = found(archive, "金牛")
    assert set(two) == {
        ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问"),
        ("2009-01", "金牛区政务网改版上线"),
        ("2009-01", "武侯区推进电子政务"),
        ("2010-Z01", "增刊：全市政府网站绩效评估"),
    }
    assert found(archive, "牛金") == []


def test_title_hits_rank_first_and_every_mark_points_at_the_hit(archive):
    result = search(archive, "金牛")
    titles = [hit["title"] for hit in result["hits"]]
    in_title = [t for t in titles if "金牛" in t]
    assert titles[: len(in_title)] == in_title and len(in_title) == 2
    for hit in result["hits"]:
        assert hit["marks"] or hit["title_marks"], hit
        for start, end in hit["marks"]:
            assert hit["snippet"][start:end] == "金牛"
        for start, end in hit["title_marks"]:
            assert hit["title"][start:end] == "金牛"
        assert hit["date"] and hit["issue"]


def test_phrase_and_and_and_exclusion(archive):
    assert found(archive, '"电子政务"') == [("2009-01", "武侯区推进电子政务")] or \
        set(found(archive, '"电子政务"')) == {("2009-01", "武侯区推进电子政务"), ("2008-06", "政府创新与电子政府建设研讨会在成都召开")}
    assert ("2008-06", "政府创新与电子政府建设研讨会在成都召开") in found(archive, '"电子政务"')
    assert found(archive, '"政务电子"') == []
    # Punctuation between the characters is not the phrase: 电子，政务 alone does not make 电子政务.
    assert found(archive, '"电子，政务"') == [("2009-01", "武侯区推进电子政务")]
    assert found(archive, "金牛", "荷花池") == [("2009-01", "金牛区政务网改版上线"),
                                            ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问")] or \
        set(found(archive, "金牛", "荷花池")) == {("2009-01", "金牛区政务网改版上线"),
                                              ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问")}
    assert set(found(archive, "金牛 荷花池 3G")) == {("2009-01", "金牛区政务网改版上线")}
    without = found(archive, "金牛", "-武侯")
    assert ("2009-01", "武侯区推进电子政务") not in without
    assert ("2010-Z01", "增刊：全市政府网站绩效评估") not in without
    assert ("2009-01", "金牛区政务网改版上线") in without


def test_latin_words_and_numbers(archive):
    g3 = set(found(archive, "3G"))
    assert g3 == {("2008-06", "政府创新与电子政府建设研讨会在成都召开"), ("2009-01", "金牛区政务网改版上线"),
                  ("2009-02", "青白江区召开信息化工作会")}
    assert set(found(archive, "3g")) == g3
    assert ("2009-02", "青白江区召开信息化工作会") in found(archive, "2009")
    assert ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问") in found(archive, "jinniu")
    assert found(archive, "200") == []  # numbers are whole words


SYNTAX = ['"', "*", "(", ")", "NEAR", "AND", "OR", "NOT", 'a"b', "金牛*", "(金牛", "NEAR(金牛 武侯, 2)",
          "title:金牛", "^金牛", "金牛 AND", "{title}", "'", '"金牛', "金牛 OR 武侯", "-", "--", "金牛 -"]


def test_query_syntax_characters_are_text_never_an_error(archive, cli):
    result = run_cli("search", "NEAR(金牛 武侯, 2)", "--json", cwd=archive)  # once through the real program
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    for query in SYNTAX:
        outcome = cli("search", "--json", "--", query)
        assert outcome.exit_code == 0, (query, outcome.output)
        json.loads(outcome.stdout)


def test_query_words_are_searched_as_words(archive):
    assert found(archive, "AND") == [("2009-01", "金牛区政务网改版上线")]
    assert found(archive, "NEAR") == [("2009-01", "金牛区政务网改版上线")]
    assert found(archive, '"R AND D"') == [("2009-01", "金牛区政务网改版上线")]
    assert found(archive, "3G*") == found(archive, "3G")
    assert ("2008-06", "金牛开通在线政务服务第一时间解答群众疑问") in found(archive, "金牛*")


def test_notes_headings_captions_and_sources_are_indexed(archive):
    for word, field in [("璇玑", "note"), ("琅琊", "heading"), ("饕餮", "caption"), ("麒麟", "source")]:
        hits = search(archive, word)["hits"]
        assert [(h["issue"], h["field"]) for h in hits] == [("2009-01", field)], word


def test_year_series_and_limit(archive):
    assert {i for i, _ in found(archive, "金牛", "--year", "2009")} == {"2009-01"}
    assert found(archive, "金牛", "--series", "成都市政府网站简报增刊") == [("2010-Z01", "增刊：全市政府网站绩效评估")]
    limited = search(archive, "金牛", "--limit", "1")
    assert len(limited["hits"]) == 1 and limited["total"] == 4


def test_an_edited_manifest_is_found_by_its_new_text_and_not_its_old(archive):
    assert ("2009-02", "青白江区召开信息化工作会") in found(archive, "青白江")
    manifest = archive / "issues" / "2009-02.yaml"
    text = manifest.read_text("utf-8")
    before = manifest.stat()
    # The same number of bytes in the same file, and (as when written within one clock tick) the same
    # mtime: only the content tells the change.
    manifest.write_text(text.replace("青白江", "龙泉驿"), "utf-8")
    os.utime(manifest, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (manifest.stat().st_size, manifest.stat().st_ino) == (before.st_size, before.st_ino)
    assert found(archive, "青白江", real=True) == []
    assert found(archive, "龙泉驿", real=True) == [("2009-02", "龙泉驿区召开信息化工作会")]
    # The old words are gone from the full-text index itself, not only hidden by the join.
    import sqlite3

    with sqlite3.connect(archive / ".jianbao" / "search.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"青 白 江\"'").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"龙 泉 驿\"'").fetchone() == (1,)
        articles = {row[0] for row in db.execute("SELECT id FROM articles")}
        for token in ("3g", "布", "2009"):  # words of the body: no entry left for an article that is gone
            rowids = {row[0] for row in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (token,))}
            assert rowids and rowids <= articles, token
    db.close()


def test_an_added_and_a_deleted_manifest(archive):
    assert ("2009-01", "武侯区推进电子政务") in found(archive, "武侯")
    (archive / "issues" / "2009-01.yaml").unlink()
    assert {i for i, _ in found(archive, "武侯", real=True)} == {"2008-06", "2010-Z01"}
    from tests.archive.corpus import make_issue, write_issue
    from jianbao_cli.model import Article, Section

    write_issue(archive, make_issue(2011, 3, [Section(title="新栏目", articles=[
        Article(title="武侯区新一期", paragraphs=["正文。"])])]))
    assert ("2011-03", "武侯区新一期") in found(archive, "武侯")


@pytest.mark.parametrize("damage", ["truncate", "scribble", "garbage", "delete", "empty"])
def test_a_damaged_or_missing_index_is_rebuilt(archive, damage):
    before = found(archive, "金牛")
    index = archive / ".jianbao" / "search.sqlite3"
    assert index.is_file() and index.stat().st_size > 8192
    if damage == "truncate":
        with index.open("r+b") as handle:
            handle.truncate(index.stat().st_size // 2)
    elif damage == "scribble":  # the header intact, the pages behind it overwritten: found only when read
        size = index.stat().st_size
        with index.open("r+b") as handle:
            handle.seek(size // 3)
            handle.write(bytes(range(256)) * ((size - size // 3) // 256))
    elif damage == "garbage":
        index.write_bytes(b"not a database at all" * 100)
    elif damage == "empty":
        index.write_bytes(b"")
    else:
        index.unlink()
    result = run_cli("search", "金牛", "--json", cwd=archive)
    assert result.returncode == 0, result.stderr
    assert [(h["issue"], h["title"]) for h in json.loads(result.stdout)["hits"]] == before
    assert found(archive, "金牛") == before


def test_reindex_rebuilds_from_scratch(archive):
    import sqlite3

    found(archive, "金牛")
    index = archive / ".jianbao" / "search.sqlite3"
    with sqlite3.connect(index) as db:
        db.execute("INSERT INTO meta VALUES ('left-behind', 'x')")
    db.close()
    assert len(found(archive, "金牛", "--reindex")) == 4
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM meta WHERE key='left-behind'").fetchone() == (0,)
    db.close()


def test_a_broken_manifest_is_reported_and_the_rest_is_searched(archive):
    (archive / "issues" / "2009-02.yaml").write_text("series: [\n", "utf-8")
    result = run_cli("search", "金牛", cwd=archive)
    assert result.returncode == 0
    assert "2009-02.yaml" in result.stderr and "未编入索引" in result.stderr
    assert "2009-01" in result.stdout


def test_plain_output_marks_hits_with_brackets(archive):
    result = run_cli("search", "荷花池", cwd=archive, env={"TERM": "dumb"})
    assert result.returncode == 0
    assert "【荷花池】" in result.stdout and "\x1b[" not in result.stdout
    assert "2009-01" in result.stdout and "金牛区政务网改版上线" in result.stdout
    assert "共 2 篇文章" in result.stdout


def test_exclusions_only_is_refused_with_a_sentence(archive):
    result = run_cli("search", "-金牛", cwd=archive)
    assert result.returncode == 2
    assert "排除" in result.stderr and "Traceback" not in result.stderr


def test_two_processes_refreshing_at_once_agree(archive):
    import subprocess

    from tests.conftest import jianbao_exe

    procs = [subprocess.Popen([jianbao_exe(), "search", "金牛", "--json"], cwd=archive, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outputs]
    assert len({json.dumps(json.loads(o[0])["hits"]) for o in outputs}) == 1
