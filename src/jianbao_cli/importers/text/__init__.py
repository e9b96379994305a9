"""The text importer: a back issue as plain text (typed, or extracted from a PDF or Word file) → Issue.

The text is read in four zones, top to bottom:

1. header   – 密级, masthead (刊名), issue line (期号), compiling unit(s), date;
2. contents – `本期导读` / `本期要目` / `目录` with section headings and items (optional);
3. body     – articles: titles found by the contents (fuzzy) or by layout, then paragraphs;
4. tail     – 报/送/发/抄送 lists, （共印 N 份）, contact line, imprint (…印发).

Whatever is uncertain becomes an ImportWarning with the manifest field it concerns.
"""

from __future__ import annotations

import re

from jianbao_cli.importers.text.body import BodyReader
from jianbao_cli.importers.text.contents import ContentsReader
from jianbao_cli.importers.text.header import HeaderReader
from jianbao_cli.importers.text.lines import (  # noqa: F401  (the names other importers use)
    _FULLWIDTH_DIGITS,
    CAPTION_RE,
    CLASSIFICATION_RE,
    CONTENTS_RE,
    COPIES_RE,
    DATE_RE,
    DIST_RE,
    EDITOR_NOTE_RE,
    FIGURE_RE,
    ISSUE_RE,
    PAGE_NUMBER_RE,
    SOURCE_RE,
    SUPP_ONLY_RE,
    TOTAL_RE,
    Gap,
    Line,
    cn_int,
    cn_year,
    display_width,
    ends_paragraph,
    ends_sentence,
    join_lines,
    norm_key,
    parse_date,
    squeeze_title,
    title_like,
    title_score,
    unspace,
)
from jianbao_cli.importers.text.tail import TailReader


