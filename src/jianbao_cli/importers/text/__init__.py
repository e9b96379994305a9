"""The text importer: a back issue as plain text (typed, or extracted from a PDF or Word file) → Issue.

The text is read in four zones, top to bottom:

1. header   – 密级, masthead (刊名), issue line (期号), compiling unit(s), date;
2. contents – `本期导读` / `本期要目` / `目录` with section headings and items (optional);
3. body     – articles: titles found by the contents (fuzzy) or by layout, then paragraphs;
4. tail     – 报/送/发/抄送 lists, （共印 N 份）, contact line, imprint (…印发).

Whatever is uncertain becomes an ImportWarning with the manifest field it concerns.
"""

from __future__ import annotations

from jianbao_cli.importers.text.body import BodyReader
from jianbao_cli.importers.text.contents import ContentsReader
from jianbao_cli.importers.text.header import HeaderReader
from jianbao_cli.importers.text.lines import (  # noqa: F401  (the names other importers use)
    _FULLWIDTH_DIGITS,
    CLASSIFICATION_RE,
    CONTENTS_RE,
    COPIES_RE,
    DATE_RE,
    DIST_RE,
    EDITOR_NOTE_RE,
    ISSUE_RE,
    PAGE_NUMBER_RE,
    SUPP_ONLY_RE,
    TOTAL_RE,
    Gap,
    Line,
    cn_int,
    cn_year,
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

        for k, section_title, title, paragraphs in articles:
            if not sections or sections[-1].title != section_title:
                if section_title is not None:
                    empty_sections_before(section_title)
                sections.append(Section(title=section_title, articles=[]))
            where[k] = f"sections[{len(sections) - 1}].articles[{len(sections[-1].articles)}]"
            sections[-1].articles.append(Article(title=title, paragraphs=paragraphs))
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


def import_text(text: str, display: str = "文本", source_kind: str = "text",
                uncertain_breaks: set[int] | None = None, line_roles: dict[int, str] | None = None):
    """Parse a back issue's text; returns (Issue, warnings). Raises ImportFailed.

    `line_roles` (line number → "title"/"body") carries what the source's formatting says; see TextImporter.
    """
    importer = TextImporter(text, display, source_kind, uncertain_breaks, line_roles)
    issue = importer.parse()
    return issue, importer.warnings
