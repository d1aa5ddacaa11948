"""The contract's own vocabulary, read from the contract, for drafting in its terms.

- the parties as the contract names them (甲/乙, ユーザ/ベンダ, "Company"/"Recipient",
  "Kestrel"/"Brightwater") and which of them discloses;
- whether information flows one way or both ways (相互に, 相手方に開示, "each party",
  "mutual"), and the role terms a mutual contract defines (開示者/受領者, "Disclosing Party");
- its defined terms for the purpose (本目的, 本件業務, 本研究, "the Purpose", "the
  Transaction") and for the information ("Confidential Information", "Proprietary
  Information", 秘密情報);
- the article that provides each provision (from the report) and how it writes an article
  reference (第5条, "Section 5", "Clause 5");
- its name for itself when not 本契約 / "this Agreement" (本覚書, 本誓約書, "this NDA");
- whether the receiving party is a natural person (a pledge by 私 to 貴社, "I will …").

The parties, their roles and the direction come first from the engine's key facts
(``report.facts``, ``clausecheck.facts``) where they say something; this module reads the
rest from the clause texts (role terms, the purpose and information terms, article numbers),
and everything neither can tell falls back to the library's own convention (甲 discloses to
乙).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

from clausecheck.model import Document, Report

# --- defined terms ----------------------------------------------------------------------

_JA_DEFINED = re.compile(r"(?:以下(?:、|，)?\s*(?:単に)?|（以下)?[「『]([^「」『』]{1,15})[」』](?:と(?:いう|総称する|称する)|とは)")
_EN_DEFINED = re.compile(
    r"(?:\(\s*(?:the\s+|each\s+a\s+|individually\s+|hereinafter(?:\s+(?:referred\s+to\s+as|called))?\s+)?"
    r"(?:the\s+|a\s+)?[\"“”']([A-Z][A-Za-z .&-]{0,40}?)[\"“”']"
    r"|[\"“]([A-Z][A-Za-z .&-]{0,40}?)[\"”]\s+(?:means|shall\s+mean|has\s+the\s+meaning|includes|refers))",
)
_EN_BOLD_PARTY = re.compile(r"\b(Party [A-Z])\b")

_JA_PURPOSE_TERMS = ("本目的", "本研究", "本共同研究", "本件取引", "本取引", "本件業務", "本業務",
                     "本プロジェクト", "本件検討", "本検討", "本件")
_EN_PURPOSE_WORDS = ("Purpose", "Business Purpose", "Permitted Purpose", "Transaction",
                     "Proposed Transaction", "Project", "Research", "Research Programme",
                     "Research Program", "Opportunity", "Evaluation", "Relationship")
_JA_INFO_TERMS = ("秘密情報", "機密情報", "本秘密情報", "開示情報")
_EN_INFO_TERMS = ("Confidential Information", "Proprietary Information", "Information",
                  "Evaluation Material", "Confidential Material")

_JA_ROLE_PAIRS = (("開示者", "受領者"), ("開示当事者", "受領当事者"), ("情報開示者", "情報受領者"))
_EN_ROLE_PAIRS = (("Disclosing Party", "Receiving Party"), ("Discloser", "Recipient"))
# names of parties that say which side they are on
_JA_RECIPIENT_NAMES = ("受領者", "受託者", "ベンダ", "ベンダー", "乙")
_EN_RECIPIENT_NAMES = ("Recipient", "Receiving Party", "Contractor", "Consultant", "Developer",
                       "Employee", "Vendor")
_EN_NOT_PARTIES = {"Agreement", "NDA", "Effective Date", "Party", "Parties", "Contract",
                   "Confidential Information", "Purpose", "Term", "Disclosure Period",
                   "Affiliate", "Affiliates", "Representatives", "Services", "Work", "Software",
                   "License", "This License", "Business Day", "Deliverables"}
_JA_NOT_PARTIES = {"本契約", "本覚書", "原契約", "原覚書"}

# How a contract calls itself: the words of the library's @this_contract / @this_agreement
# fragments (clause_library/patterns/common.yaml), which the detector reads them with.
_JA_SELF = re.compile(r"本件?(?:基本|個別)?契約(?:書)?|本(?:誓約書?|念書|覚書|合意書?|確認書|同意書|"
                      r"協定書?|規約|約款|特約)")
_EN_SELF = re.compile(r"\b[Tt]his((?: (?:[Mm]utual|[Oo]ne-[Ww]ay|[Uu]nilateral|[Bb]ilateral|"
                      r"[Rr]eciprocal|[Mm]aster|[Ll]etter|[Nn]on-?[Dd]isclosure|[Nn]ondisclosure|"
                      r"[Cc]onfidentiality|[Cc]onfidential [Dd]isclosure|[Ss]ecrecy|[Nn]on-?[Uu]se|"
                      r"and)){0,4} (?:[Aa]greement|AGREEMENT|[Cc]ontract|NDA|CDA|MNDA|[Dd]eed|"
                      r"[Uu]ndertaking|[Mm]emorandum(?: of [Uu]nderstanding)?|MOU|[Ll]etter))\b")

_JA_MUTUAL = re.compile(r"相互に|相手方に(?:対し(?:て)?)?(?:開示|提供)|(?:甲|乙)又は(?:甲|乙)が[^。]{0,10}開示|"
                        r"いずれか一方|双方が[^。]{0,10}開示|一方当事者|開示した当事者")
_EN_MUTUAL = re.compile(r"\bmutual\b|\beach party\b[^.]{0,60}\bdisclos|\beither party\b[^.]{0,40}"
                        r"\bdisclos|\bone party to the other\b|\bby (?:either|one) party\b|"
                        r"\bthe disclosing party\b[^.]{0,80}\bthe receiving party\b", re.I)


# A person undertaking in the first person: "I agree", "I understand", "I will" (twice at least:
# a contract between companies may still carry one "I agree to be bound" signing line).
_EN_FIRST_PERSON = re.compile(r"\bI (?:agree|undertake|understand|acknowledge|certify|confirm|"
                              r"promise|hereby|will|shall|am)\b")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@dataclass
class Vocabulary:
    """How this contract names what the recommended texts talk about."""

    lang: str
    parties: tuple[str, ...] = ()  # as the contract names them, in the order it introduces them
    discloser: str = ""  # the disclosing party's name (one-way contracts)
    recipient: str = ""
    mutual: bool = False
    roles: tuple[str, str] | None = None  # defined role terms (discloser, recipient)
    purpose: str = ""  # the defined term for the purpose, "" when none
    info: str = ""  # the defined term for the information, "" when none
    agreement: str = ""  # its name for itself when not 本契約 / "Agreement": 本覚書, "NDA"
    reference: str = ""  # how an English article reference starts ("Section", "Clause")
    defined: tuple[str, ...] = ()  # every term the contract defines
    number_words: bool = False  # English numbers written "three (3)"
    # the receiving party is a natural person: a pledge by 私 to 貴社, "I … agree"
    individual: bool = False
    articles: dict[str, str] = field(default_factory=dict)  # provision -> article reference
    titles: dict[str, str] = field(default_factory=dict)  # provision -> article title

    def to_dict(self) -> dict[str, object]:
        return {"parties": list(self.parties), "discloser": self.discloser,
                "recipient": self.recipient, "mutual": self.mutual,
                "roles": list(self.roles) if self.roles else None, "purpose": self.purpose,
                "info": self.info, "agreement": self.agreement,
                "individual": self.individual, "articles": dict(self.articles)}


def defined_terms(text: str, lang: str) -> list[str]:
    """The terms the text defines, in order of first definition."""
    out: list[str] = []
    if lang == "ja":
        for m in _JA_DEFINED.finditer(text):
            term = m.group(1).strip()
            if term and term not in out:
                out.append(term)
        return out
    for m in _EN_DEFINED.finditer(text):
        term = (m.group(1) or m.group(2) or "").strip(" .")
        if term and term not in out:
            out.append(term)
    return out


def _most_used_pair(pairs: tuple[tuple[str, str], ...], count
                    ) -> tuple[str, str] | None:
    """The role pair (開示者/受領者, Discloser/Recipient) the contract uses most, both terms
    present; the first listed on a tie."""
    scored = [(count(d) + count(r), -i, (d, r)) for i, (d, r) in enumerate(pairs)
              if count(d) and count(r)]
    return max(scored)[2] if scored else None


def _count_ja(term: str, text: str) -> int:
    """Occurrences of a Japanese role term that are not part of a longer one (開示者 inside
    情報開示者 counts for the longer term only)."""
    longer = {t for pair in _JA_ROLE_PAIRS for t in pair if term in t and t != term}
    return text.count(term) - sum(text.count(t) for t in longer)


def _self_name(uses: list[str], default: tuple[str, ...]) -> str:
    """The name a contract uses most for itself ("NDA" from "this NDA", 本覚書), or "" when
    that is the library's own 本契約 / "Agreement" (or it never names itself). Spellings that
    differ only in case count as one name, written as the contract writes it most."""
    if not uses:
        return ""
    by_key: dict[str, list[str]] = {}
    for use in uses:
        by_key.setdefault(use.lower(), []).append(use)
    best = max(by_key.values(), key=len)  # ties: the name used first
    name = max(dict.fromkeys(best), key=best.count)
    return "" if name in default else name


def own_name(text: str, vocab: "Vocabulary") -> str:
    """``text`` with 本契約 / "this Agreement" in the contract's own name for itself (本覚書,
    "this NDA"); unchanged when the contract calls itself what the library does."""
    if not vocab.agreement:
        return text
    if vocab.lang == "ja":
        return re.sub(r"本契約(?:書)?", vocab.agreement, text)
    return re.sub(r"\b([Tt])his Agreement\b", lambda m: f"{m.group(1)}his {vocab.agreement}",
                  text)


def _first_present(candidates: tuple[str, ...], defined: list[str], text: str) -> str:
    for term in candidates:
        if term in defined:
            return term
    return ""


def _preamble_text(document: Document) -> str:
    head = [document.title, document.preamble]
    if document.clauses:
        head.append(document.clauses[0].full_text)
    return "\n".join(head)


def _opening(document: Document) -> str:
    """Where a contract introduces its parties: its preamble, or the first paragraph of a
    contract read as plain paragraphs (there every paragraph is a clause)."""
    if document.preamble.strip() or document.structure != "paragraphs" or not document.clauses:
        return document.preamble
    return document.clauses[0].text


def _parties(document: Document, defined: list[str]) -> list[str]:
    lang = document.language
    opening = _opening(document)
    pre = _nfkc(opening) if opening else ""
    if lang == "ja":
        found = [t for t in defined_terms(pre, "ja") if t not in _JA_NOT_PARTIES and
                 not t.startswith("本")]
        if not found:
            text = _nfkc(document.text)
            found = [t for t in ("甲", "乙", "丙") if re.search(rf"{t}(?:は|及び|が|と|の)", text)]
        if not found and "貴社" in _nfkc(document.text):
            found = ["貴社", "私"]  # a pledge (誓約書) to the company
        return found[:2]
    def party_like(term: str, text: str) -> bool:
        return term not in _EN_NOT_PARTIES and not any(w in term for w in _EN_INFO_TERMS) and \
            term not in _EN_PURPOSE_WORDS and "Notice" not in term and "Date" not in term

    names = [t for t in defined_terms(opening, "en") if party_like(t, "")]
    bold = _EN_BOLD_PARTY.findall(opening)
    if len(set(bold)) >= 2:
        names = list(dict.fromkeys(bold))
    if len(names) < 2:
        # no preamble naming them: terms the clauses define that act as parties
        # ("Developer shall", "the Client may")
        text = document.text
        acting = [t for t in defined_terms(text, "en") if party_like(t, text) and
                  len(re.findall(rf"\b{re.escape(t)}(?:'s)? (?:shall|will|may|agrees|must)\b",
                                 text)) >= 1]
        names = acting
    return names[:2]


def _en_name(name: str, text: str) -> str:
    """The party name as the text uses it mid-sentence: "the Recipient" or "Kestrel"."""
    if re.search(rf"\bthe [\"“]?{re.escape(name)}\b", text):
        return f"the {name}"
    return name


def read_vocabulary(document: Document, report: Report | None = None) -> Vocabulary:
    """The contract's vocabulary (see the module docstring)."""
    lang = document.language
    text = document.text
    norm = _nfkc(text)
    facts = getattr(report, "facts", None) if report is not None else None
    defined = defined_terms(norm if lang == "ja" else text, lang)
    if facts is not None:
        defined += [t for t in facts.defined_terms if t not in defined]
    vocab = Vocabulary(lang=lang, defined=tuple(defined))
    if lang == "ja":
        vocab.purpose = _first_present(_JA_PURPOSE_TERMS, defined, norm)
        vocab.info = _first_present(_JA_INFO_TERMS, defined, norm) or \
            ("秘密情報" if "秘密情報" in norm else "")
        roles = _most_used_pair(_JA_ROLE_PAIRS, lambda term: _count_ja(term, norm))
        uses = _JA_SELF.findall(norm)
        if not uses:
            # a pledge that never names itself in its text: its title does (誓約書 → 本誓約書)
            m = re.search(r"(誓約書|念書|覚書|合意書|確認書|同意書|協定書)$",
                          _nfkc(document.title or "").strip())
            uses = [f"本{m.group(1)}"] if m else []
        vocab.agreement = _self_name(uses, ("本契約", "本契約書"))
    else:
        vocab.purpose = _first_present(_EN_PURPOSE_WORDS, defined, text)
        if vocab.purpose:
            vocab.purpose = _en_name(vocab.purpose, text)
        vocab.info = _first_present(_EN_INFO_TERMS, defined, text) or \
            ("Confidential Information" if "Confidential Information" in text else "")
        roles = _most_used_pair(_EN_ROLE_PAIRS,
                                lambda term: len(re.findall(rf"\b{term}\b", text)))
        vocab.agreement = _self_name([m.strip() for m in _EN_SELF.findall(text)],
                                     ("Agreement", "agreement", "AGREEMENT"))
    parties = _parties(document, defined)
    vocab.parties = tuple(parties)
    pattern = _JA_MUTUAL if lang == "ja" else _EN_MUTUAL
    vocab.mutual = bool(pattern.search(norm if lang == "ja" else _preamble_text(document))) or \
        bool(pattern.search(norm if lang == "ja" else text) and roles is not None)
    if roles is not None and lang == "en":
        roles = (_en_name(roles[0], text), _en_name(roles[1], text))
    vocab.roles = roles
    if len(parties) == 2:
        first, second = parties
        recipient_names = _JA_RECIPIENT_NAMES if lang == "ja" else _EN_RECIPIENT_NAMES
        discloser, recipient = first, second
        if first in recipient_names and second not in recipient_names:
            discloser, recipient = second, first
        elif lang == "ja" and re.search(rf"{re.escape(second)}(?:が|は)、?{re.escape(first)}に"
                                        rf"(?:対し(?:て)?)?[^。]{{0,15}}開示", norm):
            discloser, recipient = second, first
        elif lang == "en" and re.search(rf"disclosed by {re.escape(second)} to {re.escape(first)}",
                                        text):
            discloser, recipient = second, first
        if lang == "en":
            discloser, recipient = _en_name(discloser, text), _en_name(recipient, text)
        vocab.discloser, vocab.recipient = discloser, recipient
    if lang == "ja":
        vocab.individual = vocab.recipient == "私" or (not vocab.mutual and "私" in parties)
    else:
        vocab.individual = len(parties) < 2 and len(_EN_FIRST_PERSON.findall(text)) >= 2
    if lang == "en":
        vocab.number_words = bool(re.search(r"\b(?:one|two|three|four|five|six|seven|eight|"
                                            r"nine|ten|twelve|thirty|sixty|ninety)\s+\(\d+\)",
                                            text, re.I))
        counts = {w: len(re.findall(rf"\b{w}s? \d", text)) for w in ("Section", "Clause",
                                                                     "Article", "Paragraph")}
        best = max(counts, key=lambda w: counts[w])
        vocab.reference = best if counts[best] else ""
    if facts is not None:
        _take_facts(vocab, facts, text)
    if report is not None:
        _read_articles(vocab, document, report)
    return vocab


