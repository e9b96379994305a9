"""What a figure file is, read from its first bytes: JPEG or PNG, and its size in pixels.

The manifest refers to photos by path; loading a manifest checks each one without importing an
image library (Pillow is needed only to resize them for the rendered document).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Largest figure file accepted (a camera JPEG is a few MB; anything far larger is a mistake).
MAX_FIGURE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # "jpeg" or "png"
    width: int
    height: int


class NotAnImage(ValueError):
    """The reason, in Chinese, why a file cannot be used as a figure."""


def image_info(path: Path) -> ImageInfo:
    """Kind and pixel size of a JPEG or PNG file; NotAnImage (with a Chinese reason) otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FIGURE_BYTES:
            raise NotAnImage(f"图片文件过大（{size // (1024 * 1024)} MB），请先缩小")
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except FileNotFoundError:
        raise NotAnImage("图片文件不存在") from None
    except IsADirectoryError:
        raise NotAnImage("这是一个文件夹，不是图片文件") from None
    except OSError as exc:
        raise NotAnImage(f"图片文件无法读取（{exc.strerror or exc}）") from None
    kind = sniff(head)
    if kind == "png" and len(head) >= 24 and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return _checked(ImageInfo("png", width, height))
    if kind == "jpeg":
        dims = _jpeg_size(path)
        if dims is None:
            raise NotAnImage("JPEG 文件已损坏（找不到图像尺寸）")
        return _checked(ImageInfo("jpeg", *dims))
    raise NotAnImage(f"不是 JPEG 或 PNG 图片（{_describe(head)}）；请另存为 JPEG 或 PNG")


def sniff(head: bytes) -> str:
    """The kind of a picture from its first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"GIF8"):
        return "gif"
    if head.startswith(b"BM"):
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
        return "emf"
    if head[:4] == b"\xd7\xcd\xc6\x9a" or head[:2] in (b"\x01\x00", b"\x02\x00"):
        return "wmf"
    return "unknown"


def _checked(info: ImageInfo) -> ImageInfo:
    if info.width <= 0 or info.height <= 0:
        raise NotAnImage("图片尺寸为 0，文件已损坏")
    return info


def _jpeg_size(path: Path) -> tuple[int, int] | None:
    with path.open("rb") as handle:
        return pixel_size(handle, "jpeg")


#: JPEG start-of-frame markers (baseline, progressive, lossless …), which carry the pixel size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def pixel_size(stream: BinaryIO, kind: str) -> tuple[int, int] | None:
    """(width, height) of a JPEG or PNG read from the start of a stream, without seeking: a JPEG's
    marker segments are skipped up to its frame header (EXIF thumbnails sit inside APP1 and are skipped)."""
    if kind == "png":
        head = stream.read(24)
        if len(head) < 24 or head[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", head[16:24])
    stream.read(2)
    while True:
        byte = stream.read(1)
        while byte and byte != b"\xff":
            byte = stream.read(1)
        while byte == b"\xff":
            byte = stream.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        length_bytes = stream.read(2)
        if len(length_bytes) < 2:
            return None
        length = struct.unpack(">H", length_bytes)[0]
        if marker in _SOF:
            data = stream.read(5)
            if len(data) < 5:
                return None
            height, width = struct.unpack(">HH", data[1:5])
            return width, height
        if marker == 0xD9 or length < 2:
            return None
        if len(stream.read(length - 2)) < length - 2:
            return None



_KIND_NAMES = {"gif": "GIF 图片", "bmp": "BMP 图片", "tiff": "TIFF 图片", "webp": "WebP 图片"}


def _describe(head: bytes) -> str:
    kind = sniff(head)
    if kind in _KIND_NAMES:
        return f"这是 {_KIND_NAMES[kind]}"
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件"
    if not head:
        return "文件是空的"
    return "无法识别的文件"
