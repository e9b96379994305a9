"""What can be checked of a PDF/A-2b file here, with pikepdf.

Checked: the XMP metadata names PDF/A part 2, conformance B; the file is not encrypted; an output
intent (the colour profile PDF/A requires) is present; every font is embedded (Type 3 fonts are
drawn by the file itself and need nothing). Not checked — that needs a full validator such as
veraPDF, which this machine cannot install: colour spaces against the output intent, the XMP
schema in full, font widths and glyph coverage, annotation appearances, transparency groups, and
every other clause of ISO 19005-2.
"""

from __future__ import annotations

from pathlib import Path

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdfa_problems(path: Path, *, part: str = "2", conformance: str = "B") -> list[str]:
    """Plain-Chinese problems with a PDF that should be PDF/A-`part``conformance`; empty when none found."""
    import pikepdf

    problems: list[str] = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["PDF 已加密（PDF/A 不允许加密）"]
    except pikepdf.PdfError as exc:
        return [f"无法读取 PDF（{exc}）"]
    with pdf:
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            problems.append("PDF 已加密（PDF/A 不允许加密）")
        metadata = pdf.open_metadata()
        found_part = metadata.get("pdfaid:part")
        found_conformance = metadata.get("pdfaid:conformance")
        if found_part != part or (found_conformance or "").upper() != conformance:
            problems.append(f"XMP 元数据中的 PDF/A 标识为 part={found_part or '无'}、conformance={found_conformance or '无'}，"
                            f"应为 {part}、{conformance}")
        if not len(pdf.Root.get("/OutputIntents", [])):
            problems.append("缺少输出意图（OutputIntent，PDF/A 要求的颜色配置）")
        missing = sorted(unembedded_fonts(pdf))
        if missing:
            problems.append(f"字体未嵌入：{'、'.join(missing)}")
    return problems


def unembedded_fonts(pdf) -> set[str]:
    """Base names of the fonts in the file that carry no font program."""
    import pikepdf

    missing: set[str] = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        font = obj
        if font.get("/Subtype") == pikepdf.Name.Type0:  # the glyphs are in its descendant CIDFont
            descendants = font.get("/DescendantFonts")
            font = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else font
        if font.get("/Subtype") == pikepdf.Name.Type3:
            continue  # draws its glyphs itself
        descriptor = font.get("/FontDescriptor")
        if not isinstance(descriptor, pikepdf.Dictionary) or not any(key in descriptor for key in FONT_FILES):
            missing.add(str(obj.get("/BaseFont", "?")).lstrip("/"))
    return missing
