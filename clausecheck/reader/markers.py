"""Recognise the number labels contracts put at the start of a unit.

Everything here works on *width-normalised* text (full-width ASCII folded to half-width, the
ideographic space to a space) so that ``（１）`` and ``(1)`` meet, while the folding keeps
every character at its offset, so a label found in the normalised text can be cut from the
original. NFKC is deliberately not used: it would turn ``①`` into ``1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausecheck.numerals import kanji_to_int

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20  # ideographic space
_WIDTH[0x00A0] = 0x20  # no-break space


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, keeping the length (one char -> one char)."""
    return text.translate(_WIDTH)


_KANJI_NUM = "〇零一二三四五六七八九十百千壱弐参拾"


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_to_int(text: str) -> int | None:
    text = text.lower()
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def number_value(text: str) -> int | None:
    """An article number in any script: 12, １２, 十二, XII."""
    text = fold_width(text).strip()
    if len(text) > 12:
        return None
    if text.isdigit():
        return int(text) if text.isascii() else None
    return kanji_to_int(text) if text[:1] in _KANJI_NUM else roman_to_int(text)


CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}            # ①..⑳
CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})      # ㉑..㉟
CIRCLED.update({chr(0x32B1 + i): i + 36 for i in range(15)})      # ㊱..㊿
PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}         # ⑴..⒇
KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
IROHA_ORDER = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"


@dataclass(frozen=True)
class Marker:
    """A number label at the start of a line.

    ``kind`` is the family (ja_art, en_art, section, numdot, dotted, ja_para, paren_num,
    circled, paren_alpha, paren_roman, ...); ``value`` its ordinal (1-based) for sequence
    checks; ``label`` the label as displayed (width-folded); ``end`` the offset where the
    text after the label (and its separator) starts.
    """

    kind: str
    value: int
    label: str
    end: int
    sub: int = 0          # 第3条の2 -> 2; dotted depth for "dotted"
    parts: tuple[int, ...] = ()
    # An English branch number ("5.A", "Article 8.A", "5.A.1": what the redliner gives an
    # article inserted after article 5 or 8): 2 for A, 3 for B, as 第5条の2 is branch 2.
    branch: int = 0


# Digit runs in labels are bounded: no article or item number has more digits, and an
# unbounded run ("第" + 5,000 digits + "条") would be converted to a huge integer.
_D = "[0-9]{1,9}"
_KNUM = f"{_D}|[{_KANJI_NUM}]{{1,12}}"
RE_JA_ART = re.compile(rf"^第\s*({_KNUM})\s*条(?:\s*の\s*({_KNUM}))?")
# "1条（目的）" as a heading (no 第): some documents and Markdown exports drop the 第.
RE_JA_ART_HEAD = re.compile(rf"^({_D})\s*条\s*(?=[(（])")
# "2〔秘密保持〕", "3【目的】": a number glued to a bracketed heading heads an article (pledges
# and memoranda number their articles so). The heading holds no sentence, digit or blank.
RE_JA_NUM_BRACKET = re.compile(rf"^({_D})\s*(?=[〔【［][^〔〕【】［］「」。0-9０-９_＿]{{2,24}}[〕】］])")
# A branch letter after the number ("Article 8.A", "Section 5.A.1"): only a capital standing
# alone, so "Article 2.The ..." (a missing space) is not read as a branch.
_BRANCH = r"(?:\.([A-Z])(?![A-Za-z]))?"
RE_EN_ART = re.compile(rf"^(?:ARTICLE|Article|ART\.|Art\.)\s+({_D}|[IVXLCivxlc]{{1,12}}){_BRANCH}\b\.?")
# "Clause 3" and "Rule 3" head articles the way "Section 3" does (dotted sub-clauses too).
RE_SECTION = re.compile(rf"^(?:SECTION|Section|Sec\.|SEC\.|§|CLAUSE|Clause|RULE|Rule)\s*"
                        rf"({_D}){_BRANCH}((?:\.{_D}){{0,8}})\b\.?")
