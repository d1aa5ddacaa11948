"""Turn a sequence of text blocks (docx paragraphs or text lines) into a Document.

The segmenter is format-blind: the docx and text front ends give it ``Block``s (the text of
one paragraph or line, where it came from, whether it is styled as a heading, whether its
leading label came from Word's automatic numbering) and it finds the title, preamble, the
article -> paragraph -> item tree, annexes and the signature block.

How it decides, in short:
- The *article scheme* is chosen once per document from the labels that occur at line starts:
  第N条 beats "Article N", which beats "Section N", which beats "N." (English numbered
  headings), which beats styled headings. Only lines of that scheme open articles; article
  numbers must increase, so a quoted "第4条" in a later commentary does not open an article.
- Commentary sections (＜ポイント＞, ＜解説＞, 【コラム】, option-clause blocks, 想定シーン,
  目次 ...) start at a recognisable heading and run until the next article of the scheme, the
  preamble heading, the signature block or an annex: their text is dropped, not glued into
  the article above.
- Inside an article, labels stack: a label of a family already open closes the deeper ones
  and becomes a sibling; a new family opens a child level (the usual outline-parser rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from clausecheck.fields import split_label
from clausecheck.model import Annex, Clause, Document, first_words
from clausecheck.reader.langid import SUPPORTED, language_of, language_shares, main_language
from clausecheck.reader.markers import (Marker, article_marker, fold_width, number_value,
                                        sub_marker)

# --- line classes -------------------------------------------------------------------------

_OPEN = "<＜〈《【\\[［"
_CLOSE = ">＞〉》】\\]］"
RE_BRACKETED = re.compile(rf"^[{_OPEN}]\s*(.{{1,60}}?)\s*[{_CLOSE}]")
# Words that mark editorial commentary in annotated model contracts (in the bracket heading).
RE_COMMENTARY_WORD = re.compile(
    r"ポイント|解説|コラム|留意|補足|参考|オプション|記載例|条項例|規定例|交渉|想定シーン|の例$"
    r"|注記|注意事項|drafting note|commentary|guidance note|practice note|note to draft",
    re.IGNORECASE)
# Unbracketed headings of commentary sections.
RE_COMMENTARY_HEAD = re.compile(
    r"^(想定シーン.{0,8}|はじめに|目次|内容|.{0,10}解説|コラム.*|注記|補足説明|本契約の位置づけ"
    r"|.{0,12}オプション条項|table of contents|contents|drafting notes?|commentary"
    r"|explanatory notes?)$", re.IGNORECASE)
RE_PREAMBLE_HEAD = re.compile(r"^(前文|preamble|recitals)$", re.IGNORECASE)
# The headings of a table of contents among the commentary headings: read as commentary, what
# follows is skipped until an article opens, which loses a contract whose articles the reader
# cannot number (a filing flattened into long lines). See segment(): read again without.
RE_TOC_HEAD = re.compile(r"^(目次|table of contents|contents)$", re.IGNORECASE)
RE_SIGNATURE = re.compile(
    r"^(以上[、,]?\s*)?(本契約|本覚書|本合意書|上記契約)?(の)?(締結|成立)の証として"
    r"|^(以上[、,]?\s*)?(本契約|本覚書|本合意書)?(の)?(締結|成立)を証する(ため|ために)"
    r"|^以上の証として|^以上$|^in witness whereof|^(signed|executed) (by|as of|on)",
    re.IGNORECASE)
# Signature-block captions; only a short line made of them starts the block.
RE_SIGNATURE_CAPTION = re.compile(r"記名押印|署名捺印|署名押印|signature page|signatures?:?$",
                                  re.IGNORECASE)
RE_ANNEX_JA = re.compile(
    r"^[【\[（(]?\s*(別紙|別表|別添|付属書類?|添付資料|附属書類?)\s*"
    r"([(（]?\s*[0-9一二三四五六七八九十A-Za-z]{0,3}\s*[)）]?)\s*[】\]]?")
RE_ANNEX_EN = re.compile(
    r"^(SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)"
    r"(?:\s+([A-Z0-9]{1,4}|[IVX]{1,4}))?\b\s*[:.\-–—]?\s*(.*)$")
RE_TITLE_WORD = re.compile(r"(契約書?|覚書|合意書|念書|規約)\s*([(（].{0,20}[)）])?$"
                           r"|agreement|contract|memorandum|undertaking|\bnda\b", re.IGNORECASE)
# A chapter (or part) heading: 「第1章　総則」「第二編」, "CHAPTER 2 CONFIDENTIALITY", "Part II".
RE_CHAPTER_JA = re.compile(r"^第\s*([0-9]{1,3}|[一二三四五六七八九十百]{1,6})\s*[章編部]"
                           r"(?![にのでをはがともへ、。,.及並又])(.*)$")
RE_CHAPTER_EN = re.compile(r"^(?:CHAPTER|Chapter|PART|Part)\s+([0-9]{1,3}|[IVXLC]{1,7})\b(.*)$")
# 「二の2　…」「(2)の2 …」: a list label, の, a branch number, then a space or a bracket.
RE_LIST_BRANCH = re.compile(r"^([^\sの]{1,6})の([0-9]{1,3}|[一二三四五六七八九十]{1,3})(?:\s+|(?=[(（]))")
RE_STANDALONE_TITLE = re.compile(r"^[(（]([^()（）]{1,30})[)）]$")
RE_MD_TOC = re.compile(r"^[-*+]\s*\[[^\]]*\]\(#[^)]*\)$")
RE_EN_TITLE = re.compile(r"^([A-Z][A-Za-z0-9,'’&/\- ]{1,70}?)[.:]\s+(?=\S)")
RE_OBLIGATION = re.compile(r"\b(shall|will|must|may|agrees?|is|are)\b", re.IGNORECASE)
_SMALL_WORDS = {"and", "or", "of", "the", "to", "in", "for", "on", "a", "an", "with", "by", "as"}

ITEM_KINDS = {"circled", "kanji", "kata", "paren_kata", "paren_kanji"}


@dataclass
class Block:
    """One paragraph (docx) or line (txt/md) with hints from the front end."""

    text: str
    source: int
    heading: int = 0          # outline level + 1 for styled/Markdown headings, else 0
    auto: bool = False        # the leading label came from Word automatic numbering
    skip: bool = False        # tables of contents and similar: never contract text
    table: bool = False       # a table row: text of the current unit, never a label
    indent: int = 0           # leading spaces of a text line (Markdown nests lists by indent)
    bold: bool = False        # all of its text is bold (.docx, **…** in Markdown)


@dataclass
class _Node:
    number: str
    title: str
    kind: str
    marker: str = ""
    value: int = 0
    roman: bool = False
    lines: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    auto: bool = False
    indent: int = 0           # of its label line (text files)
    shape: str = ""           # of the text after its label: see _label_shape
    chapter: str = ""         # the chapter heading an article stands under

    def freeze(self, path: tuple[str, ...], position: tuple[int, ...], label: str = "") -> Clause:
        mypath = path + (self.number,)
        return Clause(number=self.number, title=self.title, text="\n".join(self.lines).strip(),
                      kind=self.kind, path=mypath, source=tuple(self.sources),
                      children=tuple(c.freeze(mypath, position + (i,), label)
                                     for i, c in enumerate(self.children, start=1)),
                      label=label, position=position, chapter=self.chapter)


# --- language -------------------------------------------------------------------------------



def detect_language(text: str) -> str:
    """"ja" or "en": the supported language a text is best read in (``langid``)."""
    lang = language_of(text[:60000])  # enough to decide; keeps huge files cheap
    if lang in SUPPORTED:
        return lang
    # Chinese is segmented like Japanese (第N条); anything else like English.
    return "ja" if lang == "zh" else "en"


def _document_languages(blocks: list[Block]) -> tuple[dict[str, float], str | None]:
    """Language shares over the paragraphs, and the main supported language (None when
    neither Japanese nor English appears)."""
    shares = language_shares(b.text for b in blocks if not b.skip)
    best = main_language(shares, "")
    return shares, (best or None)


# --- scheme ----------------------------------------------------------------------------------

def _choose_scheme(lines: list[tuple[Block, str]], lang: str) -> tuple[str, set[int]]:
    """The article scheme of the document and the article numbers it uses."""
    counts = {"ja_art": 0, "ja_num": 0, "en_art": 0, "section": 0, "numdot": 0, "heading": 0}
    values: dict[str, set[int]] = {k: set() for k in counts}
    numdot_values: list[int] = []
    numdot_lines: list[tuple[int, int]] = []     # (line, value) of those with text after
    lone: dict[str, bool] = {}                   # kind -> its (first) label heads a line
    for i, (block, norm) in enumerate(lines):
        if block.table:
            continue
        m = article_marker(norm, heading=bool(block.heading))
        if m:
            counts[m.kind] += 1
            values[m.kind].add(m.value)
            lone.setdefault(m.kind, _heading_rest(norm[m.end:]))
            continue
        m = sub_marker(norm, lang)
        if m and m.kind == "numdot":
            counts["numdot"] += 1
            numdot_values.append(m.value)
            if norm[m.end:].strip():   # a bare "2." line is more often a page number
                numdot_lines.append((i, m.value))
        elif block.heading:
            counts["heading"] += 1
    if counts["ja_art"]:
        return "ja_art", values["ja_art"]
    # 「1〔目的〕」 lines, and no 第N条: a pledge or memorandum numbering its articles so (a stray
    # 「1【品名】」 in a contract of 第N条 articles is text)
    if counts["ja_num"] >= 2:
        return "ja_num", values["ja_num"]
    if counts["en_art"] >= 2:
        return "en_art", values["en_art"]
    if counts["section"] >= 2:
        return "section", values["section"]
    # "1." lines that count upwards from 1 at least twice: an English numbered contract.
    if counts["numdot"] >= 2 and 1 in numdot_values and 2 in numdot_values:
        return "numdot", set(numdot_values)
    # An excerpt: "4.", "5.", "6." from the top of the text (a clause or two cut from a
    # longer contract): its numbers are article numbers all the same.
    run = _excerpt_run(numdot_lines, lines)
    if run:
        return "numdot", set(run)
    if counts["heading"] >= 2:
        return "heading", set()
    # One "Article 12" (or "Section 12") heading line: an excerpt of one article.
    for kind in ("en_art", "section"):
        if counts[kind] == 1 and lone.get(kind):
            return kind, values[kind]
    return "none", set()


EXCERPT_LEAD_LINES = 3   # lines an excerpt may carry above its first number (a caption)


def _excerpt_run(numdot_lines: list[tuple[int, int]],
                 lines: list[tuple[Block, str]]) -> list[int]:
    """The values of "N." lines counting on by one from a number above 1, at least three of
    them, the first near the top of the text and no other "N." line before the run ends."""
    if len(numdot_lines) < 3 or numdot_lines[0][1] < 2:
        return []
    before = sum(1 for block, norm in lines[:numdot_lines[0][0]] if norm and not block.table)
    if before > EXCERPT_LEAD_LINES:
        return []
    run = [numdot_lines[0][1]]
    for _, value in numdot_lines[1:]:
        if value != run[-1] + 1:
            break
        run.append(value)
    return run if len(run) >= 3 else []


def _heading_rest(rest: str) -> bool:
    """What follows "Article 12" on its line makes it a heading: nothing, or a short title
    ("Confidentiality", "- CONFIDENTIALITY"), not a sentence."""
    rest = rest.strip(" .:-–—")
    return not rest or len(rest) <= 60 and _title_like(rest.rstrip("."))


def _unspace(text: str) -> str:
    """"秘 密 保 持 契 約 書" (a letter-spaced Japanese title) -> "秘密保持契約書"."""
    parts = text.split()
    if len(parts) >= 3 and all(len(p) == 1 for p in parts) and not text.isascii():
        return "".join(parts)
    return text


def _toc_line(norm: str) -> bool:
    """A table-of-contents entry: text, dot leaders (or a wide gap), a page number.

    Checked by hand from the end of the line: a regular expression with two adjacent
    whitespace repeats goes quadratic on long runs of spaces.
    """
    body = norm.rstrip("0123456789")
    if body == norm or not body:
        return False
    return body.endswith(("....", "……", "  ", "\t"))


def _english_title(rest: str) -> tuple[str, str]:
    """"Confidentiality. The Recipient shall..." -> ("Confidentiality", "The Recipient...")."""
    stripped = rest.strip()
    if not stripped:
        return "", ""
    if len(stripped) <= 80 and not re.search(r"[.;:,]\s+\S", stripped) \
            and _title_like(stripped.rstrip(".:")):
        return stripped.rstrip(".:").strip(), ""
    m = RE_EN_TITLE.match(stripped)
    if m and _title_like(m.group(1)):
        return m.group(1).strip(), stripped[m.end():]
    # "Confidentiality obligations" alone on the line: a sentence-case heading.
    if len(stripped) <= 80 and stripped[:1].isupper() and len(stripped.split()) <= 10 \
            and not stripped.endswith((".", ";", ",", ":")) and not RE_OBLIGATION.search(stripped):
        return stripped, ""
    return "", stripped


def _title_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 9:
        return False
    if text.isupper():
        return True
    return all(w[:1].isupper() or w.lower() in _SMALL_WORDS or not w[:1].isalpha()
               for w in words)


# Brackets a Japanese heading may stand in besides （）: 第1条【目的】, 2〔秘密保持〕, ［定義］.
_JA_HEAD_CLOSE = {"【": "】", "〔": "〕", "［": "］", "[": "]"}


def _ja_title(rest: str) -> tuple[str, str]:
    """"（目的）本契約は…" -> ("目的", "本契約は…"); 【目的】, 〔目的〕 and ［目的］ likewise."""
    close = _JA_HEAD_CLOSE.get(rest[:1])
    if close:
        end = rest.find(close, 1)
        inner = rest[1:end].strip() if end > 0 else ""
        if 0 < len(inner) <= 24 and not re.search(r"[。「」]", inner):
            return inner, rest[end + 1:].strip()
        return "", rest
    if rest[:1] in ("(", "（"):
        depth = 0
        for i, ch in enumerate(rest):
            if ch in "(（":
                depth += 1
            elif ch in ")）":
                depth -= 1
                if depth == 0:
                    return rest[1:i].strip(), rest[i + 1:].strip()
    return "", rest


# --- unnumbered headings and top-level lists ---------------------------------------------------

# 「（目的）」「〔機密情報〕」「【秘密保持】」「［定義］」: a bracketed heading (with nothing inside
# that a sentence or a blank would hold: 「」, 。, digits, underscores).
RE_JA_BRACKET_HEAD = re.compile(
    r"^[（(〔【［\[]\s*([^（）()〔〕【】［］\[\]「」『』。．.,，:：0-9_＿●○]{2,24}?)\s*[）)〕】］\]]")
_JA_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# 「目的」「秘密情報」「準拠法及び管轄」 alone on a line: kanji and kana only, short.
RE_JA_BARE_HEAD = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff・ー]{2,16}$")
# Lines of a Japanese front page or signature block that look like a bare heading.
RE_JA_NOT_HEAD = re.compile(r"株式会社|有限会社|合同会社|法人|御中|殿$|様$|^以上$|^記$|^甲$|^乙$"
                            r"|住所|所在地|氏名|代表者?|署名|記名|押印|捺印|印$|年月日|^日付")
_EN_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "no", "st", "llc",
                     "plc", "jr", "sr", "vs", "u.s", "e.g", "i.e", "etc"}
RE_EN_NOT_HEAD = re.compile(r"^(whereas|now,? therefore|recitals?|witnesseth|between|and|by"
                            r"|name|title|page \d"
                            r"|date|signature|address|attention|attn|email|e-mail|phone|fax)\b",
                            re.IGNORECASE)
RE_EN_WORD = re.compile(r"[A-Za-z]{2}")
# Words that open a sentence or an address line, not a run-in heading ("If to Seller: …").
_EN_SENTENCE_OPENERS = {"if", "when", "where", "unless", "in", "for", "to", "by", "with", "as",
                        "at", "on", "upon", "the", "this", "that", "each", "any", "all", "no",
                        "such", "attn", "attention", "re", "cc", "from", "dear"}
# A stop, a colon or a wide gap inside: a sentence or a layout remnant ("Commission.   39").
RE_EN_INNER_STOP = re.compile(r"[.;:!?]\s|\s{3}")
# Label families a contract may be one list of: (1) ① (a) (i) 1) （一） 一、 ア (ア).
_TOP_LIST_KINDS = {"paren_num", "circled", "paren_lower", "num_close", "paren_kanji", "kanji",
                   "kata", "paren_kata", "lower_close"}


def _list_readings(m: Marker) -> list[tuple[str, int]]:
    """The (family, ordinal) readings of a label for a top-level list: "(i)" is the ninth
    letter or the first roman numeral, "(ii)" only a roman numeral, "(a)" only a letter."""
    if m.kind in ("paren_lower", "lower_close"):
        out = [(m.kind, m.value)] if m.value else []
        if m.sub:
            out.append((m.kind + ":roman", m.sub))
        return out
    return [(m.kind, m.value)] if m.value else []


def _plain_heading(block: Block, norm: str, nxt: str,
                   lang: str) -> tuple[str, str, str] | None:
    """(kind, title, text after the heading) when the line heads an unnumbered article.

    kind: "bracket" (a bracketed Japanese heading, alone or opening the text), "bare" (a
    short Japanese noun phrase alone on its line), "line" (an English heading line, bold or
    Title Case or CAPITALS), "inline_en" (a run-in English heading: "Term. This …").
    """
    if RE_SIGNATURE.match(norm) or RE_SIGNATURE_CAPTION.search(norm) and len(norm) <= 30:
        return None
    if RE_ANNEX_JA.match(norm) or RE_ANNEX_EN.match(norm) and len(norm) <= 60:
        return None
    if _chapter_heading(norm) is not None:
        return None
    m = RE_JA_BRACKET_HEAD.match(norm)
    if m and len(_JA_LETTER.findall(m.group(1))) >= 2 \
            and not RE_COMMENTARY_WORD.search(m.group(1)):
        title = block.text.strip()[1:m.end() - 1].strip() if len(block.text.strip()) == len(norm) \
            else m.group(1).strip()
        rest = norm[m.end():].strip()
        if not rest:
            # over the article's text, not over a party's address block or a blank form field
            body_next = len(_JA_LETTER.findall(nxt)) >= 10 if lang == "ja" else len(nxt) >= 40
            return ("bracket", title, "") if body_next and not _is_heading_like(nxt) else None
        # 「（目的）本契約は、…。」: the heading runs into the text of the article.
        if len(rest) >= 10 and ("。" in rest or rest.endswith(("る", "と"))):
            original = block.text.strip()
            body = original[m.end():].strip() if len(original) == len(norm) else rest
            return "bracket", title, body
        return None
    if lang == "ja":
        if RE_JA_BARE_HEAD.match(norm) and not RE_JA_NOT_HEAD.search(norm) \
                and not RE_TITLE_WORD.search(norm) and not RE_COMMENTARY_HEAD.match(norm) \
                and len(nxt) >= 20 and "。" in nxt and not RE_JA_BARE_HEAD.match(nxt):
            return "bare", norm, ""
        return None
    # English
    if block.indent >= 2 or RE_EN_NOT_HEAD.match(norm):
        return None
    short = norm.strip("*_ ").rstrip()
    title = short[:-1].rstrip() if short.endswith((".", ":")) and not short.endswith("..") \
        else short
    if title and len(title) <= 60 and not title.endswith((",", ";", ".", ":")) \
            and _first_letter_upper(title) and RE_EN_WORD.search(title) \
            and not RE_EN_INNER_STOP.search(title) \
            and (_title_like(title) or block.bold and len(title.split()) <= 10
                 and not RE_OBLIGATION.search(title)) \
            and len(nxt) >= 40 and title.split()[0].lower().rstrip(".") not in _EN_ABBREVIATIONS:
        return "line", title, ""
    m = RE_EN_TITLE.match(norm)
    if m and len(m.group(1).split()) <= 5 and _title_like(m.group(1)) \
            and RE_EN_WORD.search(m.group(1)) and len(m.group(1).split()[-1]) >= 3 \
            and m.group(1).split()[0].lower() not in _EN_SENTENCE_OPENERS \
            and m.group(1).split()[-1].lower() not in _EN_ABBREVIATIONS \
            and not m.group(1).isdigit() and len(norm) - m.end() >= 20:
        original = block.text.strip()
        body = original[m.end():] if len(original) == len(norm) else norm[m.end():]
        return "inline_en", m.group(1).strip(), body.strip()
    return None


def _first_letter_upper(text: str) -> bool:
    """"Confidentiality", "2.WARRANTY": the first letter is a capital ("(print" is not)."""
    letter = next((c for c in text if c.isalpha()), "")
    return letter.isupper() and text[:1].isalnum()


def _chapter_heading(norm: str) -> str | None:
    """「第2章　秘密情報の取扱い」 -> the heading as written; None for any other line (a
    sentence: 「第2章に定める…」, "Part 2 of the Schedule applies")."""
    # The heading after the number is taken apart here, not in the pattern: two optional
    # whitespace runs side by side in a regex go quadratic on a long run of spaces.
    m = RE_CHAPTER_JA.match(norm)
    if m:
        rest = m.group(2).strip().lstrip(":：.．、").strip()
        return norm if len(rest) <= 40 and "。" not in rest else None
    m = RE_CHAPTER_EN.match(norm)
    if m:
        rest = m.group(2).strip().lstrip(":.-–—").strip()
        if len(rest) <= 60 and (not rest or rest[:1].isupper() and _title_like(rest.rstrip("."))):
            return norm
    return None


def _is_heading_like(norm: str) -> bool:
    """The next line is itself a bracketed heading: this one heads nothing."""
    m = RE_JA_BRACKET_HEAD.match(norm)
    return bool(m) and m.end() == len(norm)


# How the text of a list's lead-in ends: 「…に際しては、」, "… as follows:", "…, the Recipient shall".
_LEAD_IN_ENDS = ("、", ",", ":", "：", "は", "shall", "must")


def _label_shape(rest: str, lang: str) -> str:
    """What the text after a "N." label looks like, to tell a list's items from articles
    numbered the same way: "heading" (a title: "Confidential Information", 「（目的）」),
    "lower" (an English item going on in lower case: "technical data;"), else "text"."""
    rest = rest.strip()
    if not rest:
        return "heading"
    if lang == "ja":
        return "heading" if rest[:1] in "(（" or len(rest) <= 20 and "。" not in rest else "text"
    if _english_title(rest)[0]:
        return "heading"
    return "lower" if rest[:1].islower() else "text"


def _counting_run(items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (line, value) counting 1, 2, 3… in order (gaps of text allowed)."""
    best: list[tuple[int, int]] = []
    for start, (_, value) in enumerate(items):
        if value != 1:
            continue
        run = [items[start]]
        for item in items[start + 1:]:
            if item[1] == run[-1][1] + 1:
                run.append(item)
            elif item[1] == 1:
                break
        if len(run) > len(best):
            best = run
    return best


