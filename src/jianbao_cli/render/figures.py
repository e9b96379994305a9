"""Photos into the rendered document: a copy sized for print and mail, an inline drawing, its parts.

The original stays in `issues/<id>/`; the .docx carries a copy whose long side is at most
`MAX_LONG_SIDE` pixels (JPEG re-encoded at quality `JPEG_QUALITY`; PNG stays PNG, so transparency
and the sharp lines of a chart survive). A JPEG already within the limit and upright is embedded
byte for byte: re-encoding it would only lose quality.

Each figure is a `wp:inline` drawing (it moves with the text, as a photo in an article should),
scaled to fit the type area: never wider than the type area, never taller than half of it, aspect
ratio kept, and never enlarged beyond its size at 96 dpi. The drawing's `wp:docPr/@title` holds the
figure's path as the manifest names it, so that importing the rendered document gives back the
same manifest (`importers.rendered`).

Pillow is imported only when an issue has figures.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from jianbao_cli.errors import EXIT_INPUT, JianbaoError

MAX_LONG_SIDE = 1800
JPEG_QUALITY = 85
#: Bump when the way images are prepared changes: cached copies are then made again.
PREPARE_VERSION = "1"

EMU_PER_TWIP = 635
EMU_PER_MM = 36000
EMU_PER_PX = 9525  # at 96 dpi
#: GB/T 9704 type area, used when a template's page cannot be read.
TYPE_AREA_TWIPS = (8844, 12756)

REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
RID_PREFIX = "rIdJbFig"
MEDIA_PREFIX = "media/jianbao-figure-"

NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class FigureError(JianbaoError):
    exit_code = EXIT_INPUT


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    kind: str  # "jpeg" or "png"
    width: int  # pixels, upright
    height: int


@dataclass
class EmbeddedFigure:
    """One image part of the rendered document (one per distinct figure path)."""

    path: str  # as the manifest names it
    image: PreparedImage
    rid: str
    target: str  # relative to word/: media/jianbao-figure-1.jpeg
    cx: int  # EMU
    cy: int

    @property
    def part_name(self) -> str:
        return "word/" + self.target


# --- preparing the copy -----------------------------------------------------------------------------


def prepare_image(source: Path, display: str, cache_dir: Path | None = None) -> PreparedImage:
    """The copy to embed: upright, long side ≤ MAX_LONG_SIDE; cached by content under cache_dir."""
    try:
        raw = Path(source).read_bytes()
    except OSError as exc:
        raise FigureError(f"图片 {display} 无法读取（{exc.strerror or exc}）。") from None
    key = hashlib.sha256(raw + f"|{PREPARE_VERSION}|{MAX_LONG_SIDE}|{JPEG_QUALITY}".encode()).hexdigest()[:40]
    cached = _read_cached(cache_dir, key)
    if cached is not None:
        return cached
    prepared = _prepare(raw, display)
    _write_cached(cache_dir, key, prepared)
    return prepared


def _prepare(raw: bytes, display: str) -> PreparedImage:
    import io

    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(raw)) as image:
            kind = {"JPEG": "jpeg", "PNG": "png"}.get(image.format or "")
            if kind is None:
                raise FigureError(f"图片 {display} 不是 JPEG 或 PNG 图片；请另存为 JPEG 或 PNG。")
            orientation = image.getexif().get(0x0112, 1) if kind == "jpeg" else 1
            width, height = image.size
            if orientation in (5, 6, 7, 8):
                width, height = height, width
            small = max(width, height) <= MAX_LONG_SIDE
            if small and orientation in (1, None) and (kind == "png" or image.mode in ("RGB", "L")):
                return PreparedImage(raw, kind, width, height)
            scale = min(1.0, MAX_LONG_SIDE / max(width, height))
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            if kind == "jpeg":
                # decode at 1/2, 1/4 or 1/8 size straight away when that is still large enough
                draft_size = size if orientation not in (5, 6, 7, 8) else (size[1], size[0])
                image.draft("RGB", draft_size)
            image.load()
            upright = ImageOps.exif_transpose(image) if orientation not in (1, None) else image
            if upright.size != size:
                upright = upright.resize(size, Image.LANCZOS)
            out = io.BytesIO()
            if kind == "jpeg":
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            else:
                upright.save(out, "PNG")
            return PreparedImage(out.getvalue(), kind, size[0], size[1])
    except FigureError:
        raise
    except Image.DecompressionBombError:
        raise FigureError(f"图片 {display} 像素过多，不像是一张照片；请先缩小。") from None
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors for damaged files
        raise FigureError(f"图片 {display} 已损坏，无法读取（{exc}）。") from None


def _cache_path(cache_dir: Path | None, key: str) -> Path | None:
    return None if cache_dir is None else Path(cache_dir) / "figures" / f"{key}.bin"


def _read_cached(cache_dir: Path | None, key: str) -> PreparedImage | None:
    path = _cache_path(cache_dir, key)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
        kind, width, height = blob[:4].decode("ascii").strip(), *struct.unpack(">II", blob[4:12])
        if kind not in CONTENT_TYPES:
            return None
        return PreparedImage(blob[12:], kind, width, height)
    except (OSError, ValueError, struct.error):
        return None


def _write_cached(cache_dir: Path | None, key: str, image: PreparedImage) -> None:
    path = _cache_path(cache_dir, key)
    if path is None:
        return
    from jianbao_cli.fsutil import write_cache

    header = image.kind.ljust(4).encode("ascii") + struct.pack(">II", image.width, image.height)
    write_cache(path, header + image.data)


# --- size on the page ---------------------------------------------------------------------------------


def type_area(document_xml: bytes | None) -> tuple[int, int]:
    """(width, height) of the template's type area in twips, from its last w:sectPr."""
    text = (document_xml or b"").decode("utf-8", "replace")
    sizes = re.findall(r"<w:pgSz\b[^>]*>", text)
    margins = re.findall(r"<w:pgMar\b[^>]*>", text)
    if not sizes or not margins:
        return TYPE_AREA_TWIPS

    def attr(tag: str, name: str) -> int | None:
        found = re.search(rf'\bw:{name}="(-?\d+)"', tag)
        return int(found.group(1)) if found else None

    page_w, page_h = attr(sizes[-1], "w"), attr(sizes[-1], "h")
    left, right = attr(margins[-1], "left"), attr(margins[-1], "right")
    top, bottom = attr(margins[-1], "top"), attr(margins[-1], "bottom")
    if None in (page_w, page_h, left, right, top, bottom):
        return TYPE_AREA_TWIPS
    width, height = page_w - left - right, page_h - abs(top) - abs(bottom)
    if width <= 0 or height <= 0:
        return TYPE_AREA_TWIPS
    return width, height


