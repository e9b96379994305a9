"""The static web archive: `jianbao site`.

Layout of the output folder (every link relative, so it works from file:// and under any path):

    index.html            issues by year, newest first, and the search box
    years/2008.html       one page per year
    issues/2008-06.html   one page per issue, in the bulletin's look
    figures/2008-06/…     the figures, copied
    downloads/2008-06.docx, .pdf   the rendered files, when they are up to date
    search/2008.js        the search index of one year (loaded by assets/search.js on the first keystroke)
    assets/style.css, assets/search.js, feed.xml
    .jianbao-site.json    what was built from what (sizes, mtimes and inodes of the inputs)

Incremental: an issue's page is written again only when its manifest, its figures, its rendered files,
its neighbours (上一期/下一期) or the build options changed; year pages and search files only for the
years touched (a year's search file takes the articles of the issues not read in this build from the
current site's copy). Atomic: the new site is assembled in a folder beside `--out` (unchanged files
hard-linked from the current site, new files written fresh, never in place), flushed to disk (fsync of
the files written and of the folders), and then exchanged
with `--out` in one rename (`renameat2(RENAME_EXCHANGE)`; where the file system lacks it, two renames
a moment apart). A failed or interrupted build leaves `--out` as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import JianbaoError

STATE_FILE = ".jianbao-site.json"
SITE_VERSION = "1"  # raise when the pages change shape: every page is then written again
RACY_NS = 2_000_000_000
FEED_ENTRIES = 20


@dataclass
class SiteReport:
    out: Path
    issues: int = 0
    written: int = 0
    removed: int = 0
    skipped: list[str] = field(default_factory=list)


def build_site(workspace, out: Path, *, base_url: str | None = None, with_distribution: bool = False,
               _before_swap=None) -> SiteReport:
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise JianbaoError(f"{out} 是一个文件，不是文件夹；请用 --out 指定网站的输出文件夹。")
    out.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(out):
        return _build(workspace, out, base_url=base_url, with_distribution=with_distribution,
                      _before_swap=_before_swap)


@contextmanager
def _build_lock(out: Path):
    """One build of a given `--out` at a time (they share the folder they assemble in)."""
    import fcntl

    with open(out.parent / f".{out.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JianbaoError(f"另一个 jianbao site 正在生成 {out}，请等它结束后再运行。") from None
        yield


def _build(workspace, out: Path, *, base_url, with_distribution, _before_swap) -> SiteReport:
    from jianbao_cli.archive.loading import load_one, map_issues
    from jianbao_cli.archive.site.pages import environment, stylesheet

    settings = workspace.settings
    base = _base(base_url)
    options = {"version": SITE_VERSION, "with_distribution": with_distribution, "base": base,
               "red": settings.layout.red, "title": settings.series, "publisher": settings.publisher,
               "section_headings": settings.layout.section_headings_in_body}
    state = _read_state(out)
    old = state.get("issues", {}) if state.get("options") == options else {}
    built_ns = state.get("built_ns", 0) if old else 0
    report = SiteReport(out=out)

    records: dict[str, dict] = {}
    loaded: dict[str, object] = {}
    stale = []
    for issue_id in workspace.issue_ids():
        key = str(issue_id)
        record = old.get(key)
        if record and _fresh(record["inputs"], built_ns):
            records[key] = record
        else:
            stale.append(key)
    for key, (issue, problem) in map_issues(load_one, workspace.root, stale).items():
        if issue is None:
            # A manifest broken in the middle of an edit does not take its published page down.
            kept = "，网站中保留上次生成的页面" if key in old else ""
            report.skipped.append(problem + kept)
            if key in old:
                records[key] = old[key]
            continue
        loaded[key] = issue
        records[key] = _summary(workspace, issue)

    order = sorted(records, key=lambda k: (records[k]["date"], k))
    for index, key in enumerate(order):
        neighbours = [order[index - 1] if index else None, order[index + 1] if index + 1 < len(order) else None]
        if records[key].get("neighbours") != neighbours and key not in loaded:
            issue, _ = load_one(str(workspace.root), key)
            if issue is None:
                continue  # reported above; its page keeps its old links
            loaded[key] = issue
        records[key]["neighbours"] = neighbours

    removed = [key for key in old if key not in records]
    touched_years = {records[k]["year"] for k in loaded} | {old[k]["year"] for k in removed}
    if not old:
        touched_years = {r["year"] for r in records.values()}
    report.issues = len(records)
    if not loaded and not removed and old and (out / "index.html").is_file():
        return report  # nothing changed: the site stays exactly as it is
    env = environment()
    staging = _stage(out)
    _written.clear()
    try:
        for key in removed:
            for relative in old[key]["files"]:
                _remove(staging / relative)
        for key, issue in loaded.items():
            _write_issue(env, workspace, staging, issue, records, key, old.get(key), with_distribution, options)
        years = sorted({r["year"] for r in records.values()}, reverse=True)
        for year in touched_years:
            year_records = [records[k] for k in reversed(order) if records[k]["year"] == year]
            if year_records:
                _put(staging / "years" / f"{year}.html", _page(env, "year.html", options, root="../",
                                                                 page_title=f"{options['title']} {year} 年",
                                                                 year=year, issues=year_records))
                _put(staging / "search" / f"{year}.js", _search_shard(workspace, out, year, year_records))
            else:
                _remove(staging / "years" / f"{year}.html")
                _remove(staging / "search" / f"{year}.js")
        groups = [{"year": y, "issues": [records[k] for k in reversed(order) if records[k]["year"] == y]}
                  for y in years]
        _put(staging / "index.html", _page(env, "index.html", options, root="", page_title=options["title"],
                                           years=groups))
        _put(staging / "feed.xml", _feed(env, options, [records[k] for k in reversed(order)][:FEED_ENTRIES]))
        _put(staging / "assets" / "style.css", stylesheet(settings.layout.red))
        _put(staging / "assets" / "search.js", (Path(__file__).parent / "static" / "search.js").read_text("utf-8"))
        for record in records.values():
            record.pop("search", None)  # kept in search/<year>.js, not twice
        _put(staging / STATE_FILE, json.dumps(
            {"options": options, "built_ns": _now_ns(), "issues": records}, ensure_ascii=False))
        if _before_swap:
            _before_swap(staging)
        _flush(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.issues = len(records)
    report.written = len(loaded)
    report.removed = len(removed)
    return report


def write_fragment(workspace, issue_id, out_dir: Path) -> Path:
    """`render --html`: `<out>/<id>.html`, the issue as one self-contained HTML fragment."""
    from jianbao_cli.archive.site.pages import fragment
    from jianbao_cli.fsutil import atomic_write_text

    issue = workspace.load_issue(issue_id).issue
    path = Path(out_dir) / f"{issue.id}.html"
    atomic_write_text(path, fragment(workspace, issue))
    return path


# --- one issue ---------------------------------------------------------------------------------


def _summary(workspace, issue) -> dict:
    """What the index, year pages, feed and search need of an issue, kept between builds."""
    from jianbao_cli.archive.search import article_blocks
    from jianbao_cli.archive.site.pages import article_view

    key = str(issue.id)
    articles, _ = article_view(issue)
    inputs = {str(workspace.issue_path(key)): None}
    for figure in issue.figures():
        inputs[str(workspace.issues_dir / figure.figure)] = None
    downloads = _downloads(workspace, key)
    for path in (workspace.output_dir / f"{key}.docx", workspace.output_dir / f"{key}.pdf"):
        inputs[str(path)] = None
    for path in inputs:
        inputs[path] = _signature(path)
    return {
        "id": key, "year": issue.year, "date": issue.date.isoformat(), "series": issue.series,
        "line": issue.issue_line(), "publisher": issue.publisher, "page": f"issues/{key}.html",
        "articles": [{"anchor": a["anchor"], "title": a["article"].title, "section": a["section"]} for a in articles],
        "search": [{"n": a["anchor"], "t": a["article"].title, "s": a["section"] or "",
                    "x": "\n".join(text for _, text in article_blocks(a["article"]))} for a in articles],
        "downloads": [str(p) for p in downloads],
        "inputs": inputs,
    }


def _downloads(workspace, key: str) -> list[Path]:
    """The rendered .docx/.pdf of an issue, when newer than its manifest (a stale file is not published)."""
    manifest = _signature(str(workspace.issue_path(key)))
    found = []
    for suffix in (".docx", ".pdf"):
        path = workspace.output_dir / f"{key}{suffix}"
        signature = _signature(str(path))
        if signature and manifest and signature[1] >= manifest[1]:
            found.append(path)
    return found


def _write_issue(env, workspace, staging: Path, issue, records: dict, key: str, previous: dict | None,
                 with_distribution: bool, options: dict) -> None:
    from urllib.parse import quote

    from jianbao_cli.archive.site.pages import issue_body, site_figure_href

    record = records[key]
    if previous:
        for relative in previous["files"]:
            _remove(staging / relative)
    files = [record["page"]]
    for figure in issue.figures():
        target = staging / "figures" / figure.figure
        _copy(workspace.issues_dir / figure.figure, target)
        files.append(f"figures/{figure.figure}")
    downloads = []
    for source in record["downloads"]:
        name = Path(source).name
        _copy(Path(source), staging / "downloads" / name)
        files.append(f"downloads/{name}")
        label = "Word 文档（.docx）" if name.endswith(".docx") else "PDF 文件（.pdf）"
        downloads.append({"href": "../downloads/" + quote(name), "label": label})
    record["files"] = files
    body = issue_body(env, issue, red=options["red"], inline=False, figure_src=site_figure_href,
                      with_distribution=with_distribution, section_headings=options["section_headings"])
    prev_key, next_key = record["neighbours"]

    def link(other):
        return {"href": f"{other}.html", "line": records[other]["line"]} if other else None

    html = _page(env, "issue.html", options, root="../", page_title=f"{issue.series} {issue.issue_line()}",
                 issue=issue, body=body, downloads=downloads, prev=link(prev_key), next=link(next_key))
    _put(staging / record["page"], html)


def _page(env, template: str, options: dict, **values) -> str:
    from markupsafe import Markup

    if "body" in values:
        values["body"] = Markup(values["body"])
    return env.get_template(template).render(site_title=options["title"], publisher=options["publisher"], **values)


_SHARD_HEAD = "(window.JB_SEARCH = window.JB_SEARCH || []).push("
_SHARD_TAIL = ");\n"


def _search_shard(workspace, out: Path, year: int, records: list[dict]) -> str:
    """search/<year>.js: the articles of a year's issues; those not read in this build come from the
    year's file of the current site (or, if it lacks them, from their manifests)."""
    previous = _read_shard(out / "search" / f"{year}.js")
    issues = []
    for r in records:
        articles = r.get("search")
        if articles is None:
            articles = previous.get(r["id"])
        if articles is None:
            from jianbao_cli.archive.loading import load_one

            issue, _ = load_one(str(workspace.root), r["id"])
            articles = _summary(workspace, issue)["search"] if issue is not None else []
        issues.append({"p": r["page"], "i": r["id"], "d": r["date"], "l": f"{r['series']} {r['line']}",
                       "a": articles})
    return _SHARD_HEAD + json.dumps({"year": year, "issues": issues}, ensure_ascii=False) + _SHARD_TAIL