# --- the segmenter ---------------------------------------------------------------------------

class _Segmenter:
    def __init__(self, blocks: list[Block], lang: str, front_until: int = 0,
                 plain_headings: bool = True, indented_lists: bool = False,
                 toc_is_commentary: bool = True) -> None:
        self.lang = lang
        self.toc_is_commentary = toc_is_commentary
        # Markdown nests a list by indenting it; in plain text (often pulled from a PDF) the
        # indent of a line says nothing reliable.
        self.indented_lists = indented_lists
        self.lines = [(b, fold_width(b.text).strip()) for b in blocks if not b.skip]
        # Lines before this index are front matter whatever they look like (see segment()).
        self.front_until = front_until
        self.scheme, self.scheme_values = _choose_scheme(self.lines, lang)
        # Lines found to head an unnumbered article: line index -> (title, text after it).
        self.plain_heads: dict[int, tuple[str, str]] = {}
        self.list_kind = ""
        self.index = 0
        if self.scheme == "none" and plain_headings:
            self._mark_plain_headings()
        elif self.scheme == "none":
            self._mark_title_case_headings()
        elif self.scheme == "heading" and plain_headings:
            # Styled (Markdown, Word) headings for chapters, 「（目的）」 lines for articles:
            # the bracketed headings are the articles when they are the more numerous.
            styled = sum(1 for b, _ in self.lines if b.heading and not b.table)
            self._mark_plain_headings(narrow_fallback=False)
            if len(self.plain_heads) <= styled:
                self.plain_heads = {}
        elif self.scheme == "numdot" and plain_headings and lang == "ja" \
                and self._numdot_restarts():
            # 「（目的）」 headings over paragraphs numbered 1., 2. in each article: the
            # numbers start again under every heading, so the headings are the articles.
            self._mark_plain_headings(narrow_fallback=False)
        if self.scheme == "none":
            self._find_top_list()
        self.mode = "front"
        self.title = ""
        self.title_source: list[int] = []
        self.preamble: list[tuple[str, int]] = []
        self.articles: list[_Node] = []
        self.stack: list[_Node] = []      # open sub-levels of the current article
        self.annexes: list[tuple[str, list[str], list[int]]] = []
        self.signature: list[tuple[str, int]] = []
        self.pending_title: tuple[str, int] | None = None
        self.last_value = 0
        self.seen_commentary = False
        self.early_title = ""
        self.chapter = ""             # the chapter heading the next articles stand under

    def _numdot_restarts(self) -> bool:
        ones = 0
        for block, norm in self.lines:
            m = None if block.table else sub_marker(norm, self.lang)
            if m is not None and m.kind == "numdot" and m.value == 1 and not m.branch:
                ones += 1
        return ones >= 2

    def _mark_plain_headings(self, narrow_fallback: bool = True) -> None:
        """Contracts without article numbers still head their articles: 「（目的）」,
        「〔機密情報〕」, 「【秘密保持】」 or 「目的」 alone on a line, "Confidentiality." or
        "CONFIDENTIALITY" or a bold paragraph over the text, or a run-in heading opening the
        paragraph (「（目的）本契約は…」, "Confidentiality. The Recipient shall…"). Three such
        lines make the document one of headed articles."""
        found: dict[int, tuple[str, str]] = {}
        bare: dict[int, tuple[str, str]] = {}
        inline_en: dict[int, tuple[str, str]] = {}
        for i, (block, norm) in enumerate(self.lines):
            if block.table or not norm or i < self.front_until:
                continue
            nxt = self._next_text(i)
            head = _plain_heading(block, norm, nxt, self.lang)
            if head is None:
                continue
            kind, title, body = head
            target = bare if kind == "bare" else inline_en if kind == "inline_en" else found
            target[i] = (title, body)
        # A line that recurs ("Source: …", "CONFIDENTIAL", a running page header) is page
        # furniture, not a heading.
        # (Bracketed Japanese headings are not page furniture: two articles may share one.)
        seen: dict[str, int] = {}
        for group in (found, bare, inline_en):
            for i, (title, _) in group.items():
                seen[title.lower()] = seen.get(title.lower(), 0) + 1
        for group in (found, bare, inline_en):
            for i in [i for i, (title, _) in group.items()
                      if seen[title.lower()] > 1 and not RE_JA_BRACKET_HEAD.match(self.lines[i][1])]:
                del group[i]
        # A bare 「目的」 line or a run-in English heading is weaker evidence: it counts when
        # the document has several of them, never to complete a couple of bracketed ones.
        if len(bare) >= 3:
            found.update(bare)
        if len(inline_en) >= 3:
            found.update(inline_en)
        if len(found) >= 3:
            self.plain_heads = found
            self.scheme = "heading"
        elif narrow_fallback:
            self._mark_title_case_headings()

    def _mark_title_case_headings(self) -> None:
        """The narrow reading of unnumbered headings (when the wider one left the text
        outside its articles): short Title Case or CAPITALS lines without a final stop,
        followed by longer body text."""
        found = []
        for i, (block, norm) in enumerate(self.lines[:-1]):
            nxt = self.lines[i + 1][1]
            if block.heading or block.table or len(norm) > 60 or len(nxt) < 80:
                continue
            if norm.endswith((".", ",", ";", ":", "。", "、")) or not _title_like(norm):
                continue
            found.append(block)
        if len(found) >= 3:
            for block in found:
                block.heading = 1
            self.scheme = "heading"

    def _next_text(self, i: int) -> str:
        for block, norm in self.lines[i + 1:]:
            if norm:
                return norm
        return ""

    def _find_top_list(self) -> None:
        """A contract that is one list of clauses — 「(1)…(2)…」, 「①…②…」, "(a)…(b)…",
        「1)…2)…」 — with no article labels: the list items are its articles."""
        by_kind: dict[str, list[tuple[int, int]]] = {}
        numbered: set[int] = set()   # lines opening with a label: items, their paragraphs
        for i, (block, norm) in enumerate(self.lines):
            if block.table or block.indent >= 2 or not norm:
                continue
            m = sub_marker(norm, self.lang)
            if m is None and self._list_branch(norm) is not None:
                numbered.add(i)   # 「二の2」: an item inserted into the list
            if m is None:
                continue
            numbered.add(i)
            if m.kind in _TOP_LIST_KINDS:
                for kind, value in _list_readings(m):
                    by_kind.setdefault(kind, []).append((i, value))
        best = None
        for kind, items in by_kind.items():
            run = _counting_run(items)
            if len(run) < 3:
                continue
            # The list is the body, not a list inside one paragraph among many: its items (with
            # the numbered paragraphs and items between them) are at least half the lines from
            # the first item to the signature.
            first, last = run[0][0], run[-1][0]
            end = next((j for j in range(last + 1, len(self.lines))
                        if RE_SIGNATURE.match(self.lines[j][1])), len(self.lines))
            span = [j for j in range(first, end) if self.lines[j][1]]
            own = {j for j, _ in run}
            covered = sum(1 for j in span if j in own or j < last and j in numbered)
            if covered * 2 < len(span):
                continue
            # Of two such lists, the outer one starts first (「一、」 items holding (1), (2)).
            if best is None or (first, -len(run)) < (best[1][0][0], -len(best[1])):
                best = (kind, run)
        if best is not None:
            self.list_kind = best[0]
            self.scheme = "list"
            self.scheme_values = {v for _, v in best[1]}

    # -- helpers --
    def _article_of_scheme(self, block: Block, norm: str) -> Marker | None:
        if self.scheme in ("ja_art", "ja_num", "en_art", "section"):
            m = article_marker(norm, heading=bool(block.heading))
            if m and m.kind == self.scheme:
                if m.kind == "section" and m.sub > 1 and self.articles:
                    return None  # Section 2.3 is a sub-clause of Section 2
                return m
            return None
        if self.scheme == "numdot":
            if self.indented_lists and self.articles \
                    and block.indent >= self.articles[0].indent + 2:
                return None  # an indented "1." list inside an article ("numdot@indent")
            m = sub_marker(norm, self.lang)
            return m if m and m.kind == "numdot" else None
        if self.scheme == "list" and block.indent < 2:
            m = sub_marker(norm, self.lang) or self._list_branch(norm)
            if m is None:
                return None
            value = dict(_list_readings(m)).get(self.list_kind)
            return replace(m, value=value) if value else None
        return None

    def _list_branch(self, norm: str) -> Marker | None:
        """「二の2」「二の二」「(2)の2」: an item inserted after item 二 of a contract that is one
        list (what `clausecheck redline` writes, as 第5条の2 after 第5条)."""
        m = RE_LIST_BRANCH.match(norm)
        if not m:
            return None
        base = sub_marker(m.group(1) + " ", self.lang)
        branch = number_value(m.group(2))
        if base is None or not branch:
            return None
        return Marker(base.kind, base.value, m.group(0).strip(), len(m.group(0)), sub=base.sub,
                      branch=branch)

    def _accept_article(self, m: Marker) -> bool:
        """Article numbers increase; outside the body only the next number re-opens articles."""
        current = self.articles[-1] if self.articles else None
        if current and m.value == self.last_value and m.kind == "ja_art" and not m.sub \
                and not current.lines and not current.children:
            return True  # "## 1条（定義）" heading, then "第1条　..." text: same article
        if not self.articles and m.value != 1 and 1 in self.scheme_values:
            return False  # a reference to a later article before the first one
        if m.branch:
            # "5.A" / "Article 5.A" hangs from article 5: it follows 5 or one of its branches.
            return bool(current) and m.value == self.last_value
        if current and m.value == self.articles[0].value and self._looks_like_toc():
            # The articles so far were a table of contents: start again.
            self.articles.clear()
            self.stack = []
            self.last_value = 0
            return True
        if self.last_value and m.value <= self.last_value and not m.sub:
            return False
        if self.articles and m.value > self.last_value + 5:
            return False  # "61." after article 6 is a number in the text, not article 61
        if m.sub and m.value < self.last_value:
            return False
        if self.mode in ("commentary", "signature", "annex") and self.articles:
            return m.value <= self.last_value + (1 if self.mode != "commentary" else 3)
        if self.mode == "front" and self.scheme in ("numdot", "list") \
                and m.value != self._first_value():
            return False
        return True

    def _first_value(self) -> int:
        """The number the articles start from: 1, or the first of an excerpt ("4.", "5.")."""
        values = self.scheme_values
        return 1 if not values or 1 in values else min(values)

    def _looks_like_toc(self) -> bool:
        """Every article read so far is a bare heading: they were a table of contents."""
        return len(self.articles) >= 2 and all(
            not a.children and sum(len(t) for t in a.lines) < 40 for a in self.articles)

    def _is_commentary_heading(self, block: Block, norm: str) -> bool:
        m = RE_BRACKETED.match(norm)
        if m and len(norm) <= 70 and RE_COMMENTARY_WORD.search(m.group(1)):
            return True
        short = norm.strip("#* ").strip()
        if not self.toc_is_commentary and RE_TOC_HEAD.match(short):
            return False
        return len(short) <= 30 and bool(RE_COMMENTARY_HEAD.match(short))

    def _annex_title(self, norm: str) -> str | None:
        if len(norm) > 80 or norm.endswith(("。", ".")) and len(norm) > 40:
            return None
        m = RE_ANNEX_JA.match(norm)
        if m:
            rest = norm[m.end():]
            if rest[:1] and rest[:1] in "のにでをはがと、。":
                return None
            if "記載の" in rest or rest.endswith("。"):
                return None
            title = " ".join(re.sub(r"[【】\[\]]", " ", norm).split())
            if title[:1] in "(（" and title[-1:] in ")）":
                title = title[1:-1].strip()
            return title
        if self.lang == "en" or not self.articles:
            m = RE_ANNEX_EN.match(norm)
            if m and len((m.group(3) or "").split()) <= 10 and not norm.endswith(";"):
                rest = m.group(3) or ""
                if rest and not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "“\"'("):
                    return None
                return norm
        return None

    # -- main loop --
    def run(self) -> None:
        for index, (block, norm) in enumerate(self.lines):
            if not norm:
                continue
            self.index = index
            if index < self.front_until:
                if not (RE_MD_TOC.match(norm) or (len(norm) < 80 and _toc_line(norm))):
                    self._front_line(block, norm)
                continue
            self._line(block, norm)

    def restarts(self) -> list[int]:
        """Indexes of the lines where the first article number appears again.

        A long table of contents (or a list of exhibits) can be read as articles and annexes
        and swallow the body after it; the body then starts again at one of these lines.
        """
        first = min(self.scheme_values) if self.scheme_values else 1
        found = [i for i, (block, norm) in enumerate(self.lines)
                 if norm and not block.table
                 and (m := self._article_of_scheme(block, norm)) is not None
                 and m.value == first and not m.sub and not m.branch]
        return found[1:]

    def _line(self, block: Block, norm: str) -> None:
        if RE_MD_TOC.match(norm) or (block.heading == 0 and len(norm) < 80
                                     and self.mode == "front" and _toc_line(norm)):
            return
        if self._chapter_line(block, norm):
            return
        m = None if block.table else self._article_of_scheme(block, norm)
        if m and self.scheme == "numdot" and self._goes_on_with_list(block, norm, m):
            m = None
        if m and self._accept_article(m):
            self._open_article(block, norm, m)
            return
        plain = self.plain_heads.get(self.index)
        if plain is not None and self.mode in ("front", "body") \
                and not self._is_commentary_heading(block, norm) \
                and not RE_PREAMBLE_HEAD.match(norm.strip("#* ")) \
                and (self.title or self.articles or not self._title_candidate(norm)):
            self._open_heading_article(block, norm, *plain)
            return
        if self.scheme == "heading" and block.heading and plain is None \
                and self.mode in ("front", "body") \
                and not self._is_commentary_heading(block, norm) \
                and not RE_PREAMBLE_HEAD.match(norm) and self.title:
            self._open_heading_article(block, norm)
            return
        if self._is_commentary_heading(block, norm):
            self.mode = "commentary"
            self.seen_commentary = True
            self.pending_title = None
            return
        if RE_PREAMBLE_HEAD.match(norm.strip("#* ")):
            if not self.articles:
                self.mode = "front"
            return
        if self.articles and self.mode != "annex" and (
                RE_SIGNATURE.match(norm)
                or (len(norm) <= 30 and RE_SIGNATURE_CAPTION.search(norm))):
            self.mode = "signature"
            self.signature.append((block.text.strip(), block.source))
            return
        if self.articles or self.mode == "signature":
            annex = self._annex_title(norm)
            if annex is not None and (self.mode != "body" or self._annex_in_body_ok(block, norm)):
                self.mode = "annex"
                self.annexes.append((annex, [], [block.source]))
                return
        if self.mode == "commentary":
            return
        if self.mode == "signature" and self._resumes_article(block, norm):
            self.mode = "body"
        if self.mode == "signature":
            self.signature.append((block.text.strip(), block.source))
            return
        if self.mode == "annex":
            _, lines, sources = self.annexes[-1]
            lines.append(block.text.strip())
            sources.append(block.source)
            return
        if self.mode == "front":
            self._front_line(block, norm)
            return
        self._body_line(block, norm)

    def _resumes_article(self, block: Block, norm: str) -> bool:
        """After the signature line, the next paragraph of the last article ("13.12" after
        13.11): a page laid out out of order put the witness line before the last clauses."""
        m = None if block.table or not self.articles else sub_marker(norm, self.lang)
        if m is None or m.kind != "dotted" or m.sub != 2:
            return False
        article = self.articles[-1]
        last = article.children[-1] if article.children else None
        return m.parts[0] == article.value and last is not None \
            and last.marker == "dotted2" and last.value < m.value <= last.value + 2

    def _chapter_line(self, block: Block, norm: str) -> bool:
        """A chapter heading (「第1章　総則」, "CHAPTER 2", or a styled heading standing over
        the bracketed headings that are the articles) is no clause: the articles after it
        carry it as their ``chapter``."""
        if block.table or self.scheme in ("none", "list") \
                or self.mode not in ("front", "body", "commentary"):
            return False
        heading = _chapter_heading(norm)
        if heading is None and block.heading and self.plain_heads \
                and self.index not in self.plain_heads and self._next_is_plain_head():
            heading = block.text.strip().lstrip("#").strip()
            if self._is_commentary_heading(block, norm) or RE_PREAMBLE_HEAD.match(heading) \
                    or not (self.title or self.articles):
                return False
        if heading is None:
            return False
        self.chapter = " ".join(block.text.strip().lstrip("#").strip("*").split())
        self.pending_title = None
        if self.articles:
            self.mode = "body"
        return True

    def _next_is_plain_head(self) -> bool:
        nxt = next((i for i in range(self.index + 1, len(self.lines)) if self.lines[i][1]), None)
        return nxt is not None and nxt in self.plain_heads

    def _goes_on_with_list(self, block: Block, norm: str, m: Marker) -> bool:
        """A "N." line that goes on with a "1., 2., 3." list open inside the current article
        (its items numbered like the articles) instead of opening article N."""
        if not self.articles or m.branch:
            return False
        item = next((n for n in reversed(self.stack) if n.marker == "numdot"), None)
        if item is None or m.value != item.value + 1:
            return False
        if m.value != self.last_value + 1:
            return True   # only the list counts on to this number
        # Both count on to it: the line is shaped like the items or like the articles.
        shape = _label_shape(norm[m.end:], self.lang)
        article = self.articles[-1]
        article_shape = article.shape
        lead = article.lines[-1].rstrip() if article.lines else ""
        if len(self.articles) > 1 and lead.endswith(_LEAD_IN_ENDS):
            # the article whose text opens the list (「…に際しては、」, "When …:") is shaped
            # by that, not like the articles: the one before it shows how they look
            article_shape = self.articles[-2].shape
        if shape != article_shape and shape == item.shape:
            return True
        if shape == article_shape and shape != item.shape:
            return False
        # Alike: the list goes on when its last item ends open ("…;", "…; and", "…,").
        last = item.lines[-1].rstrip() if item.lines else ""
        return last.endswith((";", ",", "、")) or bool(re.search(r"\b(and|or)$", last[-5:]))

    def _signature_start(self, lines: list[tuple[str, int]]) -> int | None:
        """Where the signing formula starts among unnumbered paragraphs: a line that opens a
        signature block after at least two paragraphs of text, with only a short block after
        it (names, addresses: at most SIGNATURE_LINES lines, 15 % of the text; None when
        there is no such line — a witness line in the middle is layout damage, not the end)."""
        total = sum(len(t) for t, _ in lines)
        for i in range(max(2, len(lines) - SIGNATURE_LINES), len(lines)):
            norm = fold_width(lines[i][0]).strip()
            if RE_SIGNATURE.match(norm) or len(norm) <= 30 and RE_SIGNATURE_CAPTION.search(norm):
                after = sum(len(t) for t, _ in lines[i:])
                return i if after <= max(0.15 * total, SIGNATURE_CHARS) else None
        return None

    def _annex_in_body_ok(self, block: Block, norm: str) -> bool:
        """In the body an annex heading must look like a heading, not a sentence."""
        if block.heading or RE_ANNEX_JA.match(norm) and norm.startswith(("【", "[")):
            return True
        return len(norm) <= 40 and not norm.endswith(("。", ".", "、", ","))

    def _front_line(self, block: Block, norm: str) -> None:
        text = block.text.strip()
        if not self.title and len(self.preamble) < 12 and self._title_candidate(norm):
            # The title may follow a letterhead, a date or an address block.
            self.title = _unspace(text.strip("#* ").strip())
            self.title_source = [block.source]
            return
        if not self.title and not self.preamble and not self.early_title \
                and len(norm) <= 40 and not norm.endswith(("。", ".")) \
                and not self.seen_commentary:
            # A short heading line before the real title ("モデル契約書 ver1.0"): keep it as a
            # fallback title and let a later line naming the contract type take over.
            self.early_title = text.strip("#* ").strip()
            return
        if RE_STANDALONE_TITLE.match(norm):
            self.pending_title = (_ja_title(norm)[0], block.source)
        self.preamble.append((text.lstrip("#").strip(), block.source))

    def _title_candidate(self, norm: str) -> bool:
        short = _unspace(norm.strip("#* ").strip())
        return len(short) <= 80 and not short.endswith(("。", ".", ",")) \
            and bool(RE_TITLE_WORD.search(short)) and not RE_SIGNATURE.search(short)

    def _open_article(self, block: Block, norm: str, m: Marker) -> None:
        rest_norm = norm[m.end:]
        text = block.text.strip()
        rest = text[m.end:] if len(text) == len(norm) else rest_norm
        title, body = (_ja_title(rest.strip()) if self.scheme in ("ja_art", "ja_num")
                       or (self.scheme == "list" and self.lang == "ja")
                       else _english_title(rest))
        if not title and self.scheme == "ja_art" and rest.strip() and block.heading \
                and len(rest.strip()) <= 30 and not rest.strip().endswith("。"):
            title, body = rest.strip(), ""
        elif not title and self.scheme == "ja_art" and RE_JA_BARE_HEAD.match(rest.strip()) \
                and not RE_JA_NOT_HEAD.search(rest):
            # 「第１３条　存続条項」 on a line of its own: a heading after a space, no brackets
            title, body = rest.strip(), ""
        current = self.articles[-1] if self.articles else None
        if current and m.value == self.last_value and not current.lines and not current.children \
                and not m.branch:
            node = current  # heading line and text line of the same article
            if title and not node.title:
                node.title = title
        else:
            if not title and self.pending_title:
                title = self.pending_title[0]
                self._unpend_preamble()
            node = _Node(number=m.label, title=title, kind="article", marker=m.kind,
                         value=m.value, auto=block.auto, indent=block.indent,
                         shape=_label_shape(rest_norm, self.lang), chapter=self.chapter)
            if m.kind == "numdot":
                node.number = m.label.rstrip(".")
            self.articles.append(node)
            self.last_value = m.value
        self.pending_title = None
        self.stack = []
        self.mode = "body"
        if body.strip():
            node.lines.append(body.strip())
        node.sources.append(block.source)

    def _unpend_preamble(self) -> None:
        """A standalone （目的） line was filed under the preamble/article text: take it back."""
        if not self.pending_title:
            return
        src = self.pending_title[1]
        if self.preamble and self.preamble[-1][1] == src:
            self.preamble.pop()
        elif self.articles:
            target = self.stack[-1] if self.stack else self.articles[-1]
            if target.sources and target.sources[-1] == src and target.lines:
                target.lines.pop()
                target.sources.pop()

    def _open_heading_article(self, block: Block, norm: str, title: str | None = None,
                              body: str = "") -> None:
        if title is None:
            title = block.text.strip().lstrip("#").strip()
        node = _Node(number="", title=title, kind="article", marker="heading",
                     chapter=self.chapter)
        if body:
            node.lines.append(body)
        node.sources.append(block.source)
        self.pending_title = None
        self.articles.append(node)
        self.stack = []
        self.mode = "body"

    def _body_line(self, block: Block, norm: str) -> None:
        article = self.articles[-1]
        text = block.text.strip()
        if RE_STANDALONE_TITLE.match(norm):
            self.pending_title = (_ja_title(norm)[0], block.source)
        else:
            self.pending_title = None
        # ARTICLE 1 / DEFINITIONS on two lines: the caps line is the heading.
        if not article.title and not article.lines and not article.children \
                and self.scheme in ("en_art", "section") and len(norm) <= 60 \
                and _title_like(norm.rstrip(".:")) and not sub_marker(norm, self.lang):
            article.title = norm.rstrip(".:")
            article.sources.append(block.source)
            return
        m = None if block.table else sub_marker(norm, self.lang)
        if self.scheme == "section" and m is None and not block.table:
            sm = article_marker(norm)
            if sm and sm.kind == "section" and sm.sub > 1:
                m = Marker("dotted", sm.parts[-1], sm.label.split()[-1], sm.end,
                           sub=sm.sub, parts=sm.parts, branch=sm.branch)
        if m is not None and self._place(m, block, norm, text):
            return
        target = self.stack[-1] if self.stack else article
        target.lines.append(text)
        target.sources.append(block.source)

    def _level_key(self, m: Marker, indent: int = 0) -> tuple[str, bool]:
        """The family of a label, settling letters against roman numerals by context.

        An indented "1." is another family than an unindented one: exports (Markdown lists)
        reuse the same label style at two levels and only the indent tells them apart.
        """
        if indent >= 2 and m.kind in ("numdot", "num_close", "ja_para", "paren_num"):
            return f"{m.kind}@indent", False
        kind = m.kind
        if kind == "dotted":
            return f"dotted{m.sub}", False
        if kind not in ("paren_lower", "lower_close", "paren_upper"):
            return kind, False
        if m.value == 0:
            return kind + ":roman", True
        if m.sub:  # a single letter that is also a roman numeral: i, v, x, l, c, d, m
            for node in reversed(self.stack):
                if node.marker == kind + ":alpha" and node.value == m.value - 1:
                    return kind + ":alpha", False
                if node.marker == kind + ":roman" and node.value == m.sub - 1:
                    return kind + ":roman", True
            if m.sub == 1:
                return kind + ":roman", True
        return kind + ":alpha", False

    def _paragraph_level(self, key: str, value: int) -> bool:
        if key == "ja_para" or key == "dotted2":
            return True
        return self.lang == "ja" and key == "numdot" and value == 2

    def _place(self, m: Marker, block: Block, norm: str, text: str) -> bool:
        """Put a labelled unit into the current article's tree; False if it is just text."""
        article = self.articles[-1]
        key, roman = self._level_key(m, block.indent)
        value = m.sub if roman else m.value
        level = next((i for i, n in enumerate(self.stack) if n.marker == key), None)
        if level is None and self.stack and self._paragraph_level(key, value):
            # Japanese 項 ("2", "２") and English "N.M" sit right under the article: a
            # paragraph label after items closes them instead of nesting inside the last one.
            self.stack = []
        if level is None:
            # A new level starts at its first value (paragraph 2 for Japanese 項: the first
            # 項 carries no number); anything else is a number inside running text.
            first_ok = value == 1 or block.auto or (
                value == 2 and not self.stack and key in ("ja_para", "numdot", "num_close"))
            if not first_ok:
                return False
            parent = self.stack[-1] if self.stack else article
            depth = len(self.stack) + 1
        else:
            prev = self.stack[level]
            if not (prev.value < value <= prev.value + 2) and not block.auto:
                return False
            parent = self.stack[level - 1] if level else article
            depth = level + 1
            del self.stack[level:]
        rest = text[m.end:] if len(text) == len(norm) else norm[m.end:]
        if self.lang == "ja":
            title, body = _ja_title(rest.strip()) if rest.strip()[:1] in "(（" and \
                RE_STANDALONE_TITLE.match(fold_width(rest.strip()).split(" ")[0]) else ("", rest)
        else:
            title, body = _english_title(rest) if key.startswith("dotted") else ("", rest)
        kind = "paragraph" if depth == 1 and not (
            key in ITEM_KINDS or key.endswith("@indent")
            or (self.lang == "ja" and key == "paren_num")
            or (key == "numdot" and self.scheme == "numdot")) \
            else "item"
        node = _Node(number=m.label, title=title, kind=kind, marker=key, value=value,
                     roman=roman, auto=block.auto, indent=block.indent,
                     shape=_label_shape(norm[m.end:], self.lang))
        if body.strip():
            node.lines.append(body.strip())
        node.sources.append(block.source)
        parent.children.append(node)
        self.stack.append(node)
        return True

    # -- result --
    def document(self, path: str, fmt: str) -> Document:
        title = self.title or self.early_title
        preamble_src = [s for _, s in self.preamble]
        labels = citation_labels([(a.number, a.title, "\n".join(a.lines) or _first_text(a))
                                  for a in self.articles], self.lang)
        clauses = [a.freeze((), (i,), label)
                   for i, (a, label) in enumerate(zip(self.articles, labels), start=1)]
        if not clauses and self.preamble:
            # No numbering at all: every paragraph is an unnumbered clause, so a checker
            # still has units to align with; the lines of a hard-wrapped paragraph are one.
            # (Word and the PDF reader give paragraphs already; a text file gives lines.)
            body = self.preamble
            end = self._signature_start(body)
            if end is not None:
                # 「以上の証として…」 / "IN WITNESS WHEREOF" and what follows it (the parties'
                # names, addresses, signatures) are the signature block, not clauses.
                self.signature = body[end:] + self.signature
                body = body[:end]
            paragraphs = (_wrapped_paragraphs(body, self.lang)
                          if fmt in ("txt", "md") else [(t, (s,)) for t, s in body])
            labels = citation_labels([("", "", t) for t, _ in paragraphs], self.lang)
            clauses = [Clause(number="", title="", text=t, kind="article", path=("",),
                              source=src, label=label, position=(i,))
                       for i, ((t, src), label) in enumerate(zip(paragraphs, labels), start=1)]
            preamble, preamble_src = "", []
            numbering = "none"
            structure = "paragraphs"
        else:
            preamble = "\n".join(t for t, _ in self.preamble)
            numbering = "typed"
            structure = "list" if self.scheme == "list" else "numbered"
            if self.articles and self.scheme == "heading":
                numbering = "none"
                structure = "headings"
            elif self.articles and sum(a.auto for a in self.articles) * 2 > len(self.articles):
                numbering = "auto"
        annexes = tuple(Annex(title=t, text="\n".join(lines).strip(), source=tuple(src))
                        for t, lines, src in self.annexes)
        return Document(path=path, format=fmt, language=self.lang, title=title,
                        preamble=preamble, clauses=tuple(clauses), annexes=annexes,
                        signature="\n".join(t for t, _ in self.signature),
                        numbering=numbering, preamble_source=tuple(preamble_src),
                        signature_source=tuple(s for _, s in self.signature),
                        structure=structure if clauses else "paragraphs")