def _take_facts(vocab: Vocabulary, facts: object, text: str) -> None:
    """What the engine's key facts (``report.facts``) say about the parties and the direction
    wins over this module's own reading; what they leave open (None) does not."""
    parties = [p for p in getattr(facts, "parties", ()) if p.alias]
    if len(parties) >= 2:
        vocab.parties = tuple(p.alias for p in parties[:2])
        roles = {p.role: p.alias for p in parties if p.role}
        if "discloser" in roles and "recipient" in roles:
            vocab.discloser, vocab.recipient = roles["discloser"], roles["recipient"]
        elif vocab.discloser not in vocab.parties:
            vocab.discloser, vocab.recipient = vocab.parties
        if vocab.lang == "en":
            vocab.discloser = _en_name(vocab.discloser, text)
            vocab.recipient = _en_name(vocab.recipient, text)
    direction = getattr(facts, "direction", None)
    if direction is not None:
        vocab.mutual = direction == "mutual"


def article_reference(document: Document, index: int, reference: str = "") -> str:
    """How the contract refers to article ``index``: 第5条, "Section 5", "Article 5"; an
    article without a number by its heading (「「返還」の条項」, "the clause headed “Return”"),
    or "" (the template's fallback) when it has neither."""
    article = document.clauses[index]
    number = article.number.strip()
    if not number:
        title = " ".join(article.title.split())
        if not title:
            return ""
        return f"「{title}」の条項" if document.language == "ja" else f"the clause headed “{title}”"
    if document.language == "ja":
        m = re.match(r"第\s*[0-9０-９〇一二三四五六七八九十百]+\s*条(?:\s*の\s*[0-9０-９一二三四五六七八九十]+)?",
                     number)
        if m is None and re.fullmatch(r"[0-9０-９]+[.．]?", number):
            return f"第{number.rstrip('.．')}条"  # articles typed "5." are cited 第5条
        return m.group(0).replace(" ", "") if m else (number or f"第{index + 1}条")
    m = re.match(r"(?:(article|section|clause)\s+)?(\d+(?:\.[0-9A-Z]+)*)", number, re.I)
    if not m:
        return ""
    word = (m.group(1) or reference or "Section").capitalize()
    return f"{word} {m.group(2)}"


