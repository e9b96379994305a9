"""Render an issue into the bulletin's Word layout (and PDF/PNG through LibreOffice).

Public API:
    render_document(issue, template_path, layout, out_path) -> Path
    render_issue(workspace, issue_id, *, out_dir=None) -> Path
    is_rendered_current(workspace, issue_id) -> bool
    render_many(workspace, ids, ...)   (render.batch)
    export_pdfs(docx_paths, out_dir)    (render.pdf)
    check_template(path)                (render.check)

Rendered paragraphs carry the "JB …" paragraph styles listed in `REQUIRED_STYLES`; the importer
reads rendered documents back by these names.
"""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.render.check import REQUIRED_STYLES, check_template
from jianbao_cli.render.engine import TemplateError, load_template

__all__ = [
    "REQUIRED_STYLES",
    "TemplateError",
    "check_template",
    "export_pdfs",
    "is_rendered_current",
    "render_document",
    "render_issue",
    "select_issues",
]


def render_document(issue, template_path: Path, layout, out_path: Path, *, template_display: str | None = None,
                    cache_dir: Path | None = None) -> Path:
    """Render `issue` with the template into `out_path` (written atomically); returns out_path."""
    from jianbao_cli.render.context import build_context
    from jianbao_cli.render.post import finish_document, set_core_title

    template = load_template(Path(template_path), template_display, cache_dir=cache_dir)
    rendered = template.render_parts(build_context(issue, layout))
    replaced: dict[str, bytes] = {}
    for name, xml in rendered.items():
        if name == "word/document.xml":
            replaced[name] = finish_document(xml)
        else:
            replaced[name] = xml.encode("utf-8")
    styles = template.styles_for(layout)
    if styles is not None:
        replaced["word/styles.xml"] = styles
    core = template.part("docProps/core.xml")
    if core is not None:
        replaced["docProps/core.xml"] = set_core_title(core, f"{issue.series} {issue.issue_line()}")
    out_path = Path(out_path)
    template.write(out_path, replaced)
    return out_path


def render_issue(workspace, issue_id, *, out_dir: Path | None = None) -> Path:
    """Load, validate and render one issue of the workspace: `<out>/<id>.docx`."""
    document = workspace.load_issue(issue_id)
    document.require_articles()
    issue = document.issue
    target_dir = Path(out_dir) if out_dir is not None else workspace.output_dir
    template_path = workspace.template_path
    return render_document(
        issue,
        template_path,
        workspace.settings.layout,
        target_dir / f"{issue.id}.docx",
        template_display=workspace.display(template_path),
        cache_dir=_cache_dir(workspace),
    )


def select_issues(workspace, ids: list[str] | None = None, *, year: int | None = None,
                  all_issues: bool = False) -> list:
    """The issue ids named, plus those of `year` or of the whole workspace, each once, in order."""
    from jianbao_cli.errors import JianbaoError
    from jianbao_cli.ids import IssueId

    chosen = [IssueId.parse(text) for text in ids or []]
    if year is not None or all_issues:
        extra = [i for i in workspace.issue_ids() if all_issues or i.year == year]
        if not extra and not chosen:
            where = "工作区" if all_issues else f"{year} 年"
            raise JianbaoError(
                f"{where}没有期刊可渲染（{workspace.display(workspace.issues_dir)} 中没有对应的 YAML 文件）。"
            )
        chosen += extra
    if not chosen:
        raise JianbaoError("请给出要渲染的期号（如 jianbao render 2008-06），或用 --year 年份、--all。")
    return list(dict.fromkeys(chosen))


def _cache_dir(workspace) -> Path | None:
    try:
        return workspace.state_dir / "cache"
    except OSError:
        return None


def is_rendered_current(workspace, issue_id) -> bool:
    """The .docx exists and is newer than the manifest, the template and the settings."""
    docx = workspace.rendered_docx(issue_id)
    try:
        built = docx.stat().st_mtime_ns
    except FileNotFoundError:
        return False
    sources = [workspace.issue_path(issue_id), workspace.template_path, workspace.settings_path]
    for source in sources:
        try:
            if source.stat().st_mtime_ns > built:
                return False
        except FileNotFoundError:
            if source == sources[0]:
                return False
    return True


def export_pdfs(docx_paths: list[Path], out_dir: Path, **kwargs) -> list[Path]:
    from jianbao_cli.render.pdf import export_pdfs as _export

    return _export(docx_paths, out_dir, **kwargs)
