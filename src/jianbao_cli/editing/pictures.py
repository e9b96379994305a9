"""Pictures out of a contributor's file, into the scratch folder as JPEG or PNG, named by their content.

JPEG and PNG are copied as they are, streamed in chunks (a 40 MB photo never sits in memory whole).
GIF, BMP, TIFF and WebP are converted to PNG with Pillow (the first frame of an animation). EMF and
WMF (Word's vector drawings) and anything else cannot be printed as a photo here: skipped, with a warning.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import BinaryIO

from jianbao_cli.editing.contribution import StagedImage
from jianbao_cli.model.images import MAX_FIGURE_BYTES, NotAnImage, image_info

CHUNK = 1024 * 1024
_CONVERTIBLE = {"gif": "GIF", "bmp": "BMP", "tiff": "TIFF", "webp": "WebP"}


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


class Stager:
    """Stages pictures into `scratch`; the same bytes twice give the same StagedImage."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.scratch.mkdir(parents=True, exist_ok=True)
        self._count = 0
        self._by_digest: dict[str, StagedImage] = {}

    def stage(self, opener, size: int, label: str, warnings: list[str]) -> StagedImage | None:
        """`opener()` gives a binary stream of the picture; `label` names it in warnings (第 2 张图片)."""
        if size > MAX_FIGURE_BYTES:
            warnings.append(f"{label}过大（{size // (1024 * 1024)} MB），已跳过；请压缩后再插入")
            return None
        with opener() as stream:
            head = stream.read(64)
        kind = sniff(head)
        self._count += 1
        target = self.scratch / f"picture-{self._count}"
        if kind in ("jpeg", "png"):
            with opener() as stream:
                digest = _copy_hashing(stream, target)
            ext = "jpg" if kind == "jpeg" else "png"
        elif kind in _CONVERTIBLE:
            converted = _to_png(opener, target, label, warnings)
            if not converted:
                return None
            with target.open("rb") as stream:
                digest = hashlib.sha256(stream.read()).hexdigest()
            ext = "png"
            warnings.append(f"{label}是 {_CONVERTIBLE[kind]} 格式，已转为 PNG")
        elif kind in ("emf", "wmf"):
            warnings.append(f"{label}是 {kind.upper()} 矢量图，简报无法印出，已跳过；请在 Word 里另存为 PNG 或 JPEG 后再插入")
            return None
        else:
            warnings.append(f"{label}的格式无法识别，已跳过")
            return None
        if digest in self._by_digest:
            target.unlink()
            return self._by_digest[digest]
        try:
            info = image_info(target)
        except NotAnImage as reason:
            warnings.append(f"{label}无法使用（{reason}），已跳过")
            target.unlink()
            return None
        staged = StagedImage(target, ext, digest, target.stat().st_size, info.width, info.height)
        self._by_digest[digest] = staged
        return staged

    def stage_file(self, path: Path, label: str, warnings: list[str]) -> StagedImage | None:
        return self.stage(lambda: path.open("rb"), path.stat().st_size, label, warnings)


def _copy_hashing(stream: BinaryIO, target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _to_png(opener, target: Path, label: str, warnings: list[str]) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with opener() as stream, Image.open(stream) as image:
            image.seek(0)
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            image.convert(mode).save(target, "PNG", optimize=False)
        return True
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        warnings.append(f"{label}无法转换（{type(exc).__name__}），已跳过")
        target.unlink(missing_ok=True)
        return False


def copy_into(staged: StagedImage, destination: Path) -> None:
    """Atomically write the staged picture at `destination` (a temporary file beside it, then rename)."""
    from jianbao_cli.fsutil import atomic_open

    with staged.path.open("rb") as source, atomic_open(destination, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