class TextImporter(HeaderReader, TailReader, ContentsReader, BodyReader):
    """One text → Issue. `source_kind` ('text', 'pdf', 'docx') tunes a few warnings."""

    def parse(self):
        from pydantic import ValidationError

        from jianbao_cli.model.manifest import Article, Distribution, Issue, Section

        if not self._line_indices():
            raise self.fail("文件是空的（没有文字）。")
        header, pos = self._header()
        tail_start = self._find_tail(pos)
        tail = self._tail(tail_start)
        items, body_start = self._contents(pos, tail_start)
        articles = self._body(body_start, tail_start, items)
        if not articles:
            raise self.fail("找不到任何文章（标题和正文）。")

        # -- assemble, filling gaps from the tail with warnings --
        date = header.date
        if date is None and tail.imprint_date is not None:
            date = tail.imprint_date
            self.warn("date", "报头没有日期，已用报尾印发日期")
        if date is None:
            raise self.fail("找不到出刊日期（如“2008 年 10 月 28 日”）。")
        year = header.year or date.year
        if header.year is None:
            pass  # `第 12 期`: the year is the date's, as the issue says
        elif header.year != date.year:
            self.warn("year", f"期号上的年份 {header.year} 与日期 {date.isoformat()} 的年份不同，已用期号上的年份")
        units = header.units
        if not units and tail.imprint_unit:
            units = [tail.imprint_unit]
            self.warn("publisher", "报头没有编印单位，已用报尾印发单位")
        if not units:
            raise self.fail("找不到编印单位（报头日期旁的单位名称）。")
        sections: list[Section] = []
        where: dict[int, str] = {}
        pending = list(self._contents_sections)

        def empty_sections_before(title: str | None) -> None:
            """Headings of the contents with no article under them, up to `title`, as empty sections."""
            if title is not None and title not in pending:
                return
            while pending and pending[0] != title:
                heading = pending.pop(0)
                sections.append(Section(title=heading, articles=[]))
                self.warn(f"sections[{len(sections) - 1}]", f"目录中的栏目“{heading}”下没有文章")
            if pending:
                pending.pop(0)

        from jianbao_cli.ids import IssueId

        issue_id = str(IssueId.of(year, header.number, header.supplement))
        for k, section_title, title, paragraphs in articles:
            blocks, source = self._blocks(k, paragraphs, issue_id)
            if not sections or sections[-1].title != section_title:
                if section_title is not None:
                    empty_sections_before(section_title)
                sections.append(Section(title=section_title, articles=[]))
            where[k] = f"sections[{len(sections) - 1}].articles[{len(sections[-1].articles)}]"
            sections[-1].articles.append(Article(title=title, paragraphs=blocks, source=source))
        if pending:
            empty_sections_before(None)
        for warning in self.warnings:
            if warning.field.startswith("@"):
                k, _, rest = warning.field[1:].partition(".")
                warning.field = f"{where.get(int(k), 'sections')}.{rest}" if int(k) in where else "sections"
        try:
            issue = Issue(
                series=header.series,
                year=year,
                number=header.number,
                total_number=header.total,
                supplement=header.supplement,
                date=date,
                publisher=" ".join(units),
                classification=header.classification,
                sections=sections,
                distribution=Distribution.model_validate(tail.dist),
                copies=tail.copies,
                contact=tail.contact,
            )
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise self.fail(f"导入结果不合格（{where}：{first['msg']}）。") from None
        return issue

    def _blocks(self, k: int, paragraphs: list[str], issue_id: str) -> tuple[list, str | None]:
        """An article's paragraphs with its pictures as figures (caption: the `图为…` line under the
        picture), and its source line (`（供稿：…）`) taken out as `source`."""
        from jianbao_cli.model.manifest import Figure

        source = None
        if len(paragraphs) > 1 and SOURCE_RE.match(paragraphs[-1]):
            source = SOURCE_RE.match(paragraphs[-1])["s"].strip()
            paragraphs = paragraphs[:-1]
        blocks: list = []
        j = 0
        while j < len(paragraphs):
            text = paragraphs[j]
            figure = FIGURE_RE.match(text)
            if figure is not None and int(figure["n"]) >= len(self.images):
                figure = None  # the private-use characters in a text, not a picture of a page
            following = paragraphs[j + 1] if j + 1 < len(paragraphs) else None
            if figure is None:
                if CAPTION_RE.match(text) and display_width(text) <= 120:
                    self.warn(f"@{k}.paragraphs[{len(blocks)}]", f"“{text[:20]}…”像是图片说明，但这里没有图片，已作正文，请核对")
                blocks.append(text)
                j += 1
                continue
            image = self.images[int(figure["n"])]
            caption = following if following is not None and CAPTION_RE.match(following) else None
            if caption is None and image.alt and _CJK_RE.search(image.alt) and "." not in image.alt:
                caption = image.alt
                self.warn(f"@{k}.paragraphs[{len(blocks)}]", f"图片说明取自图片的替代文字“{image.alt}”，请核对")
            if image.data is None or image.kind not in ("jpeg", "png"):
                why = "不是 JPEG 或 PNG" if image.data is not None else "不在本地（网页没有连同图片一起保存）"
                kept = f"；说明“{caption}”留作正文" if caption and caption == following else ""
                self.warn(f"@{k}.paragraphs", f"图片 {image.src} {why}，未导入{kept}")
                j += 1
                continue
            name = self._figure_name(image.src, issue_id)
            self.figure_files[name] = image.data
            blocks.append(Figure(figure=name, caption=caption))
            j += 2 if caption is not None and caption == following else 1
        return blocks, source

    def _figure_name(self, src: str, issue_id: str) -> str:
        from pathlib import PurePosixPath
        from urllib.parse import unquote, urlparse

        name = PurePosixPath(unquote(urlparse(src).path)).name
        stem, dot, ext = name.rpartition(".")
        stem = re.sub(r"[^A-Za-z0-9_\-\u4e00-\u9fff]", "_", stem if dot else name) or "figure"
        ext = ext.lower() if dot and ext.lower() in ("jpg", "jpeg", "png") else "jpg"
        candidate, n = f"{issue_id}/{stem}.{ext}", 1
        while candidate in self.figure_files:
            n += 1
            candidate = f"{issue_id}/{stem}-{n}.{ext}"
        return candidate


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def import_text(text: str, display: str = "文本", source_kind: str = "text",
                uncertain_breaks: set[int] | None = None, line_roles: dict[int, str] | None = None):
    """Parse a back issue's text; returns (Issue, warnings). Raises ImportFailed.

    `line_roles` (line number → "title"/"body") carries what the source's formatting says; see TextImporter.
    """
    importer = TextImporter(text, display, source_kind, uncertain_breaks, line_roles)
    issue = importer.parse()
    return issue, importer.warnings


def import_page_text(text: str, display: str, line_roles: dict[int, str] | None, page_title: str | None, images: list):
    """A web page's lines (see importers.web): (Issue, warnings, figure files by path relative to issues/)."""
    importer = TextImporter(text, display, "html", None, line_roles, page_title=page_title, images=images)
    issue = importer.parse()
    return issue, importer.warnings, importer.figure_files