def _read_articles(vocab: Vocabulary, document: Document, report: Report) -> None:
    from clausecheck.redline.placement import article_of

    for finding in report.findings:
        if finding.status == "missing":
            continue
        for evidence in finding.evidence:
            index = article_of(document, evidence.source, evidence.ref)
            if index is None:
                continue
            ref = article_reference(document, index, vocab.reference)
            if ref:
                vocab.articles[finding.provision] = ref
                vocab.titles[finding.provision] = document.clauses[index].title
            break


# --- words for the templates ------------------------------------------------------------

_JA_FALLBACK_PURPOSE = "本契約の目的"
_EN_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten", "eleven", "twelve")
_EN_FALLBACK_PURPOSE = "the purposes of this Agreement"


@dataclass
class ContractWords:
    """``clausecheck.library.templates.Words`` for one contract and one provision."""

    vocab: Vocabulary
    values: Mapping[str, object]
    defines_purpose: bool = False  # the inserted texts define 「本目的」 / "Purpose" themselves
    blanks: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.vocab.lang

    def role(self, name: str) -> str:
        v, ja = self.vocab, self.vocab.lang == "ja"
        if v.roles is not None:
            discloser, recipient = v.roles
        elif v.mutual:
            discloser, recipient = ("相手方", "{parties}") if ja else ("the other party",
                                                                     "each party")
        else:
            # parties the contract does not name: in English plain words, not the capitalised
            # terms "the Disclosing Party" / "the Receiving Party" it never defines
            discloser = v.discloser or ("甲" if ja else "the disclosing party")
            recipient = v.recipient or ("乙" if ja else "the receiving party")
        parties = self._parties()
        if name == "discloser":
            return discloser
        if name == "parties":
            return parties
        if name == "either":
            if v.lang == "ja":
                return parties.replace("及び", "又は")
            return "either party"
        if name == "recipient":
            return parties if recipient == "{parties}" else recipient
        if name == "recipient_self":
            if v.roles is None and v.mutual:
                return "自己" if ja else "it"
            return recipient
        # recipient_any: the recipient outside its own sentence
        if v.roles is None and v.mutual:
            return "開示を受けた当事者" if ja else "the receiving party"
        return recipient

    def _parties(self) -> str:
        v = self.vocab
        if v.lang == "ja":
            if len(v.parties) == 2:
                return f"{v.parties[0]}及び{v.parties[1]}"
            return "甲及び乙"
        return "the parties"

    def term(self, name: str) -> str:
        v = self.vocab
        if name == "info":
            if v.info:
                return v.info
            return "秘密情報" if v.lang == "ja" else "Confidential Information"
        if v.purpose:
            return v.purpose
        if self.defines_purpose:
            return "本目的" if v.lang == "ja" else "the Purpose"
        return _JA_FALLBACK_PURPOSE if v.lang == "ja" else _EN_FALLBACK_PURPOSE

    def article(self, provision: str) -> str | None:
        return self.vocab.articles.get(provision)

    def article_title(self, provision: str) -> str:
        return self.vocab.titles.get(provision, "")

    def value(self, key: str) -> str | None:
        from clausecheck.library.templates import format_value

        if key not in self.values:
            return None
        value = self.values[key]
        if self.lang == "en" and self.vocab.number_words and isinstance(value, int) and \
                0 < value < len(_EN_NUMBERS):
            return f"{_EN_NUMBERS[value]} ({value})"  # the contract's own "three (3)"
        return format_value(value, self.lang)

    def blank(self, key: str) -> str:
        from clausecheck.library.templates import BLANK

        return BLANK[self.lang]