# A line that ends a sentence (or a heading): the next line starts a paragraph of its own.
_LINE_END_EN = re.compile(r"[.;:!?)\]\"'”’。．！？」』）]\s*$")
_LINE_END_JA = re.compile(r"[。．！？」』）)\]:：]\s*$")
WRAPPED_LINE_MIN = {"en": 50, "ja": 20}   # a shorter line ending open is a heading


# A line that starts an item or a bullet of its own ("(a) …", "2. …", "• …", 「・…」), which
# a block of wrapped lines does not take in. Not ``markers.sub_marker``, on purpose: these
# are lines of running text cut at the margin, where a line may begin with any word of a
# sentence, and sub_marker reads some such beginnings as labels — "3.5 million" (dotted),
# "10 Business Days after…" (a numbered heading), 「12 月…」 (a Japanese paragraph number),
# 「ア 」「一 」 (kana and kanji items) — which the segmenter then checks against the
# sequence of labels; a joiner has no sequence to check. So only the narrow forms that
# hardly begin a wrapped line count here (a letter, a roman numeral or one to three digits
# before "." or ")" and a space), with what sub_marker does not read at all: bullets,
# "a." / "IV." / "A)", a short bracketed word 「（注）」「（目的）」.
_ITEM_START = re.compile(r"^\s*(?:[-*•・●■◆]|\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)](?:\s|$)|[（(][^）)]{1,4}[）)])",
                         re.IGNORECASE)


