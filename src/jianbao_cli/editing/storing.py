"""Add an article read from a contributor's file to an issue: its pictures into `issues/<id>/`, the
article into the manifest's YAML tree (comments and key order kept), validated before anything is written.

Pictures are stored under a name made of the CRC-32 and length of their bytes
(`issues/2008-06/3f2a9c1b0019a3c0.jpg`): adding the same photo again reuses the file instead of making a copy. Each is written atomically; if anything after
that fails, the pictures this call created are removed again, so a refused file leaves no trace.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.editing.contribution import Contribution, FoundFigure
from jianbao_cli.errors import JianbaoError


@dataclass
class StoredFigure:
    path: str  # as the manifest has it: 2008-06/3f2a9c1b0d4e5f60.jpg
    caption: str | None
    width: int
    height: int
    bytes: int
    new: bool  # False when the same photo was already in the issue's folder


@dataclass
class Added:
    """What add-article found and did (or, with dry_run, would do)."""

    issue: str
    section: str
    position: int
    section_created: bool
    dry_run: bool
    contribution: Contribution
    article: dict  # the article as stored in the manifest
    figures: list[StoredFigure] = field(default_factory=list)

    def as_json(self) -> dict:
        c = self.contribution
        return {
            "issue": self.issue,
            "section": self.section,
            "position": self.position,
            "section_created": self.section_created,
            "dry_run": self.dry_run,
            "format": c.format,
            "encoding": c.encoding,
            "title": c.title,
            "title_from": c.title_from,
            "note": c.note,
            "source": c.source,
            "paragraphs": len(c.texts()),
            "headings": c.headings(),
            "figures": [vars(f) for f in self.figures],
            "warnings": list(c.warnings),
            "article": self.article,
        }


def add_article_from_file(ws, issue_id, *, section: str, file: Path | None, title: str | None = None,
                          position: int | None = None, new_section: bool = False, dry_run: bool = False,
                          stdin: bytes | None = None) -> Added:
    """Read the article in `file` (or `stdin` bytes) and add it to the issue; with dry_run, only say what."""
    from jianbao_cli.authoring import place_article
    from jianbao_cli.editing.pictures import Stager, write_into
    from jianbao_cli.editing.reading import read_contribution
    from jianbao_cli.model.yamlio import article_to_tree, check_figure_files

    document = ws.load_issue(issue_id)  # a broken manifest is refused before the file is even read
    issue = str(document.issue.id)
    display = str(file) if file is not None else "标准输入"
    with tempfile.TemporaryDirectory(prefix="jianbao-article-") as scratch, Stager(Path(scratch) / "pictures") as stager:
        contribution = read_contribution(file, display, Path(scratch), stager, title=title, raw=stdin)
        figures = []
        article: dict = {"title": contribution.title}
        if contribution.note:
            article["note"] = contribution.note
        blocks = []
        folder = ws.issues_dir / issue
        for block in contribution.blocks:
            if isinstance(block, FoundFigure):
                stored = _stored(block, issue, folder)
                figures.append(stored)
                blocks.append({"figure": stored.path, **({"caption": block.caption} if block.caption else {})})
            else:
                blocks.append(block)
        article["paragraphs"] = blocks
        if contribution.source:
            article["source"] = contribution.source

        placed = place_article(document, article_to_tree(article), section=section, position=position,
                               new_section=new_section)
        document.revalidate()
        added = Added(issue, section, placed.position, placed.section_created, dry_run, contribution, article, figures)
        if dry_run:
            return added
        created: list[Path] = []
        folder_existed = folder.exists()
        try:
            for block in contribution.blocks:
                if isinstance(block, FoundFigure):
                    target = folder / block.image.stored_name
                    if not target.exists() and target not in created:
                        write_into(block.image, target)
                        created.append(target)
            check_figure_files(document.issue, document.data, ws.issues_dir, document.display_path)
            document.save()
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            if not folder_existed and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
            raise
    return added


def _stored(block: FoundFigure, issue: str, folder: Path) -> StoredFigure:
    image = block.image
    target = folder / image.stored_name
    new = True
    if target.exists():
        from jianbao_cli.editing.pictures import same_picture

        if not same_picture(target, image):
            raise JianbaoError(f"{issue}/{image.stored_name} 已存在但内容不同（同名不同图），未做任何改动；请先移走该文件。")
        new = False
    return StoredFigure(f"{issue}/{image.stored_name}", block.caption, image.width, image.height, image.size, new)