def fit(width_px: int, height_px: int, area_twips: tuple[int, int]) -> tuple[int, int]:
    """(cx, cy) in EMU: natural size at 96 dpi, shrunk to the type-area width and half its height."""
    max_w = area_twips[0] * EMU_PER_TWIP
    max_h = area_twips[1] * EMU_PER_TWIP // 2
    natural_w, natural_h = width_px * EMU_PER_PX, height_px * EMU_PER_PX
    scale = min(1.0, max_w / natural_w, max_h / natural_h)
    cx = min(max_w, max(1, int(natural_w * scale)))
    cy = min(max_h, max(1, int(natural_h * scale)))
    return cx, cy


# --- the figures of one issue ---------------------------------------------------------------------------


class FigureSet:
    """The figures of one issue for one template: image parts, and a drawing for each occurrence."""

    def __init__(self, figures: list[EmbeddedFigure], first_doc_pr_id: int):
        self.by_path = {figure.path: figure for figure in figures}
        self._next_id = first_doc_pr_id

    def __bool__(self) -> bool:
        return bool(self.by_path)

    def drawing(self, path: str, caption: str | None) -> str:
        """The runs that put the figure at a `{{ block.image }}` inside a template's `<w:t>`."""
        figure = self.by_path[path]
        doc_pr_id = self._next_id
        self._next_id += 1
        name = f"图片 {doc_pr_id}"
        descr = f" descr={quoteattr(caption)}" if caption else ""
        cx, cy = figure.cx, figure.cy
        return (
            '</w:t></w:r><w:r><w:rPr><w:noProof/></w:rPr>'
            f'<w:drawing><wp:inline xmlns:wp="{NS_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{doc_pr_id}" name="{name}" title={quoteattr(path)}{descr}/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{NS_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{NS_A}"><a:graphicData uri="{NS_PIC}">'
            f'<pic:pic xmlns:pic="{NS_PIC}"><pic:nvPicPr><pic:cNvPr id="0" name={quoteattr(Path(path).name)}/>'
            '<pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{NS_R}" r:embed="{figure.rid}"/><a:stretch><a:fillRect/></a:stretch>'
            '</pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
        )

    def package_parts(self, template, document_xml: bytes) -> dict[str, bytes]:
        """Image parts, relationships and content types for the figures the document shows."""
        shown = [f for f in self.by_path.values() if f'r:embed="{f.rid}"'.encode() in document_xml]
        if not shown:
            return {}
        parts: dict[str, bytes] = {f.part_name: f.image.data for f in shown}
        rels = (template.part("word/_rels/document.xml.rels") or b"").decode("utf-8")
        if not rels:
            rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        added = "".join(f'<Relationship Id="{f.rid}" Type="{REL_IMAGE}" Target="{f.target}"/>' for f in shown)
        parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", added + "</Relationships>", 1).encode()
        types = (template.part("[Content_Types].xml") or b"").decode("utf-8")
        for kind in sorted({f.image.kind for f in shown}):
            if not re.search(rf'<Default\s+Extension="{kind}"', types, re.IGNORECASE):
                types = types.replace("<Default ", f'<Default Extension="{kind}" ContentType="{CONTENT_TYPES[kind]}"/><Default ', 1)
        parts["[Content_Types].xml"] = types.encode("utf-8")
        return parts


