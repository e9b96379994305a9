"""Render an issue into the bulletin's Word layout (and PDF/PNG through LibreOffice).

Public API:
    render_document(issue, template_path, layout, out_path) -> Path
    render_issue(workspace, issue_id, *, out_dir=None) -> Path
    is_rendered_current(workspace, issue_id) -> bool
    render_many(workspace, ids, ...)   (render.batch)
    export_pdfs(docx_paths, out_dir)    (render.pdf)
    check_template(path)                (render.check)

Rendered paragraphs carry the "JB …" paragraph styles listed in `REQUIRED_STYLES` and, for notes,
sub-headings, figures and sources, `ARTICLE_STYLES`; the importer reads rendered documents back by
these names. Figures are embedded by render.figures.
"""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.render.check import ARTICLE_STYLES, REQUIRED_STYLES, check_template
from jianbao_cli.render.engine import TemplateError, load_template

__all__ = [
    "ARTICLE_STYLES",
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
                    cache_dir: Path | None = None, figure_root: Path | None = None,
                    figure_root_display: str = "issues") -> Path:
    """Render `issue` with the template into `out_path` (written atomically); returns out_path.

    `figure_root` is the folder the manifest's figure paths are relative to (the workspace's
    issues/); needed only when the issue has figures."""
    from jianbao_cli.render.context import build_context
    from jianbao_cli.render.post import finish_document, set_core_title

    template = load_template(Path(template_path), template_display, cache_dir=cache_dir)
    ensure_printable(issue, template)
    figures = None
    if any(True for _ in issue.figures()):
        from jianbao_cli.render.figures import prepare_figures

        figures = prepare_figures(issue, figure_root, template, cache_dir=cache_dir, root_display=figure_root_display)
    rendered = template.render_parts(build_context(issue, layout, figures))
    replaced: dict[str, bytes] = {}
    for name, xml in rendered.items():
        if name == "word/document.xml":
            replaced[name] = finish_document(xml)
        else:
            replaced[name] = xml.encode("utf-8")
    if figures:
        replaced.update(figures.package_parts(template, replaced["word/document.xml"]))
    styles = template.styles_for(layout)
    if styles is not None:
        replaced["word/styles.xml"] = styles
    core = template.part("docProps/core.xml")
    if core is not None:
        replaced["docProps/core.xml"] = set_core_title(core, f"{issue.series} {issue.issue_line()}")
    out_path = Path(out_path)
    template.write(out_path, replaced)
    return out_path


def parts_used(issue) -> set[str]:
    """Which of the later article parts (render.check.ARTICLE_PARTS) the issue uses."""
    used: set[str] = set()
    for _, article in issue.articles():
        if article.note:
            used.add("note")
        if article.source:
            used.add("source")
        if article.headings():
            used.add("heading")
        for figure in article.figures():
            used.add("figure")
            if figure.caption:
                used.add("caption")
    return used


def ensure_printable(issue, template) -> None:
    """Refuse, rather than silently drop, what the issue has and an older template cannot print."""
    from jianbao_cli.render.check import describe_gaps

    lacking = [key for key in (template.gaps or ()) if key in parts_used(issue)]
    if lacking:
        raise TemplateError(
            f"模板 {template.display} 印不出本期的{describe_gaps(lacking)}（模板早于这些内容，没有 article.blocks 等变量），"
            "为免内容丢失，未生成文档。请改用 jianbao 自带的模板（把工作区的模板改名即可），"
            "或按 docs/render.md 在模板中加入这些变量，再用 jianbao template check 检查。"
        )


def render_issue(workspace, issue_id, *, out_dir: Path | None = None) -> Path:
    """Load, validate and render one issue of the workspace: `<out>/<id>.docx`."""
    document = workspace.read_issue(issue_id)  # read-only: libyaml when valid, ruamel to explain
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
        cache_dir=workspace.cache_dir,
        figure_root=workspace.issues_dir,
        figure_root_display=workspace.display(workspace.issues_dir),
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


def is_rendered_current(workspace, issue_id) -> bool:
    """The .docx exists and is newer than the manifest, the template and the settings."""
    docx = workspace.rendered_docx(issue_id)
    try:
        built = docx.stat().st_mtime_ns
    except FileNotFoundError:
        return False
    sources = [workspace.issue_path(issue_id), workspace.template_path, workspace.settings_path]
    # the issue's photos live in issues/<id>/: a photo replaced under the same name makes it stale too
    try:
        sources += [p for p in workspace.issue_path(issue_id).with_suffix("").iterdir() if p.is_file()]
    except OSError:
        pass
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