def _labelled(line: str) -> bool:
    """A line written ``Label: value``: a field of a cover sheet ("Governing Law: …",
    「準拠法：…」), or a heading or a recital written so ("Section 3: …", "WHEREAS: …"), a line
    of its own (``clausecheck.fields``)."""
    return split_label(line) is not None


def _adjacent(prev_source: object, source: object) -> bool:
    """Two text-file lines with no blank line between them (sources are line numbers)."""
    return isinstance(prev_source, int) and isinstance(source, int) and source == prev_source + 1


def _wrapped_blocks(lines: list[tuple[str, int]], lang: str) -> set[int]:
    """Indexes of the lines that continue a hard-wrapped block: adjacent lines (no blank line
    between) of which most break off without a stop. Inside such a block a line ending in
    "U.S." or "Inc." is a wrap too; a line that starts an item stays apart."""
    end = _LINE_END_JA if lang == "ja" else _LINE_END_EN
    wrap = WRAPPED_LINE_MIN.get(lang, 50)
    out: set[int] = set()
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and _adjacent(lines[i - 1][1], lines[i][1]):
            continue
        block = range(start, i)
        if len(block) >= 3:
            open_ends = sum(len(lines[j][0]) >= wrap and not end.search(lines[j][0])
                            for j in block[:-1])
            if open_ends * 2 >= len(block) - 1:
                out.update(j for j in block[1:] if not _ITEM_START.match(lines[j][0])
                           and not _labelled(lines[j][0]))
        start = i
    return out


