"""add-article --file of a 30-page .docx with 10 photos, whole process, against `pandoc -f docx -t plain`
on the same file in the same run (median of N, interleaved), and the peak memory of the jianbao run.

Run: .venv/bin/python bench/add_article_bench.py [--runs 10]

The start-up of the jianbao command line alone (`jianbao toc 2008-06`) is timed too, to show how much
of the ratio it is. Two jianbao cases: `--dry-run` (read the file, stage the photos, validate; nothing saved) and a real add
into a temporary workspace (photos written into issues/<id>/ with fsync, manifest saved atomically; the
workspace is reset between runs, outside the timing). pandoc reads the same .docx and prints its text.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCES = [
    "今年以来，区信息办按照市委、市政府的部署，扎实推进政府网站集约化建设，",
    "全区各部门网站统一迁入区级平台，实现了统一标准、统一管理、统一安全防护，",
    "网上办事大厅新增事项一百二十项，群众办事由“跑多次”变为“最多跑一次”，",
    "下一步，我们将继续完善信息发布审核机制，加强对基层网站内容的日常检查。",
]


def photo(seed: int) -> bytes:
    """A camera-sized JPEG (1600×1200, about 2 MB): noise does not compress, like a real photo's detail."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (1600, 1200), rng.randbytes(1600 * 1200 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def build_docx(path: Path) -> None:
    """About 30 pages: a title, an editor's note, 10 sections with a sub-heading, 13 paragraphs and a
    photo with its caption each, full-width indents and the odd manual line break, a source line."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(16)  # 3号, as offices type contributions
    document.add_paragraph("全区政府网站集约化建设工作总结", style="Title")
    document.add_paragraph("编者按：现将该区的做法摘编如下，供各地参考。")
    numerals = "一二三四五六七八九十"
    for section in range(10):
        document.add_paragraph(f"{numerals[section]}、第{numerals[section]}部分工作情况")
        for n in range(13):
            text = "".join(SENTENCES[(section + n + k) % 4] for k in range(3))
            paragraph = document.add_paragraph("\u3000\u3000" + text[: len(text) // 2])
            if n % 5 == 0:
                paragraph.add_run().add_break()
            paragraph.add_run(text[len(text) // 2:])
        holder = document.add_paragraph()
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.add_run().add_picture(io.BytesIO(photo(section)), width=Mm(140))
        caption = document.add_paragraph(f"图{section + 1} 第{numerals[section]}部分工作现场")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("（区信息办供稿）")
    document.save(path)


def pages(docx: Path, scratch: Path) -> int | None:
    """Pages of the .docx as LibreOffice lays it out (to say honestly how long the file is)."""
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdfinfo"):
        return None
    profile = scratch / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(scratch), str(docx)], check=True, capture_output=True, timeout=300)
    info = subprocess.run(["pdfinfo", str(scratch / (docx.stem + ".pdf"))], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mb(argv: list[str], cwd: Path) -> float:
    """Peak RSS of the command alone: measured by a fresh parent whose only child it is."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], cwd=cwd, check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is needed (apt-get install pandoc)")
    exe = Path(sys.executable).with_name("jianbao")
    jianbao = str(exe) if exe.exists() else shutil.which("jianbao")

    with tempfile.TemporaryDirectory(prefix="jianbao-bench-") as tmp:
        tmp = Path(tmp)
        docx = tmp / "稿件.docx"
        build_docx(docx)
        workspace = tmp / "ws"
        subprocess.run([jianbao, "init", str(workspace)], check=True, capture_output=True)
        manifest = workspace / "issues" / "2008-06.yaml"
        pristine = manifest.read_bytes()

        def reset() -> None:
            manifest.write_bytes(pristine)
            shutil.rmtree(workspace / "issues" / "2008-06", ignore_errors=True)

        add = [jianbao, "add-article", "2008-06", "--section", "政府网站群动态", "--file", str(docx)]
        dry = add + ["--dry-run"]
        peer = [pandoc, "-f", "docx", "-t", "plain", str(docx), "-o", os.devnull]
        check = subprocess.run(add, cwd=workspace, capture_output=True, text=True, check=True).stdout
        print(check.splitlines()[0])
        assert "图片 10 张" in check, check
        reset()

        for _ in range(2):  # warm the page cache and the Python bytecode cache
            timed(dry, workspace)
            timed(peer, workspace)
        startup = [jianbao, "toc", "2008-06"]  # jianbao's own start-up, for reading the figures
        ours_dry, ours_add, theirs, floor = [], [], [], []
        for _ in range(args.runs):
            ours_dry.append(timed(dry, workspace))
            theirs.append(timed(peer, workspace))
            ours_add.append(timed(add, workspace))
            floor.append(timed(startup, workspace))
            reset()
        peak_dry = peak_mb(dry, workspace)
        peak_add = peak_mb(add, workspace)
        reset()
        peak_peer = peak_mb(peer, workspace)
        page_count = pages(docx, tmp)

        size = docx.stat().st_size / (1024 * 1024)
        print(f"file: {size:.1f} MB, {page_count or '?'} pages (LibreOffice), 10 photos; median of {args.runs} runs")
        peer_ms = statistics.median(theirs) * 1000
        print(f"{'command':<44} {'median ms':>10} {'ratio':>6} {'peak RSS MB':>12}")
        print(f"{'pandoc -f docx -t plain':<44} {peer_ms:>10.0f} {1:>6.2f} {peak_peer:>12.1f}")
        for name, runs, peak in (("jianbao add-article --file … --dry-run", ours_dry, peak_dry),
                                 ("jianbao add-article --file … (saved)", ours_add, peak_add)):
            ms = statistics.median(runs) * 1000
            print(f"{name:<44} {ms:>10.0f} {ms / peer_ms:>6.2f} {peak:>12.1f}")
        floor_ms = statistics.median(floor) * 1000
        print(f"{'(start-up alone: jianbao toc 2008-06)':<44} {floor_ms:>10.0f} {floor_ms / peer_ms:>6.2f}")
    print("aim: ratio ≤ 1.5, peak RSS of the jianbao run ≤ 200 MB;", f"runs of this machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
