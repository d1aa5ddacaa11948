"""Printed and scanned copies of contracts, for tests and benchmarks of the PDF and OCR readers.

    pdf = render_pdf("sample_contracts/nda_ja_weak.docx", tmp)      # LibreOffice
    pngs = render_pages(pdf, tmp, dpi=300, first=1, last=2)          # pdftoppm
    scan = images_to_pdf(pngs, tmp / "scan.pdf")                      # img2pdf: no text layer

Each needs its program (``soffice``, ``pdftoppm``, ``img2pdf``); ``missing_tools()`` names the
absent ones so that a test can skip saying why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from clausecheck.reader import tools
from clausecheck.reader.convert import _profile_dir, soffice

TOOLS = {"soffice": "LibreOffice (libreoffice-writer-nogui)", "pdftoppm": "poppler-utils",
         "img2pdf": "img2pdf", "tesseract": "tesseract-ocr"}


def missing_tools(*names: str) -> list[str]:
    """The programs among ``names`` that are not installed, with their Debian package."""
    out = []
    for name in names:
        found = soffice() if name == "soffice" else tools.which(name)
        if found is None:
            out.append(f"{name} ({TOOLS.get(name, name)})")
    return out


def render_pdf(docx: str | Path, out_dir: str | Path, timeout: float = 180.0) -> Path:
    """The document printed to PDF by LibreOffice, as ``out_dir/<stem>.pdf``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed")
    profile = Path(_profile_dir()).as_uri()
    tools.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
              timeout=timeout, what="LibreOffice",
              env=dict(os.environ, HOME=_profile_dir()))
    pdf = out_dir / (Path(docx).stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def convert_with_libreoffice(src: str | Path, out_dir: str | Path, target: str,
                             timeout: float = 180.0) -> Path:
    """``src`` saved by LibreOffice in another format ("doc", "rtf", "odt")."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed")
    filters = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format", "odt": "odt"}
    profile = Path(_profile_dir()).as_uri()
    tools.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", filters.get(target, target), "--outdir", str(out_dir),
               str(src)], timeout=timeout, what="LibreOffice",
              env=dict(os.environ, HOME=_profile_dir()))
    out = out_dir / (Path(src).stem + "." + target)
    if not out.is_file():
        raise RuntimeError(f"LibreOffice wrote no .{target} for {src}")
    return out


def render_pages(pdf: str | Path, out_dir: str | Path, *, dpi: int = 300,
                 first: int | None = None, last: int | None = None,
                 gray: bool = True) -> list[Path]:
    """The PDF's pages as PNG images (``out_dir/page-N.png``), in page order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [tools.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-png"]
    if gray:
        cmd.append("-gray")
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    tools.run(cmd + [str(pdf), str(out_dir / "page")], timeout=600, what="pdftoppm")
    return sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def images_to_pdf(images: Iterable[str | Path], out: str | Path) -> Path:
    """An image-only PDF (no text layer), as a scanner writes it."""
    exe = tools.which("img2pdf")
    if exe is None:
        raise RuntimeError("img2pdf is not installed")
    result = tools.run([exe, *map(str, images)], timeout=300, what="img2pdf")
    Path(out).write_bytes(result.stdout)
    return Path(out)


def verdict_agreement(reference, other) -> tuple[int, int, list[str]]:
    """(provisions with the same status, provisions judged, the ids that differ)."""
    ref = {f.provision: f.status for f in reference.findings}
    got = {f.provision: f.status for f in other.findings}
    differ = sorted(p for p in ref if got.get(p) != ref[p])
    return len(ref) - len(differ), len(ref), differ


def article_numbers(document) -> list[str]:
    """The article numbers of a Document, in order ("第3条", "Article 4", "12")."""
    return [c.number for c in document.clauses if c.number]


def numbers_found(reference, other) -> tuple[int, int]:
    """(article numbers of ``reference`` also found in ``other``, numbers in ``reference``)."""
    want = article_numbers(reference)
    have = set(article_numbers(other))
    return sum(1 for n in want if n in have), len(want)