# "5.A" (an article inserted after article 5) and "5.A.1" (its first paragraph).
RE_BRANCH = re.compile(rf"^({_D})\.([A-Z])((?:\.{_D}){{0,8}})\.?(?=\s|$)")
# "13.15 Law", and "13.15Law" (a PDF's text that lost the space before a capitalised word)
RE_DOTTED = re.compile(rf"^({_D}(?:\.{_D}){{1,8}})\.?(?=\s|$|[A-Z][a-z])")
RE_NUMDOT = re.compile(rf"^({_D})\.(?=\s|$)")
# Japanese "１．甲は…": the full-width stop is often followed directly by the text.
RE_NUMDOT_JA = re.compile(rf"^({_D})\.(?=[^\x00-\x7f])")
RE_NUM_HEAD = re.compile(r"^([0-9]{1,2})\s+(?=[A-Z])")
# "11.WARRANTY": the number glued to a heading in capitals (text pulled from a PDF).
RE_NUMDOT_GLUED = re.compile(r"^([0-9]{1,3})\.(?=[A-Z]{2})([A-Z][A-Z'’&/\-]*)\b")
RE_NUM_CLOSE = re.compile(rf"^({_D})\)(?=\s|\S)")
RE_JA_PARA = re.compile(rf"^({_D})(?=\s+\S)")
RE_PAREN_NUM = re.compile(rf"^\(\s*({_D})\s*\)")
RE_PAREN_LOWER = re.compile(r"^\(([a-z]{1,5})\)")
RE_PAREN_UPPER = re.compile(r"^\(([A-Z]{1,4})\)")
RE_LOWER_CLOSE = re.compile(r"^([a-z]{1,4})\)(?=\s)")
RE_UPPER_DOT = re.compile(r"^([A-Z])\.(?=\s)")
RE_KANJI_ITEM = re.compile(r"^([一二三四五六七八九十]{1,12})(?=[\s、.])")
RE_PAREN_KANJI = re.compile(r"^\(([一二三四五六七八九十]{1,12})\)")
RE_KATA_ITEM = re.compile(rf"^([{KATAKANA_ORDER}])(?=[\s、.)])")
RE_PAREN_KATA = re.compile(rf"^\(([{KATAKANA_ORDER}])\)")

# Particles that show "第3条..." starts a sentence *about* an article, not the article itself.
_REFERENCE_FOLLOWERS = set("のにでをはがとも、。,.及並又或")


def _skip_sep(s: str, pos: int) -> int:
    """Skip the separator after a label (spaces, a tab, a colon or a dash)."""
    n = len(s)
    while pos < n and s[pos] in " \t:：-–—．.、":
        if s[pos] in ".．、" and pos + 1 < n and s[pos + 1] not in " \t":
            break
        pos += 1
    return pos


def article_marker(s: str, *, heading: bool = False) -> Marker | None:
    """An article label (第N条, N条（…） as a heading, Article N, Section N) or None."""
    m = RE_JA_ART.match(s)
    if m:
        after = s[m.end():m.end() + 1]
        if after and after in _REFERENCE_FOLLOWERS:
            return None
        if after in ("(", "（") and not _heading_bracket_ok(s, m.end()):
            return None
        value = number_value(m.group(1)) or 0
        sub = number_value(m.group(2)) if m.group(2) else 0
        return Marker("ja_art", value, s[:m.end()].replace(" ", ""), _skip_sep(s, m.end()),
                      sub=sub or 0)
    m = RE_JA_ART_HEAD.match(s)
    if m and _heading_bracket_ok(s, m.end()):
        close = _bracket_close(s, m.end())
        if heading or close == len(s.rstrip()):
            value = int(m.group(1))
            return Marker("ja_art", value, f"第{value}条", m.end())
    m = RE_JA_NUM_BRACKET.match(s)
    if m:
        return Marker("ja_num", int(m.group(1)), m.group(1), m.end())
    m = RE_EN_ART.match(s)
    if m and not _lowercase_follows(s, m.end()):
        value = number_value(m.group(1))
        if value:
            return Marker("en_art", value, s[:m.end()].rstrip("."), _skip_sep(s, m.end()),
                          branch=_branch_index(m.group(2)))
    m = RE_SECTION.match(s)
    if m and not _lowercase_follows(s, m.end()):
        parts = (int(m.group(1)),) + tuple(int(p) for p in m.group(3).split(".")[1:])
        return Marker("section", parts[0], s[:m.end()].rstrip("."), _skip_sep(s, m.end()),
                      sub=len(parts), parts=parts, branch=_branch_index(m.group(2)))
    return None


