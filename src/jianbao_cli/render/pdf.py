"""PDF through LibreOffice headless, page pictures through poppler's pdftoppm.

One `soffice` call converts a whole batch (LibreOffice's start-up is most of its cost). Each call
gets its own profile folder (`-env:UserInstallation`), so parallel runs never collide on a lock,
and a fontconfig file that maps the official font names, which Linux lacks, to free faces.

PDF/A-2b comes from the same call with the PDF filter's options (`SelectPdfVersion` 2); each PDF/A is
checked (render.pdfa) before it is put in place, and one that fails is reported, not written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from jianbao_cli.errors import EXIT_FAILED, JianbaoError, Problem, ProblemList
from jianbao_cli.libreoffice import convert, find_soffice

INSTALL_HINT = (
    "请安装 LibreOffice 与字体：sudo apt-get install libreoffice-writer-nogui poppler-utils "
    "fonts-noto-cjk fonts-arphic-ukai（其他系统请安装 LibreOffice，并确保 soffice 在 PATH 中）"
)

# (family as named in documents, free face, weight) — see shared/layout.md.
SERIF, SANS, KAI = "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"
FONT_MAP: list[tuple[str, str, str | None]] = [
    ("方正小标宋简体", SERIF, "bold"),
    ("方正小标宋_GBK", SERIF, "bold"),
    ("小标宋", SERIF, "bold"),
    ("华文中宋", SERIF, "bold"),
    ("仿宋_GB2312", SERIF, "light"),
    ("仿宋", SERIF, "light"),
    ("FangSong", SERIF, "light"),
    ("FangSong_GB2312", SERIF, "light"),
    ("楷体_GB2312", KAI, None),
    ("楷体", KAI, None),
    ("KaiTi", KAI, None),
    ("KaiTi_GB2312", KAI, None),
    ("黑体", SANS, None),
    ("SimHei", SANS, None),
    ("宋体", SERIF, None),
    ("SimSun", SERIF, None),
]


class LibreOfficeMissing(JianbaoError):
    exit_code = EXIT_FAILED


def soffice_path() -> str:
    found = find_soffice()
    if not found:
        raise LibreOfficeMissing("找不到 LibreOffice（soffice），无法生成 PDF。" + INSTALL_HINT)
    return found


def font_entries(layout=None) -> list[tuple[str, str, str | None]]:
    """(official name, free face it maps to, weight): the official names, then those a workspace chose
    in jianbao.yaml. The PDF export writes these rules; `jianbao doctor` shows them."""
    entries = list(FONT_MAP)
    if layout is not None:
        slots = {"title_font": (SERIF, "bold"), "body_font": (SERIF, "light"), "kai_font": (KAI, None),
                 "hei_font": (SANS, None), "song_font": (SERIF, None)}
        known = {name for name, _, _ in entries}
        for slot, (face, weight) in slots.items():
            name = getattr(layout, slot, None)
            if name and name not in known:
                entries.append((name, face, weight))
                known.add(name)
    return entries


def fontconfig_xml(layout=None) -> str:
    """A fonts.conf that keeps the system configuration and adds one rule per official name."""
    rules = []
    for name, face, weight in font_entries(layout):
        weight_edit = f'<edit name="weight" mode="assign"><const>{weight}</const></edit>' if weight else ""
        rules.append(
            f'  <match target="pattern"><test name="family"><string>{_xml(name)}</string></test>'
            f'<edit name="family" mode="assign" binding="strong"><string>{face}</string></edit>{weight_edit}</match>'
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "\n".join(rules) + "\n</fontconfig>\n"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_filter(*, pdfa: bool = False, named_destinations: bool = False, blank_pages: bool = False) -> str:
    """The `--convert-to` argument: LibreOffice's PDF filter with its options as JSON (LibreOffice 7.4+)."""
    options: dict[str, dict[str, str]] = {}
    if pdfa:  # 2 = PDF/A-2b (1 would give PDF/A-1a, 3 PDF/A-3b); fonts are then always embedded
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}
    if named_destinations:  # every Word bookmark becomes a named destination (the volume's bookmarks)
        options["ExportBookmarksToPDFDestination"] = {"type": "boolean", "value": "true"}
    if blank_pages:  # the pages LibreOffice inserts so that a section starts on an odd page (skipped by default)
        options["IsSkipEmptyPages"] = {"type": "boolean", "value": "false"}
    if not options:
        return "pdf:writer_pdf_Export"
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def export_pdfs(docx_paths: list[Path], out_dir: Path, *, layout=None, timeout: float = 600, pdfa: bool | None = None,
                named_destinations: bool = False, blank_pages: bool = False,
                progress: Callable[[int], None] | None = None,
                warn: Callable[[str], None] | None = None) -> list[Path]:
    """Convert .docx files to PDF in one LibreOffice call; each PDF lands atomically in out_dir.

    `pdfa`: PDF/A-2b, checked before it is put in place; None follows the setting `layout.pdfa`.
    `progress(n)` is told as n more PDFs are made. An issue whose 报尾 LibreOffice left alone on the
    last page is converted once more with its last lines kept with it (render.tailfix); `warn` hears
    of one where that could not be done.
    """
    if pdfa is None:
        pdfa = bool(getattr(layout, "pdfa", False))
    docx_paths = [Path(p) for p in docx_paths]
    if not docx_paths:
        return []
    soffice = soffice_path()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jianbao-lo-") as scratch:
        scratch_path = Path(scratch)
        profile = scratch_path / "profile"
        converted = scratch_path / "out"
        converted.mkdir()
        fonts_conf = scratch_path / "fonts.conf"
        fonts_conf.write_text(fontconfig_xml(layout), encoding="utf-8")
        to = pdf_filter(pdfa=pdfa, named_destinations=named_destinations, blank_pages=blank_pages)

        def run(sources: list[Path], into: Path, on_output=None):
            try:
                return convert(soffice, [p.resolve() for p in sources], into, to, profile=profile, timeout=timeout,
                               env={"FONTCONFIG_FILE": str(fonts_conf)}, on_output=on_output)
            except subprocess.TimeoutExpired:
                raise JianbaoError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒）。", exit_code=EXIT_FAILED) from None
            except OSError as exc:
                raise LibreOfficeMissing(f"无法运行 LibreOffice（{soffice}）：{exc}。" + INSTALL_HINT) from None

        result = run(docx_paths, converted, progress)
        for message in _keep_tails_company(docx_paths, converted, scratch_path, run):
            if warn is not None:
                warn(message)
        results: list[Path] = []
        missing: list[str] = []
        not_pdfa: list[Problem] = []
        for docx in docx_paths:
            produced = converted / f"{docx.stem}.pdf"
            if not produced.is_file() or produced.stat().st_size == 0:
                missing.append(docx.name)
                continue
            if pdfa:
                from jianbao_cli.render.pdfa import pdfa_problems

                problems = pdfa_problems(produced)
                if problems:
                    not_pdfa.append(Problem(produced.name, f"不符合 PDF/A-2b，未写入：{'；'.join(problems)}"))
                    continue
            target = out_dir / produced.name
            _move_atomic(produced, target)
            results.append(target)
        if missing:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"退出状态 {result.returncode}"]
            raise JianbaoError(f"LibreOffice 未能转换 {'、'.join(missing)}：{detail[0]}", exit_code=EXIT_FAILED)
        if not_pdfa:
            raise ProblemList(not_pdfa, exit_code=EXIT_FAILED)
        return results


