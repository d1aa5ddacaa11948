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
from dataclasses import dataclass, field

from clausecheck.model import Annex, Clause, Document
from clausecheck.reader.langid import SUPPORTED, language_of, language_shares, main_language
from clausecheck.reader.markers import Marker, article_marker, fold_width, sub_marker

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

    def freeze(self, path: tuple[str, ...]) -> Clause:
        mypath = path + (self.number,)
        return Clause(number=self.number, title=self.title, text="\n".join(self.lines).strip(),
                      kind=self.kind, path=mypath, source=tuple(self.sources),
                      children=tuple(c.freeze(mypath) for c in self.children))


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
    counts = {"ja_art": 0, "en_art": 0, "section": 0, "numdot": 0, "heading": 0}
    values: dict[str, set[int]] = {k: set() for k in counts}
    numdot_values: list[int] = []
    for block, norm in lines:
        if block.table:
            continue
        m = article_marker(norm, heading=bool(block.heading))
        if m:
            counts[m.kind] += 1
            values[m.kind].add(m.value)
            continue
        m = sub_marker(norm, lang)
        if m and m.kind == "numdot":
            counts["numdot"] += 1
            numdot_values.append(m.value)
        elif block.heading:
            counts["heading"] += 1
    if counts["ja_art"]:
        return "ja_art", values["ja_art"]
    if counts["en_art"] >= 2:
        return "en_art", values["en_art"]
    if counts["section"] >= 2:
        return "section", values["section"]
    # "1." lines that count upwards from 1 at least twice: an English numbered contract.
    if counts["numdot"] >= 2 and 1 in numdot_values and 2 in numdot_values:
        return "numdot", set(numdot_values)
    if counts["heading"] >= 2:
        return "heading", set()
    return "none", set()


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


def _ja_title(rest: str) -> tuple[str, str]:
    """"（目的）本契約は…" -> ("目的", "本契約は…")."""
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


# --- the segmenter ---------------------------------------------------------------------------