def _wrapped_paragraphs(lines: list[tuple[str, int]], lang: str) -> list[tuple[str, tuple]]:
    """Lines of plain text (no numbering) joined into paragraphs: a line goes on the one
    before it when no blank line parts them and that one broke off mid-sentence (it is long
    and ends without a stop, or the line goes on in lower case), or both are in a block of
    lines wrapped at the margin (``_wrapped_blocks``)."""
    end = _LINE_END_JA if lang == "ja" else _LINE_END_EN
    wrap = WRAPPED_LINE_MIN.get(lang, 50)
    wrapped = _wrapped_blocks(lines, lang)
    out: list[tuple[list[str], list[int]]] = []
    for index, (text, source) in enumerate(lines):
        if out:
            prev_text, prev_src = out[-1][0][-1], out[-1][1][-1]
            broke_off = len(prev_text) >= wrap and not end.search(prev_text) \
                and not _labelled(text)
            lower = lang != "ja" and text[:1].islower()
            if _adjacent(prev_src, source) and (index in wrapped or broke_off or lower):
                out[-1][0].append(text)
                out[-1][1].append(source)
                continue
        out.append(([text], [source]))
    joiner = "" if lang == "ja" else " "
    return [(joiner.join(t.strip() for t in texts), tuple(srcs)) for texts, srcs in out]


