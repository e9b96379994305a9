"""Accept-all and reject-all as LibreOffice understood a redline: read from the ODT it converts the .docx to.

LibreOffice keeps tracked changes in ODF as `text:changed-region`s: an insertion is the body text
between `text:change-start` and `text:change-end`; a deletion is a `text:change` point in the body
whose deleted paragraphs live in the region. Accepting all keeps the body as it is; rejecting all cuts
the insertions (paragraph breaks inside them included) and splices the deleted paragraphs back.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
T = "{%s}" % TEXT
PARAGRAPHS = (T + "p", T + "h")


def _stream(root) -> list[tuple[str, str | None]]:
    """Text, change markers and paragraph ends in reading order (text-box paragraphs after their anchor)."""
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    out: list[tuple[str, str | None]] = []

    def paragraph(p) -> None:
        nested = []

        def walk(element) -> None:
            if element.tag in PARAGRAPHS:
                nested.append(element)
                return
            if element.tag == T + "tracked-changes":
                return
            if element.tag in (T + "change-start", T + "change-end", T + "change"):
                out.append((element.tag[len(T):], element.get(T + "change-id")))
            elif element.tag == T + "s":
                out.append(("text", " " * int(element.get(T + "c", "1"))))
            elif element.tag == T + "tab":
                out.append(("text", "\t"))
            elif element.text:
                out.append(("text", element.text))
            for child in element:
                walk(child)
                if child.tail:
                    out.append(("text", child.tail))

        if p.text:
            out.append(("text", p.text))
        for child in p:
            walk(child)
            if child.tail:
                out.append(("text", child.tail))
        out.append(("end-of-paragraph", None))
        for inner in nested:
            paragraph(inner)

    for element in body:
        if element.tag in PARAGRAPHS:
            paragraph(element)
    return out


def paragraphs(odt: Path, accept: bool = True) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(odt) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    regions = {r.get(T + "id"): r[0] for r in root.iter(T + "changed-region")}
    result: list[str] = [""]
    cutting = None
    for kind, value in _stream(root):
        if kind == "change-start":
            if regions[value].tag == T + "insertion" and not accept:
                cutting = value
            continue
        if kind == "change-end":
            if cutting == value:
                cutting = None
            continue
        if cutting:
            continue
        if kind == "change":
            if regions[value].tag == T + "deletion" and not accept:
                deleted = [p for p in regions[value] if p.tag in PARAGRAPHS]
                for index, p in enumerate(deleted):
                    result[-1] += "".join(p.itertext())
                    if index < len(deleted) - 1:
                        result.append("")
            continue
        if kind == "end-of-paragraph":
            result.append("")
        else:
            result[-1] += value
    return result[:-1]


def change_kinds(odt: Path) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(odt) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    return [r[0].tag[len(T):] for r in root.iter(T + "changed-region")]