def prepare_figures(issue, figure_root: Path | None, template, *, cache_dir: Path | None = None,
                    root_display: str = "issues") -> FigureSet:
    """Every distinct figure of the issue, prepared and sized for the template's type area."""
    paths = list(dict.fromkeys(figure.figure for figure in issue.figures()))
    if not paths:
        return FigureSet([], 1)
    if figure_root is None:
        raise FigureError("本期有图片，但没有给出图片所在的文件夹（issues/）。")
    document_xml = template.part("word/document.xml")
    area = type_area(document_xml)
    used_ids = set(template_rel_ids(template))
    figures = []
    for number, path in enumerate(paths, 1):
        image = prepare_image(Path(figure_root) / path, f"{root_display}/{path}", cache_dir)
        rid = f"{RID_PREFIX}{number}"
        while rid in used_ids:
            rid += "x"
        cx, cy = fit(image.width, image.height, area)
        figures.append(EmbeddedFigure(path, image, rid, f"{MEDIA_PREFIX}{number}.{image.kind}", cx, cy))
    ids = [int(n) for n in re.findall(rb'<wp:docPr\b[^>]*\bid="(\d+)"', document_xml or b"")]
    return FigureSet(figures, max(ids, default=0) + 1)


def template_rel_ids(template) -> list[str]:
    rels = template.part("word/_rels/document.xml.rels") or b""
    return [m.decode() for m in re.findall(rb'\bId="([^"]+)"', rels)]


# --- a tiny image without Pillow (for template check) ----------------------------------------------------


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A grey PNG, made without an image library."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