def _first_text(node: _Node) -> str:
    """The first text under a node (an article whose text starts in its paragraphs)."""
    for child in node.children:
        if child.lines:
            return "\n".join(child.lines)
        deeper = _first_text(child)
        if deeper:
            return deeper
    return ""


def citation_labels(articles: list[tuple[str, str, str]], lang: str) -> list[str]:
    """How each article is cited when it has no number, from (number, title, text): its
    heading as the contract shows one (「（秘密保持）」, "Confidentiality"), else its first
    words; "" for a numbered article. Repeated labels get 「［2］」, "[2]" so that every
    citation names one clause."""
    out: list[str] = []
    seen: dict[str, int] = {}
    taken = {number for number, _, _ in articles if number}
    for number, title, text in articles:
        if number:
            out.append("")
            continue
        title = " ".join(title.split())
        if title:
            label = f"（{title}）" if lang == "ja" and not title.isascii() else title
        else:
            label = first_words(text, lang) or ("条項" if lang == "ja" else "Clause")
        count = seen.get(label, 0) + 1
        seen[label] = count
        if count > 1 or label in taken:
            label = f"{label}［{count}］" if lang == "ja" else f"{label} [{count}]"
        out.append(label)
    return out


def segment(blocks: list[Block], *, path: str, fmt: str, lang: str | None = None) -> Document:
    """Find title, preamble, clause tree, annexes and signature in ``blocks``."""
    text = "\n".join(b.text for b in blocks if not b.skip)
    shares, main = _document_languages(blocks)
    language = lang or main or detect_language(text)
    nested = fmt == "md"
    seg, doc = _read(blocks, language, path, fmt, nested)
    if _clause_chars(doc) * 2 < len(text):
        # Most of the text ended outside the clauses: a front table of contents may have been
        # taken for the articles. Read again with the front matter ending where the first
        # article number recurs, and keep the reading whose clauses hold the most text.
        for start in seg.restarts()[:MAX_RESTARTS]:
            alt = _Segmenter(blocks, language, front_until=start, indented_lists=nested)
            alt.run()
            alt_doc = alt.document(path, fmt)
            if _clause_chars(alt_doc) > _clause_chars(doc):
                doc = alt_doc
    if _clause_chars(doc) * 2 < len(text) and seg.seen_commentary:
        # Still most of the text outside: a table of contents read as commentary skipped all
        # that followed it, for no article ever opened after it. Read its heading as text.
        _alt, alt_doc = _read(blocks, language, path, fmt, nested, toc_is_commentary=False)
        if _clause_chars(alt_doc) > _clause_chars(doc):
            doc = alt_doc

    return replace(_with_char_count(doc, len(text)), languages=tuple(shares.items()))