def _branch_index(letter: str | None) -> int:
    """"A" -> 2, "B" -> 3 (the first branch after the base article is its second part)."""
    return ord(letter) - ord("A") + 2 if letter else 0


def _branch_marker(s: str) -> Marker | None:
    """"5.A" (an article of the "N." scheme) or "5.A.1" (a paragraph of article 5.A)."""
    m = RE_BRANCH.match(s)
    if not m:
        return None
    branch = _branch_index(m.group(2))
    tail = tuple(int(p) for p in m.group(3).split(".")[1:])
    label = m.group(0).rstrip(".")
    if not tail:
        return Marker("numdot", int(m.group(1)), label, _skip_sep(s, m.end()), branch=branch)
    parts = (int(m.group(1)),) + tail
    return Marker("dotted", parts[-1], label, _skip_sep(s, m.end()), sub=len(parts),
                  parts=parts, branch=branch)


def _lowercase_follows(s: str, end: int) -> bool:
    """"Article 2 above shall..." / "Section 3 of this Agreement": a reference, not a heading."""
    rest = s[end:].lstrip()
    return bool(rest) and rest[0].islower()


def _bracket_close(s: str, start: int) -> int:
    """Offset just after the bracket closing the one opening at ``start`` (or -1)."""
    depth = 0
    for i in range(start, len(s)):
        ch = s[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _heading_bracket_ok(s: str, start: int) -> bool:
    """第3条（目的） is a heading; 第3条（目的）に定める... is a reference."""
    close = _bracket_close(s, start)
    if close < 0 or close - start > 42:
        return False
    after = s[close:close + 1]
    return not after or after not in _REFERENCE_FOLLOWERS


def sub_marker(s: str, lang: str) -> Marker | None:
    """A paragraph or item label (2, (1), ①, (a), (i), 1.1, a), 一, ア) or None."""
    ch = s[:1]
    if not ch:
        return None
    if ch in CIRCLED:
        return Marker("circled", CIRCLED[ch], ch, _skip_sep(s, 1))
    if ch in PAREN_DIGIT:
        return Marker("paren_num", PAREN_DIGIT[ch], f"({PAREN_DIGIT[ch]})", _skip_sep(s, 1))
    if ch == "(":
        for rx, kind in ((RE_PAREN_NUM, "paren_num"), (RE_PAREN_KANJI, "paren_kanji"),
                         (RE_PAREN_KATA, "paren_kata"), (RE_PAREN_LOWER, "paren_lower"),
                         (RE_PAREN_UPPER, "paren_upper")):
            m = rx.match(s)
            if m:
                return _make(kind, m.group(1), f"({m.group(1)})", _skip_sep(s, m.end()))
        return None
    if ch.isdigit():
        branch = _branch_marker(s)
        if branch is not None:
            return branch
        m = RE_DOTTED.match(s)
        if m:
            parts = tuple(int(p) for p in m.group(1).split("."))
            return Marker("dotted", parts[-1], m.group(1), _skip_sep(s, m.end()),
                          sub=len(parts), parts=parts)
        m = RE_NUMDOT.match(s) or (RE_NUMDOT_JA.match(s) if lang == "ja" else None)
        if m:
            return Marker("numdot", int(m.group(1)), m.group(1) + ".", _skip_sep(s, m.end()))
        m = RE_NUMDOT_GLUED.match(s)
        if m:
            return Marker("numdot", int(m.group(1)), m.group(1) + ".", m.start(2))
        if lang == "en":
            m = RE_NUM_HEAD.match(s)
            if m and _caps_heading(s[m.end():]):
                # "1 INTERPRETATION": a numbered heading without the dot.
                return Marker("numdot", int(m.group(1)), m.group(1) + ".", m.end())
        m = RE_NUM_CLOSE.match(s)
        if m:
            return Marker("num_close", int(m.group(1)), m.group(1) + ")", _skip_sep(s, m.end()))
        if lang == "ja":
            m = RE_JA_PARA.match(s)
            if m and len(m.group(1)) <= 3:
                return Marker("ja_para", int(m.group(1)), m.group(1), _skip_sep(s, m.end()))
        return None
    if "a" <= ch <= "z":
        m = RE_LOWER_CLOSE.match(s)
        if m:
            return _make("lower_close", m.group(1), m.group(1) + ")", _skip_sep(s, m.end()))
        return None
    if "A" <= ch <= "Z":
        m = RE_UPPER_DOT.match(s)
        if m:
            return Marker("upper_dot", ord(m.group(1)) - 64, m.group(1) + ".", _skip_sep(s, m.end()))
        return None
    if lang == "ja":
        m = RE_KANJI_ITEM.match(s)
        if m:
            value = kanji_to_int(m.group(1)) or 0
            return Marker("kanji", value, m.group(1), _skip_sep(s, _after_comma(s, m.end())))
        m = RE_KATA_ITEM.match(s)
        if m:
            return Marker("kata", KATAKANA_ORDER.index(m.group(1)) + 1, m.group(1),
                          _skip_sep(s, _after_comma(s, m.end())))
    return None


def _after_comma(s: str, end: int) -> int:
    """「一、」「ア、」: the comma after a kanji or kana label is its separator, text or not
    after it (after "1." a stop glued to the text would be part of a number)."""
    return end + 1 if s[end:end + 1] in ("、", ",") else end


def _caps_heading(rest: str) -> bool:
    """"INTERPRETATION" or "Governing Law": a short heading after a bare number."""
    rest = rest.strip()
    if not (2 <= len(rest) <= 80) or rest.endswith((".", ",", ";", ":")) \
            or not rest[:1].isupper():
        return False
    # A heading, not the start of a wrapped sentence: short, no sentence punctuation inside.
    return len(rest.split()) <= 12 and not any(p in rest for p in (". ", "; ", ", "))


def _make(kind: str, raw: str, label: str, end: int) -> Marker | None:
    """Markers whose ordinal depends on the alphabet (letters, roman numerals, kana)."""
    if kind == "paren_num":
        return Marker(kind, int(raw), label, end)
    if kind == "paren_kanji":
        return Marker(kind, kanji_to_int(raw) or 0, label, end)
    if kind == "paren_kata":
        return Marker(kind, KATAKANA_ORDER.index(raw) + 1, label, end)
    if kind in ("paren_lower", "lower_close", "paren_upper"):
        # Letters or roman numerals; the caller settles (i) after (h). Keep both readings.
        if len(raw) == 1:
            return Marker(kind, ord(raw.lower()) - 96, label, end, sub=roman_to_int(raw) or 0)
        roman = roman_to_int(raw) if all(c in "ivxlIVXL" for c in raw) else None
        if roman:
            return Marker(kind, 0, label, end, sub=roman)
        if len(set(raw)) == 1:  # (aa), (bb): letters past z
            return Marker(kind, 26 * (len(raw) - 1) + ord(raw[0].lower()) - 96, label, end)
        return None
    return None
