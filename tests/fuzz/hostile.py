"""Hostile contract files, made from the bundled samples by seeded random mutations.

Every generator takes a ``random.Random`` and returns ``(file name, bytes)``; the same seed
gives the same files. ``KINDS`` maps a kind name to its generator; the seeded test in the
suite (``tests/test_fuzz.py``) and the long run (``tests/fuzz/run_fuzz.py``) draw from it.

The kinds follow the fuzz findings of issues 14 and 16: byte flips, truncations and
insertions in .docx, zip entries removed, absurd numbering, XML bombs and external entities,
huge paragraphs and many of them, absurd numbers in text, odd encodings and garbage text,
pathological Markdown lines.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

from clausecheck.reader.testing import inflating_page_pdf, pdf_of_objects

SAMPLES = Path(__file__).resolve().parents[2] / "sample_contracts"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

Generator = Callable[[random.Random], tuple[str, bytes]]


@lru_cache(maxsize=None)
def _docx_samples() -> tuple[tuple[str, bytes], ...]:
    return tuple((p.stem, p.read_bytes()) for p in sorted(SAMPLES.glob("*.docx")))


@lru_cache(maxsize=None)
def _text_samples() -> tuple[tuple[str, str], ...]:
    found = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.md"))
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in found)


def _docx(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(_docx_samples())


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _rewrite(rng: random.Random, change: Callable[[dict[str, bytes]], None]) -> bytes:
    _stem, data = _docx(rng)
    members = _members(data)
    change(members)
    return _zip(members)


def _body_insert(members: dict[str, bytes], xml: bytes) -> None:
    doc = members["word/document.xml"]
    at = doc.index(b"<w:body>") + len(b"<w:body>")
    members["word/document.xml"] = doc[:at] + xml + doc[at:]


def _words(rng: random.Random, n: int) -> str:
    vocab = ("秘密情報 開示 甲 乙 第三者 本契約 目的 返還 廃棄 the recipient shall keep "
             "confidential information disclose party purpose return").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


# --- .docx damage ---------------------------------------------------------------------------

def flip(rng: random.Random) -> tuple[str, bytes]:
    """1-8 random bit flips past offset 200 (often inside word/document.xml's deflate data)."""
    stem, data = _docx(rng)
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(200, len(buf))] ^= 1 << rng.randrange(8)
    return f"{stem}-flip.docx", bytes(buf)


def truncate(rng: random.Random) -> tuple[str, bytes]:
    stem, data = _docx(rng)
    return f"{stem}-cut.docx", data[:rng.randrange(1, len(data))]


def insert(rng: random.Random) -> tuple[str, bytes]:
    stem, data = _docx(rng)
    at = rng.randrange(len(data))
    return f"{stem}-ins.docx", data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def drop_member(rng: random.Random) -> tuple[str, bytes]:
    stem, data = _docx(rng)
    members = _members(data)
    del members[rng.choice(sorted(members))]
    return f"{stem}-drop.docx", _zip(members)


def xml_damage(rng: random.Random) -> tuple[str, bytes]:
    """Structural damage inside the XML: tags cut, duplicated or swapped; ISO Strict names."""
    def change(m: dict[str, bytes]) -> None:
        part = rng.choice([n for n in m if n.endswith(".xml") or n.endswith(".rels")])
        xml = m[part]
        how = rng.randrange(4)
        if how == 0:
            at = rng.randrange(len(xml))
            xml = xml[:at] + xml[at + rng.randint(1, 40):]
        elif how == 1:
            xml = xml.replace(b"<w:p>", b"<w:p><w:p>", rng.randint(1, 3))
        elif how == 2:
            xml = xml.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
        else:
            xml = re.sub(rb"<w:t( [^>]*)?>", b"<w:t>" + "\u0000\ufffe".encode() * 3, xml, 1)
        m[part] = xml
    return "xml-damage.docx", _rewrite(rng, change)