class _Segmenter:
    def __init__(self, blocks: list[Block], lang: str, front_until: int = 0) -> None:
        self.lang = lang
        self.lines = [(b, fold_width(b.text).strip()) for b in blocks if not b.skip]
        # Lines before this index are front matter whatever they look like (see segment()).
        self.front_until = front_until
        self.scheme, self.scheme_values = _choose_scheme(self.lines, lang)
        if self.scheme == "none":
            self._mark_plain_headings()
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

    def _mark_plain_headings(self) -> None:
        """Unnumbered contracts (letter agreements) often still have heading lines:
        short, Title Case or CAPITALS, no final stop, followed by longer body text."""
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

    # -- helpers --
    def _article_of_scheme(self, block: Block, norm: str) -> Marker | None:
        if self.scheme in ("ja_art", "en_art", "section"):
            m = article_marker(norm, heading=bool(block.heading))
            if m and m.kind == self.scheme:
                if m.kind == "section" and m.sub > 1 and self.articles:
                    return None  # Section 2.3 is a sub-clause of Section 2
                return m
            return None
        if self.scheme == "numdot":
            m = sub_marker(norm, self.lang)
            return m if m and m.kind == "numdot" else None
        return None

    def _accept_article(self, m: Marker) -> bool:
        """Article numbers increase; outside the body only the next number re-opens articles."""
        current = self.articles[-1] if self.articles else None
        if current and m.value == self.last_value and m.kind == "ja_art" and not m.sub \
                and not current.lines and not current.children:
            return True  # "## 1条（定義）" heading, then "第1条　..." text: same article
        if not self.articles and m.value != 1 and 1 in self.scheme_values:
            return False  # a reference to a later article before the first one
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
        if self.mode == "front" and self.scheme == "numdot" and m.value != 1:
            return False
        return True

    def _looks_like_toc(self) -> bool:
        """Every article read so far is a bare heading: they were a table of contents."""
        return len(self.articles) >= 2 and all(
            not a.children and sum(len(t) for t in a.lines) < 40 for a in self.articles)

    def _is_commentary_heading(self, block: Block, norm: str) -> bool:
        m = RE_BRACKETED.match(norm)
        if m and len(norm) <= 70 and RE_COMMENTARY_WORD.search(m.group(1)):
            return True
        short = norm.strip("#* ").strip()
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
                 and m.value == first and not m.sub]
        return found[1:]

    def _line(self, block: Block, norm: str) -> None:
        if RE_MD_TOC.match(norm) or (block.heading == 0 and len(norm) < 80
                                     and self.mode == "front" and _toc_line(norm)):
            return
        m = None if block.table else self._article_of_scheme(block, norm)
        if m and self._accept_article(m):
            self._open_article(block, norm, m)
            return
        if self.scheme == "heading" and block.heading and self.mode in ("front", "body") \
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
        title, body = (_ja_title(rest.strip()) if self.scheme == "ja_art"
                       else _english_title(rest))
        if not title and self.scheme == "ja_art" and rest.strip() and block.heading \
                and len(rest.strip()) <= 30 and not rest.strip().endswith("。"):
            title, body = rest.strip(), ""
        current = self.articles[-1] if self.articles else None
        if current and m.value == self.last_value and not current.lines and not current.children:
            node = current  # heading line and text line of the same article
            if title and not node.title:
                node.title = title
        else:
            if not title and self.pending_title:
                title = self.pending_title[0]
                self._unpend_preamble()
            node = _Node(number=m.label, title=title, kind="article", marker=m.kind,
                         value=m.value, auto=block.auto)
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

    def _open_heading_article(self, block: Block, norm: str) -> None:
        node = _Node(number="", title=block.text.strip().lstrip("#").strip(), kind="article",
                     marker="heading")
        node.sources.append(block.source)
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
                m = Marker("dotted", sm.parts[-1], ".".join(map(str, sm.parts)), sm.end,
                           sub=sm.sub, parts=sm.parts)
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
            or (self.lang == "ja" and key == "paren_num")) \
            else "item"
        node = _Node(number=m.label, title=title, kind=kind, marker=key, value=value,
                     roman=roman, auto=block.auto)
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
        clauses = [a.freeze(()) for a in self.articles]
        if not clauses and self.preamble:
            # No numbering at all: every paragraph is an unnumbered clause, so a checker
            # still has units to align with.
            clauses = [Clause(number="", title="", text=t, kind="article", path=("",),
                              source=(s,)) for t, s in self.preamble]
            preamble, preamble_src = "", []
            numbering = "none"
        else:
            preamble = "\n".join(t for t, _ in self.preamble)
            numbering = "typed"
            if self.articles and self.scheme == "heading":
                numbering = "none"
            elif self.articles and sum(a.auto for a in self.articles) * 2 > len(self.articles):
                numbering = "auto"
        annexes = tuple(Annex(title=t, text="\n".join(lines).strip(), source=tuple(src))
                        for t, lines, src in self.annexes)
        return Document(path=path, format=fmt, language=self.lang, title=title,
                        preamble=preamble, clauses=tuple(clauses), annexes=annexes,
                        signature="\n".join(t for t, _ in self.signature),
                        numbering=numbering, preamble_source=tuple(preamble_src),
                        signature_source=tuple(s for _, s in self.signature))


def segment(blocks: list[Block], *, path: str, fmt: str, lang: str | None = None) -> Document:
    """Find title, preamble, clause tree, annexes and signature in ``blocks``."""
    text = "\n".join(b.text for b in blocks if not b.skip)
    shares, main = _document_languages(blocks)
    language = lang or main or detect_language(text)
    seg = _Segmenter(blocks, language)
    seg.run()
    doc = seg.document(path, fmt)
    if _clause_chars(doc) * 2 < len(text):
        # Most of the text ended outside the clauses: a front table of contents may have been
        # taken for the articles. Read again with the front matter ending where the first
        # article number recurs, and keep the reading whose clauses hold the most text.
        for start in seg.restarts()[:MAX_RESTARTS]:
            alt = _Segmenter(blocks, language, front_until=start)
            alt.run()
            alt_doc = alt.document(path, fmt)
            if _clause_chars(alt_doc) > _clause_chars(doc):
                doc = alt_doc
    from dataclasses import replace

    return replace(_with_char_count(doc, len(text)), languages=tuple(shares.items()))


MAX_RESTARTS = 3


def _clause_chars(doc: Document) -> int:
    return sum(len(c.title) + len(c.full_text) for c in doc.clauses)


def _with_char_count(doc: Document, count: int) -> Document:
    from dataclasses import replace

    return replace(doc, char_count=count)
