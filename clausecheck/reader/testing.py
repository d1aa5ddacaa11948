"""Printed and scanned copies of contracts, for tests and benchmarks of the PDF and OCR readers.

    pdf = render_pdf("sample_contracts/nda_ja_weak.docx", tmp)      # LibreOffice
    pngs = render_pages(pdf, tmp, dpi=300, first=1, last=2)          # pdftoppm
    scan = images_to_pdf(pngs, tmp / "scan.pdf")                      # img2pdf: no text layer

Each needs its program (``soffice``, ``pdftoppm``, ``img2pdf``); ``missing_tools()`` names the
absent ones so that a test can skip saying why. Small PDFs written byte by byte, for damaged
and hostile files, need nothing: ``pdf_of_objects`` (any object bodies, a valid
cross-reference table) and ``inflating_page_pdf`` (one page whose content inflates to N bytes).
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


def pdf_of_objects(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF of the given object bodies (numbered from 1, object ``root`` the catalogue) with
    a valid cross-reference table: the frame for damaged and hostile test files."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def inflating_page_pdf(inflated: int) -> bytes:
    """One page whose content stream (Flate) inflates to ``inflated`` bytes of blanks: blank
    when small, a decompression bomb when large (compressed in chunks, so building a bomb of
    hundreds of megabytes does not hold them in memory)."""
    import zlib

    z = zlib.compressobj(9)
    chunk = 16 * 1024 * 1024
    parts = []
    for start in range(0, inflated, chunk):
        parts.append(z.compress(b" " * min(chunk, inflated - start)))
    data = b"".join(parts) + z.flush()
    return pdf_of_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
        + b"\nendstream"])


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



def vertical_document(path: str | Path, paragraphs: Iterable[str], *,
                      page_numbers: bool = True) -> Path:
    """A flat OpenDocument text (.fodt) set in vertical lines (縦書き: page writing mode
    ``tb-rl``, columns from right to left), with the page number in a footer; LibreOffice
    prints it (``render_pdf``) as a vertical PDF. Also a plain-text copy of the same
    paragraphs (``path`` with ``.txt``), the reference for what must be read."""
    from xml.sax.saxutils import escape

    paragraphs = list(paragraphs)
    footer = ('<style:footer><text:p text:style-name="Footer"><text:page-number '
              'text:select-page="current">1</text:page-number></text:p></style:footer>'
              if page_numbers else "")
    body = "\n".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
     fo:margin-top="2.5cm" fo:margin-bottom="2.5cm" fo:margin-left="2.5cm"
     fo:margin-right="2.5cm" style:writing-mode="tb-rl"/>
   <style:footer-style><style:header-footer-properties fo:min-height="0.6cm"
     fo:margin-top="0.3cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">{footer}
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
{body}
 </office:text></office:body>
</office:document>
"""
    path = Path(path)
    path.write_text(xml, encoding="utf-8")
    path.with_suffix(".txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return path