def _keep_tails_company(docx_paths: list[Path], converted: Path, scratch: Path, run) -> list[str]:
    """Convert again, with the last paragraph split where LibreOffice broke its lines, every issue
    whose 报尾 stands alone on its last page; the messages name those that could not be helped."""
    from jianbao_cli.render import tailfix

    todo: list[tuple[Path, Path]] = []
    messages: list[str] = []
    for docx in docx_paths:
        pdf = converted / f"{docx.stem}.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            continue
        found = tailfix.check(docx, pdf)
        if not found.alone:
            continue
        if found.split_at is None:
            messages.append(found.message(pdf.name, then="后再生成 PDF"))
            continue
        split = scratch / "split" / docx.name
        split.parent.mkdir(exist_ok=True)
        tailfix.split_last_paragraph(docx, found.split_at, split)
        todo.append((docx, split))
    if not todo:
        return messages
    again = scratch / "again"
    again.mkdir()
    run([split for _, split in todo], again)
    for docx, split in todo:
        produced = again / f"{docx.stem}.pdf"
        if produced.is_file() and produced.stat().st_size and not tailfix.check(split, produced).alone:
            os.replace(produced, converted / produced.name)
        else:
            messages.append(tailfix.TailCheck(True).message(produced.name, then="后再生成 PDF"))
    return messages


def _move_atomic(source: Path, target: Path) -> None:
    from jianbao_cli.fsutil import atomic_write_bytes

    try:
        os.replace(source, target)  # same file system: one rename
    except OSError:
        atomic_write_bytes(target, source.read_bytes())


def export_pngs(pdf_path: Path, out_dir: Path, *, dpi: int = 110) -> list[Path]:
    """One PNG per page, `<stem>-<n>.png` (n from 1), from a PDF via pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise JianbaoError("找不到 pdftoppm，无法生成页面图片。请安装：sudo apt-get install poppler-utils",
                           exit_code=EXIT_FAILED)
    pdf_path, out_dir = Path(pdf_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jianbao-png-", dir=out_dir) as scratch:
        result = subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf_path), str(Path(scratch) / "page")],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise JianbaoError(f"pdftoppm 未能生成 {pdf_path.name} 的图片：{result.stderr.strip()}", exit_code=EXIT_FAILED)
        pages = sorted(Path(scratch).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        written = []
        for page in pages:
            number = int(page.stem.rsplit("-", 1)[1])
            target = out_dir / f"{pdf_path.stem}-{number}.png"
            os.replace(page, target)
            written.append(target)
        return written
