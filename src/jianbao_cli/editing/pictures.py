"""Pictures out of a contributor's file: what they are, their size in pixels, and how they are stored.

JPEG and PNG are kept as they are and never decoded: their pixel size is read from the first bytes,
and their name comes from the CRC-32 and length of their bytes (a .docx records both for each part, so
reading a file — and `--dry-run` — inflates no photo; the bytes are streamed only when they are stored,
and the CRC is checked then). GIF, BMP, TIFF and WebP are converted to PNG with Pillow (the first frame
of an animation). EMF and WMF (Word's vector drawings) and anything else cannot be printed as a photo:
skipped, with a warning.
"""

from __future__ import annotations

import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, Callable

from jianbao_cli.editing.contribution import StagedImage
from jianbao_cli.errors import JianbaoError
from jianbao_cli.model.images import MAX_FIGURE_BYTES, pixel_size, sniff

CHUNK = 1024 * 1024
_CONVERTIBLE = {"gif": "GIF", "bmp": "BMP", "tiff": "TIFF", "webp": "WebP"}


def crc_of(stream: BinaryIO) -> int:
    crc = 0
    while chunk := stream.read(CHUNK):
        crc = zlib.crc32(chunk, crc)
    return crc


class Stager:
    """Identifies the pictures of one file; the same bytes twice give the same StagedImage. Files it
    must keep open (the .docx package) stay open until it is closed."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self._open = ExitStack()
        self._converted = 0
        self._seen: dict[tuple[int, int, str], StagedImage] = {}

    def __enter__(self) -> "Stager":
        return self

    def __exit__(self, *exc) -> None:
        self._open.close()

    def keep_open(self, handle):
        return self._open.enter_context(handle)

    def stage(self, opener: Callable[[], BinaryIO], size: int, label: str, warnings: list[str],
              crc: int | None = None) -> StagedImage | None:
        """`opener()` gives a fresh binary stream of the picture; `crc` its CRC-32 when known (ZIP);
        `label` names it in warnings (第 2 张图片)."""
        if size > MAX_FIGURE_BYTES:
            warnings.append(f"{label}过大（{size // (1024 * 1024)} MB），已跳过；请压缩后再插入")
            return None
        with opener() as stream:
            kind = sniff(stream.read(64))
        if kind in _CONVERTIBLE:
            converted = self._to_png(opener, label, warnings)
            if converted is None:
                return None
            warnings.append(f"{label}是 {_CONVERTIBLE[kind]} 格式，已转为 PNG")
            path = converted
            opener, size, crc, kind = (lambda: path.open("rb")), path.stat().st_size, None, "png"
        elif kind in ("emf", "wmf"):
            warnings.append(f"{label}是 {kind.upper()} 矢量图，简报无法印出，已跳过；请在 Word 里另存为 PNG 或 JPEG 后再插入")
            return None
        elif kind not in ("jpeg", "png"):
            warnings.append(f"{label}的格式无法识别，已跳过")
            return None
        with opener() as stream:
            dims = pixel_size(stream, kind)
        if not dims or not all(dims):
            warnings.append(f"{label}已损坏（读不出图像尺寸），已跳过")
            return None
        if crc is None:
            with opener() as stream:
                crc = crc_of(stream)
        ext = "jpg" if kind == "jpeg" else "png"
        key = (crc, size, ext)
        if key not in self._seen:
            self._seen[key] = StagedImage(opener, ext, crc, size, *dims)
        return self._seen[key]

    def stage_file(self, path: Path, label: str, warnings: list[str]) -> StagedImage | None:
        return self.stage(lambda: path.open("rb"), path.stat().st_size, label, warnings)

    def _to_png(self, opener, label: str, warnings: list[str]) -> Path | None:
        from PIL import Image, UnidentifiedImageError

        self.scratch.mkdir(parents=True, exist_ok=True)
        self._converted += 1
        target = self.scratch / f"converted-{self._converted}.png"
        try:
            with opener() as stream, Image.open(stream) as image:
                image.seek(0)
                mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
                image.convert(mode).save(target, "PNG")
            return target
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            warnings.append(f"{label}无法转换（{type(exc).__name__}），已跳过")
            target.unlink(missing_ok=True)
            return None


def write_into(staged: StagedImage, destination: Path) -> None:
    """Atomically write the picture at `destination` (a temporary file beside it, then rename), streaming
    it and checking its CRC-32: a damaged picture inside the file is refused, not stored."""
    import zipfile

    from jianbao_cli.fsutil import atomic_open

    try:
        with staged.opener() as source, atomic_open(destination, "wb") as out:
            crc = 0
            while chunk := source.read(CHUNK):
                crc = zlib.crc32(chunk, crc)
                out.write(chunk)
            if crc != staged.crc:
                raise zipfile.BadZipFile("CRC")
    except zipfile.BadZipFile:
        raise JianbaoError(f"图片 {destination.name} 的数据已损坏（校验和不符），未做任何改动。") from None


def same_picture(path: Path, staged: StagedImage) -> bool:
    if path.stat().st_size != staged.size:
        return False
    with path.open("rb") as stream:
        return crc_of(stream) == staged.crc