def xml_bomb(rng: random.Random) -> tuple[str, bytes]:
    """Billion laughs, external entities (file and network), parameter entities."""
    bombs = [
        b'<!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
        b'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    ]
    bomb = rng.choice(bombs)
    pad = b"<!--" + b" " * rng.choice([0, 100, 5000]) + b"-->" if rng.random() < 0.5 else b""

    def change(m: dict[str, bytes]) -> None:
        part = rng.choice(["word/document.xml", "word/styles.xml", "word/numbering.xml",
                           "[Content_Types].xml", "_rels/.rels"])
        xml = m.get(part, m["word/document.xml"])
        head, sep, rest = xml.partition(b"?>")
        body = rest if sep else xml
        ref = b"&d;" if b"ENTITY d" in bomb else b"&x;"
        body = body.replace(b"<w:t>", b"<w:t>" + ref, 1)
        m[part] = (head + sep if sep else b"") + pad + bomb + body
    return "xml-bomb.docx", _rewrite(rng, change)


def zip_odd(rng: random.Random) -> tuple[str, bytes]:
    """Zip oddities: a bomb of zeros, stored/bzip2/lzma members, thousands of entries."""
    how = rng.randrange(4)
    _stem, data = _docx(rng)
    m = _members(data)
    if how == 0:
        m["word/document.xml"] = m["word/document.xml"] + b" " * (rng.choice([2, 30, 150]) << 20)
        return "zip-bomb.docx", _zip(m)
    if how == 1:
        return "zip-bzip2.docx", _zip(m, zipfile.ZIP_BZIP2)
    if how == 2:
        return "zip-lzma.docx", _zip(m, zipfile.ZIP_LZMA)
    for i in range(rng.choice([10, 6000])):
        m[f"word/media/x{i}.bin"] = b""
    return "zip-many.docx", _zip(m)


# --- numbering --------------------------------------------------------------------------------

_FORMATS = ["upperRoman", "lowerRoman", "lowerLetter", "upperLetter", "japaneseCounting",
            "japaneseLegal", "japaneseDigitalTenThousand", "decimalEnclosedCircle", "aiueo",
            "iroha", "ideographTraditional", "decimalFullWidth", "decimalZero", "ordinal",
            "chineseCounting", "decimalEnclosedParen", "bullet", "none", "bogus"]
_VALUES = ["9" * 20, "9" * 4000, "-5", "-2147483648", "2147483647", "32768", "1000000",
           "0", "", "x", "1e9", " 7 ", "٣"]


def numbering(rng: random.Random) -> tuple[str, bytes]:
    """Absurd w:start, w:ilvl, w:startOverride, w:lvlRestart, w:lvlText in a sample."""
    def change(m: dict[str, bytes]) -> None:
        num = m.get("word/numbering.xml")
        doc = m["word/document.xml"]
        if num is None:
            return
        for _ in range(rng.randint(1, 4)):
            what = rng.randrange(6)
            value = rng.choice(_VALUES).encode()
            if what == 0:
                num = re.sub(rb'<w:start w:val="[^"]*"/>', b'<w:start w:val="' + value + b'"/>',
                             num, count=rng.randint(1, 5))
            elif what == 1:
                num = re.sub(rb'w:numFmt w:val="[^"]*"',
                             b'w:numFmt w:val="' + rng.choice(_FORMATS).encode() + b'"', num,
                             count=rng.randint(1, 5))
            elif what == 2:
                doc = re.sub(rb'<w:ilvl w:val="[^"]*"/>', b'<w:ilvl w:val="' + value + b'"/>',
                             doc, count=rng.randint(1, 20))
            elif what == 3:
                num = re.sub(rb'w:ilvl="[^"]*"', b'w:ilvl="' + value + b'"', num, count=2)
            elif what == 4:
                num = re.sub(rb'<w:lvlText w:val="[^"]*"/>', b'<w:lvlText w:val="'
                             + rng.choice([b"%1" * 5000, b"%9%8%7", b"", b"%0%1"]) + b'"/>',
                             num, count=3)
            else:
                num = num.replace(b"</w:num>", b'<w:lvlOverride w:ilvl="' + value
                                  + b'"><w:startOverride w:val="' + value
                                  + b'"/></w:lvlOverride></w:num>', 2)
        m["word/numbering.xml"] = num
        m["word/document.xml"] = doc
    return "numbering.docx", _rewrite(rng, change)


# --- size ---------------------------------------------------------------------------------------

def huge_paragraph(rng: random.Random) -> tuple[str, bytes]:
    size = rng.choice([100_000, 300_000, 2_000_000, 12_000_000])
    text = _words(rng, size // 6)
    if rng.random() < 0.5:
        return "huge-para.txt", ("秘密保持契約書\n第1条（目的）" + text + "\n").encode()
    return "huge-para.docx", _rewrite(rng, lambda m: _body_insert(
        m, b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"))


def many_paragraphs(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([20_000, 60_000, 200_000])
    if rng.random() < 0.5:
        lines = "".join(f"{i}. {_words(rng, 4)}\n" for i in range(1, n + 1))
        return "many-lines.txt", ("AGREEMENT\n" + lines).encode()
    paras = b"".join(b"<w:p><w:r><w:t>" + f"{rng.random()} {_words(rng, 3)}".encode()
                     + b"</w:t></w:r></w:p>" for _ in range(n))
    return "many-paras.docx", _rewrite(rng, lambda m: _body_insert(m, paras))


def big_text(rng: random.Random) -> tuple[str, bytes]:
    """Near the 50 MB file limit, or a million short numbered lines."""
    if rng.random() < 0.5:
        line = "第1条 甲は乙に対し秘密情報を開示する。\n".encode()
        return "big.txt", line * (49 * 1024 * 1024 // len(line))
    return "million-lines.txt", b"".join(b"%d. ok\n" % i for i in range(1, 1_000_001))


def many_articles(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([2_000, 20_000])
    text = "秘密保持契約書\n" + "".join(f"第{i}条（定義）\n甲は秘密を守る。\n" for i in range(1, n + 1))
    return "many-articles.txt", text.encode()


# --- text content -------------------------------------------------------------------------------

def numbers(rng: random.Random) -> tuple[str, bytes]:
    digits = "9" * rng.choice([10, 5000, 20000])
    kanji = "九" * rng.choice([13, 5000])
    lines = [f"第{digits}条（目的）本文。", f"第{kanji}条 本文。", f"Article {digits} Term",
             f"Section {digits}.{digits} x", f"({digits}) item", f"{digits}. item",
             f"{digits}) item", f"第1条の{digits}", "1." * 5000 + " x",
             f"本契約は{digits}年間有効とする。", f"survive for {digits} years after termination",
             "(" + "i" * 5000 + ") item", "第" + "十" * 3000 + "条"]
    rng.shuffle(lines)
    text = "秘密保持契約書\n第1条（目的）本契約は目的を定める。\n" + "\n".join(lines[:rng.randint(1, 6)])
    return "numbers.txt", text.encode()


def encodings(rng: random.Random) -> tuple[str, bytes]:
    _name, text = rng.choice(_text_samples())
    how = rng.randrange(10)
    if how == 0:
        return "iso2022jp.txt", text.encode("iso2022_jp", "replace")
    if how == 1:
        return "eucjp.txt", text.encode("euc_jp", "replace")
    if how == 2:
        return "cp932.txt", text.encode("cp932", "replace")
    if how == 3:
        return "utf16-nobom.txt", text.encode(rng.choice(["utf-16-le", "utf-16-be"]))
    if how == 4:
        return "kana-bytes.txt", bytes(rng.randrange(0xA1, 0xE0) for _ in range(4000))
    if how == 5:
        return "zero-width.txt", ("\u200b" * 5000).encode()
    if how == 6:
        return "emoji.txt", "".join(chr(rng.randrange(0x1F300, 0x1F64F))
                                    for _ in range(3000)).encode()
    if how == 7:
        return "random.txt", rng.randbytes(rng.choice([10, 5000, 100_000]))
    if how == 8:
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return "damaged-utf8.txt", bytes(data)
    return "nfkc-expands.txt", ("第1条（目的）本文。\n第2条（雑則）" + "\ufdfa" * 3000 + "。\n").encode()


def markdown(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([10_000, 100_000])
    lines = ["[" * n, "[a](" * (n // 4), "<br" * n, " " * n + "x", "|" + " -" * n + "x",
             "**" * n + "x", "> " * n + "x", "#" * n, "`" * n, "\\" * n, "- " * n + "x",
             "![" * n, "__" * n + "a", "|" * n]
    text = "# 秘密保持契約書\n\n第1条（目的）本文。\n\n" + "\n".join(
        rng.sample(lines, rng.randint(1, 3))) + "\n"
    return "hostile.md", text.encode()


# --- PDF ----------------------------------------------------------------------------------------

def _pdf_escape(line: str) -> bytes:
    return line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(
        b"(", b"\\(").replace(b")", b"\\)")


@lru_cache(maxsize=None)
def _text_pdf(count: int = 0) -> bytes:
    """The English sample printed as a text PDF (Helvetica, 50 lines a page).

    ``count``: the page count the page tree declares (0: the real one)."""
    text = (SAMPLES / "nda_en_weak.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    pages = [lines[i:i + 50] for i in range(0, len(lines), 50)]
    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)), count or n),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, page in enumerate(pages):
        ops = b"BT /F1 9 Tf 50 800 Td 11 TL " + b" ".join(
            b"(" + _pdf_escape(ln[:110]) + b") '" for ln in page) + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
    return pdf_of_objects(objects)


def pdf(rng: random.Random) -> tuple[str, bytes]:
    """A text PDF damaged: bytes flipped, cut, inserted; a broken or missing xref; a page tree
    that loops or declares a billion pages; deep nesting; a small inflate bomb."""
    data = _text_pdf()
    how = rng.randrange(9)
    if how == 0:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(20, len(buf))] ^= 1 << rng.randrange(8)
        return "flip.pdf", bytes(buf)
    if how == 1:
        return "cut.pdf", data[:rng.randrange(1, len(data))]
    if how == 2:
        at = rng.randrange(len(data))
        return "ins.pdf", data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]
    if how == 3:
        return "no-xref.pdf", data[:data.rindex(b"xref")]
    if how == 4:
        return "pages-loop.pdf", data.replace(b"/Parent 2 0 R", b"/Parent 2 0 R /Kids [2 0 R]", 1)\
            .replace(b"/Type /Page ", b"/Type /Pages ", 1)
    if how == 5:
        return "billion-pages.pdf", _text_pdf(10 ** 9)
    if how == 6:
        deep = b"[" * rng.choice([1000, 100_000]) + b"]" * 10
        return "deep.pdf", pdf_of_objects([b"<< /Type /Catalog /Pages 2 0 R /X " + deep + b" >>",
                                           b"<< /Type /Pages /Kids [] /Count 0 >>"])
    if how == 7:
        return "inflate.pdf", inflating_page_pdf(rng.choice([1, 8, 64]) << 20)
    return "garbage.pdf", b"%PDF-1.7\n" + rng.randbytes(rng.choice([10, 5000]))


KINDS: dict[str, Generator] = {
    "flip": flip, "truncate": truncate, "insert": insert, "drop_member": drop_member,
    "xml_damage": xml_damage, "xml_bomb": xml_bomb, "zip_odd": zip_odd,
    "numbering": numbering, "numbers": numbers, "encodings": encodings,
    "markdown": markdown, "huge_paragraph": huge_paragraph, "many_paragraphs": many_paragraphs,
    "many_articles": many_articles, "big_text": big_text, "pdf": pdf,
}
# Cheap enough for the seeded run in the suite (each file is checked in well under a second).
FAST_KINDS = ("flip", "truncate", "insert", "drop_member", "xml_damage", "xml_bomb",
              "numbering", "numbers", "encodings", "markdown")