def _read(blocks: list[Block], language: str, path: str, fmt: str, nested: bool,
          toc_is_commentary: bool = True) -> tuple["_Segmenter", Document]:
    """One reading of the blocks (the segmenter that made it, and its document)."""
    seg = _Segmenter(blocks, language, indented_lists=nested,
                     toc_is_commentary=toc_is_commentary)
    seg.run()
    doc = seg.document(path, fmt)
    if seg.plain_heads and not _headed_reading_ok(doc):
        # The lines taken for headings left most of the text outside the articles they
        # opened (an address block or a layout remnant looked like headings): read the
        # document as plain paragraphs instead.
        seg = _Segmenter(blocks, language, plain_headings=False, indented_lists=nested,
                         toc_is_commentary=toc_is_commentary)
        seg.run()
        doc = seg.document(path, fmt)
    return seg, doc


MAX_RESTARTS = 3
SIGNATURE_LINES = 12     # lines a signature block of unnumbered paragraphs may hold
SIGNATURE_CHARS = 600    # and characters, in a short text (else 15 % of it)


def _headed_reading_ok(doc: Document) -> bool:
    """Articles opened by unnumbered headings hold the body: the preamble before the first
    heading is the smaller part, and no single article holds nearly all of the text."""
    inside = _clause_chars(doc)
    if len(doc.clauses) < 3 or len(doc.preamble) > 0.4 * (inside + len(doc.preamble)):
        return False
    largest = max(len(c.title) + len(c.full_text) for c in doc.clauses)
    return largest <= 0.75 * inside


def _clause_chars(doc: Document) -> int:
    return sum(len(c.title) + len(c.full_text) for c in doc.clauses)


def _with_char_count(doc: Document, count: int) -> Document:
    return replace(doc, char_count=count)
