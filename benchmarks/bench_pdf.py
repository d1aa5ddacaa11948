#!/usr/bin/env python
"""How well and how fast are printed and scanned contracts read? The PDF and OCR readers
measured against the .docx they were printed from.

    python benchmarks/bench_pdf.py [--samples nda_ja_weak,rca_en_sound] [--no-ocr]
                                   [--ocr-pages N] [--keep DIR]

For every sample contract (``sample_contracts/*.docx``):
* the .docx is printed to PDF by LibreOffice (a text PDF), its pages rendered at 300 dpi by
  pdftoppm and put back into an image-only PDF by img2pdf (a scan: no text layer);
* all three are checked; printed: the share of provisions whose verdict (present / weak /
  missing) equals the .docx's (targets: text PDF >= 98 %, scan >= 90 %), the share of the
  .docx's article numbers found (same targets), seconds per page for reading the text PDF and
  for OCR (one core: Tesseract runs single-threaded, as in a scan's workers), and the mean
  OCR confidence; totals per language, then for all samples.

``--ocr-pages N`` OCRs only the first N pages of each sample (faster; verdicts are then only
compared for the text PDF).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from clausecheck import api
    from clausecheck.reader import ReadOptions
    from clausecheck.reader import testing as t

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", default="", help="comma-separated sample names")
    parser.add_argument("--no-ocr", action="store_true", help="text PDFs only")
    parser.add_argument("--ocr-pages", type=int, default=0, help="OCR only the first N pages")
    parser.add_argument("--keep", type=Path, default=None, help="keep the rendered files here")
    args = parser.parse_args()
    missing = t.missing_tools("soffice", "pdftoppm", *(() if args.no_ocr else
                                                       ("img2pdf", "tesseract")))
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    names = [n for n in args.samples.split(",") if n] or sorted(
        p.stem for p in (ROOT / "sample_contracts").glob("*.docx"))
    options = ReadOptions(timeout=600, ocr_timeout=3600)
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        work = args.keep or Path(tmpdir)
        for name in names:
            docx = ROOT / "sample_contracts" / f"{name}.docx"
            ref = api.check_file(docx)
            pdf = t.render_pdf(docx, work / name)
            start = time.perf_counter()
            doc = api.read_document(pdf, options)
            pdf_secs = time.perf_counter() - start
            pages = doc.conversion.pages if doc.conversion else 0
            text_report = api.check_document(doc)
            row = {"name": name, "lang": ref.document.language, "pages": pages,
                   "pdf_s_page": pdf_secs / max(pages, 1),
                   "pdf_verdicts": t.verdict_agreement(ref, text_report),
                   "pdf_numbers": t.numbers_found(ref.document, doc)}
            if not args.no_ocr:
                images = t.render_pages(pdf, work / name / "pages", dpi=300,
                                        last=args.ocr_pages or None)
                scan = t.images_to_pdf(images, work / name / f"{name}.scan.pdf")
                start = time.perf_counter()
                sdoc = api.read_document(scan, options)
                ocr_secs = time.perf_counter() - start
                row["ocr_s_page"] = ocr_secs / max(len(images), 1)
                row["ocr_conf"] = sdoc.conversion.ocr_confidence if sdoc.conversion else None
                row["ocr_low"] = sdoc.conversion.low_confidence_pages if sdoc.conversion else ()
                if not args.ocr_pages:
                    row["ocr_verdicts"] = t.verdict_agreement(ref, api.check_document(sdoc))
                    row["ocr_numbers"] = t.numbers_found(ref.document, sdoc)
            rows.append(row)
            _print_row(row)
    _print_totals(rows)
    return 0


def _share(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]} ({100 * pair[0] / max(pair[1], 1):.1f} %)"


def _print_row(row: dict) -> None:
    same, total, differ = row["pdf_verdicts"]
    line = (f"{row['name']:<14} {row['pages']:>2} p  text PDF: verdicts {_share((same, total))}"
            f"{' differ: ' + ','.join(differ) if differ else ''}, articles "
            f"{_share(row['pdf_numbers'])}, {row['pdf_s_page']:.2f} s/page")
    print(line)
    if "ocr_s_page" in row:
        extra = ""
        if "ocr_verdicts" in row:
            s2, t2, d2 = row["ocr_verdicts"]
            extra = (f"verdicts {_share((s2, t2))}{' differ: ' + ','.join(d2) if d2 else ''}, "
                     f"articles {_share(row['ocr_numbers'])}, ")
        low = f", low-confidence pages {list(row['ocr_low'])}" if row["ocr_low"] else ""
        print(f"{'':<14}       scan:     {extra}{row['ocr_s_page']:.1f} s/page, "
              f"confidence {row['ocr_conf']:.1f}{low}")


def _print_totals(rows: list[dict]) -> None:
    for lang in sorted({r["lang"] for r in rows}):
        if len({r["lang"] for r in rows}) > 1:
            _print_total([r for r in rows if r["lang"] == lang], lang)
    _print_total(rows, "all")


def _print_total(rows: list[dict], label: str) -> None:
    def total(key: str) -> tuple[int, int]:
        pairs = [r[key][:2] for r in rows if key in r]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    pages = sum(r["pages"] for r in rows)
    secs = sum(r["pdf_s_page"] * r["pages"] for r in rows)
    print(f"\n{label}: text PDF verdicts {_share(total('pdf_verdicts'))}, articles "
          f"{_share(total('pdf_numbers'))}, {secs / max(pages, 1):.2f} s/page over {pages} pages")
    if any("ocr_verdicts" in r for r in rows):
        print(f"     scan verdicts {_share(total('ocr_verdicts'))}, articles "
              f"{_share(total('ocr_numbers'))}")
    ocr = [r for r in rows if "ocr_s_page" in r]
    if ocr:
        print(f"     OCR {sum(r['ocr_s_page'] for r in ocr) / len(ocr):.1f} s/page (mean of "
              f"samples), confidence {sum(r['ocr_conf'] for r in ocr) / len(ocr):.1f}")


if __name__ == "__main__":
    sys.exit(main())