def _read_shard(path: Path) -> dict[str, list]:
    try:
        text = path.read_text("utf-8")
        if text.startswith(_SHARD_HEAD) and text.endswith(_SHARD_TAIL):
            data = json.loads(text[len(_SHARD_HEAD):-len(_SHARD_TAIL)])
            return {issue["i"]: issue["a"] for issue in data["issues"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return {}


def _feed(env, options: dict, records: list[dict]) -> str:
    base = options["base"]
    entries = []
    for r in records:
        entries.append({
            "title": f"{r['series']} {r['line']}",
            "id": f"{base}{r['page']}" if base else _urn(options["title"], r["id"]),
            "updated": f"{r['date']}T00:00:00+08:00",
            "page": r["page"], "publisher": r["publisher"],
            "summary": "；".join(a["title"] for a in r["articles"]),
        })
    updated = entries[0]["updated"] if entries else dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return env.get_template("feed.xml").render(
        site_title=options["title"], publisher=options["publisher"], base=base,
        feed_id=f"{base}feed.xml" if base else _urn(options["title"], "feed"), updated=updated, entries=entries)


def _urn(series: str, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"jianbao:{series}:{name}").urn


def _base(base_url: str | None) -> str:
    if not base_url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise JianbaoError(f"--base-url “{base_url}”不是网址：应以 http:// 或 https:// 开头，如 https://www.example.gov.cn/jianbao/。")
    return base_url if base_url.endswith("/") else base_url + "/"


# --- files -------------------------------------------------------------------------------------


def _signature(path: str):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _fresh(inputs: dict, built_ns: int) -> bool:
    for path, signature in inputs.items():
        now = _signature(path)
        if now != signature or (now is not None and now[1] >= built_ns - RACY_NS):
            return False
    return True


def _now_ns() -> int:
    import time

    return time.time_ns()


def _read_state(out: Path) -> dict:
    path = out / STATE_FILE
    if not out.exists():
        return {}
    if not path.is_file():
        if any(out.iterdir()):
            raise JianbaoError(
                f"{out} 已存在且不是 jianbao 生成的网站（没有 {STATE_FILE}）；为免覆盖其中的文件，请换一个 --out 目录或先清空它。")
        return {}
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # an unreadable record: build everything again


_written: list[Path] = []


def _flush(staging: Path) -> None:
    """Everything written into `staging` on disk before it becomes the site (hard-linked files already are)."""
    from jianbao_cli.fsutil import fsync_dir, fsync_file

    for path in _written:
        try:
            fsync_file(path)
        except FileNotFoundError:
            continue
    _written.clear()
    for directory in [staging, *(path for path in staging.rglob("*") if path.is_dir())]:
        fsync_dir(directory)


def _put(path: Path, text: str) -> None:
    """A new file (never written in place: the old one may be a hard link into the live site);
    a file whose content is already this is kept as it is."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    _written.append(path)


def _copy(source: Path, target: Path) -> None:
    _remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    _written.append(target)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _stage(out: Path) -> Path:
    """A folder beside `out` holding the current site as hard links (or copies where links fail)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building"
    if staging.exists():
        shutil.rmtree(staging)  # left by a build that was killed
    if out.is_dir():
        try:
            shutil.copytree(out, staging, copy_function=os.link, symlinks=True)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(out, staging, symlinks=True)
    else:
        staging.mkdir()
    return staging


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where unavailable."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange)
    return result == 0
