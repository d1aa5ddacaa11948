"""The text of the comments the redliner adds, in the contract's language."""

from __future__ import annotations

from clausecheck.model import Finding, Risk

_L = {
    "ja": {
        "tag": "【clausecheck】",
        "weak": "{title}：不十分（{req}）",
        "missing_elements": "不足している要素：{items}",
        "weakening": "不十分な点：{items}",
        "why": "理由：{why}",
        "guidance": "技術流出対策ガイダンス {items}",
        "wording": "追加する文言の例：",
        "risk": "リスク：{title}",
        "safer": "より安全な文言の例：",
        "inserted": "{title}の定めが見当たらないため、推奨文言を変更履歴として挿入しました（{req}）。",
        "inserted_partial": "{clauses}は{title}を一部扱っていますが、{missing}がないため、"
                            "推奨文言を変更履歴として挿入しました（{req}）。",
        "found": "現行条項の問題点：{items}",
        "fill": "空欄（＿＿＿＿＿＿）に記入してください：{items}",
        "amended": "{title}：不十分（{req}）。不足している要素を補う修正を変更履歴で加えました。",
        "amended_struck": "{title}：不十分（{req}）。これを弱める文言の削除を変更履歴で提案しました。",
        "struck": "削除の提案：{title}。",
        "struck_number": "後の号・項の番号とそれを引用する箇所がずれないよう、番号は残して「削除」としました。",
        "merge": "{title}：不十分（{req}）。{clause}は既にその一部を定めているため、同じ趣旨の条項を重ねて"
                 "挿入していません。{clause}を修正して不足している要素を加えてください。",
        "merge_wording": "{clause}に取り込む文言の例：",
        "conflict": "{title}の推奨文言は{clauses}と矛盾するため挿入していません。{clauses}の内容を確認し、"
                    "必要に応じて次の文言で置き換えてください：",
        "required": "必須",
        "recommended": "推奨",
        "sep": "、",
    },
    "en": {
        "tag": "[clausecheck] ",
        "weak": "{title}: weak ({req})",
        "missing_elements": "Missing elements: {items}",
        "weakening": "Weakening terms: {items}",
        "why": "Why it matters: {why}",
        "guidance": "METI technology-leakage guidance {items}",
        "wording": "Wording to add:",
        "risk": "Risk: {title}",
        "safer": "Safer wording:",
        "inserted": "No clause provides {title}; the recommended wording was inserted as a "
                    "tracked change ({req}).",
        "inserted_partial": "{clauses} touches on {title} but lacks {missing}; the recommended "
                            "wording was inserted as a tracked change ({req}).",
        "found": "Issues in the current wording: {items}",
        "fill": "Fill in the blanks (__________): {items}",
        "amended": "{title}: weak ({req}); the missing elements were added as tracked changes.",
        "amended_struck": "{title}: weak ({req}); the words that weaken it are struck as "
                          "tracked deletions.",
        "struck": "Deletion proposed: {title}.",
        "struck_number": "The number is kept (\u201cIntentionally omitted.\u201d) so that the "
                         "numbers after it, and references to them, do not change.",
        "merge": "{title}: weak ({req}). {clause} already provides part of it, so no second "
                 "clause on the same subject was inserted; amend {clause} to add what it lacks.",
        "merge_wording": "Wording to merge into {clause}:",
        "conflict": "The recommended {title} wording was not inserted because it would "
                    "contradict {clauses}. Review {clauses}; if it should go, this is the "
                    "wording to use instead:",
        "required": "required",
        "recommended": "recommended",
        "sep": ", ",
    },
}


def _labels(lang: str) -> dict[str, str]:
    return _L.get(lang, _L["en"])


def _why_line(finding: Finding, lang: str) -> list[str]:
    L = _labels(lang)
    out: list[str] = []
    guidance = L["guidance"].format(items=L["sep"].join(finding.guidance)) \
        if finding.guidance else ""
    if finding.why:
        out.append(L["why"].format(why=finding.why.strip())
                   + (f"（{guidance}）" if lang == "ja" and guidance else
                      f" ({guidance})" if guidance else ""))
    elif guidance:
        out.append(guidance)
    return out


def weak_comment(finding: Finding, lang: str) -> str:
    """Which elements are missing, why they matter (guidance item), and the wording to add."""
    L = _labels(lang)
    lines = [L["tag"] + L["weak"].format(title=finding.title, req=L[finding.requirement])]
    if finding.missing_elements:
        lines.append(L["missing_elements"].format(
            items=L["sep"].join(m.name or m.id for m in finding.missing_elements)))
    if finding.weakening:
        lines.append(L["weakening"].format(items=L["sep"].join(finding.weakening)))
    lines.extend(_why_line(finding, lang))
    if finding.suggestion.strip():
        lines.append(L["wording"])
        lines.extend(line for line in finding.suggestion.strip().splitlines() if line.strip())
    return "\n".join(lines)


def risk_comment(risk: Risk, lang: str) -> str:
    """What the clause risks, and a safer wording."""
    L = _labels(lang)
    lines = [L["tag"] + L["risk"].format(title=risk.title)]
    if risk.note.strip():
        lines.append(risk.note.strip())
    if risk.suggestion.strip():
        lines.append(L["safer"])
        lines.extend(line for line in risk.suggestion.strip().splitlines() if line.strip())
    return "\n".join(lines)


def insertion_comment(finding: Finding, lang: str, blanks: list[str] | None = None) -> str:
    """Why a provision was inserted (guidance item), and what the user must fill in."""
    L = _labels(lang)
    if finding.evidence:
        # A related clause exists without the provision's core (e.g. return only on request):
        # say which clause and what it lacks, so the reviewer can merge or replace it.
        lines = [L["tag"] + L["inserted_partial"].format(
            clauses=L["sep"].join(finding.clauses), title=finding.title,
            missing=L["sep"].join(m.name or m.id for m in finding.missing_elements[:1]),
            req=L[finding.requirement])]
        if finding.weakening:
            lines.append(L["found"].format(items=L["sep"].join(finding.weakening)))
    else:
        lines = [L["tag"] + L["inserted"].format(title=finding.title, req=L[finding.requirement])]
    if blanks:
        lines.append(L["fill"].format(items=L["sep"].join(blanks)))
    lines.extend(_why_line(finding, lang))
    return "\n".join(lines)


def amendment_comment(finding: Finding, lang: str, blanks: list[str] | None = None, *,
                      merge: str = "", changed: bool = True, clause: str = "",
                      struck: bool = False) -> str:
    """A weak clause amended in place: what was missing and why it matters; ``merge`` the
    wording to work into the clause by hand (a paragraph that would restate what it already
    says), ``changed`` False when nothing was edited or added, ``struck`` when the only
    changes are deletions of the words that weaken it."""
    L = _labels(lang)
    key = ("amended_struck" if struck else "amended") if changed else "merge"
    lines = [L["tag"] + L[key].format(title=finding.title, req=L[finding.requirement],
                                      clause=clause)]
    if finding.missing_elements:
        lines.append(L["missing_elements"].format(
            items=L["sep"].join(m.name or m.id for m in finding.missing_elements)))
    if finding.weakening:
        lines.append(L["weakening"].format(items=L["sep"].join(finding.weakening)))
    if blanks:
        lines.append(L["fill"].format(items=L["sep"].join(blanks)))
    lines.extend(_why_line(finding, lang))
    if merge.strip():
        lines.append(L["merge_wording"].format(clause=clause))
        lines.extend(line for line in merge.strip().splitlines() if line.strip())
    return "\n".join(lines)


def conflict_comment(finding: Finding, lang: str, clauses: list[str], text: str) -> str:
    """A provision not inserted because an existing clause says the opposite."""
    L = _labels(lang)
    lines = [L["tag"] + L["conflict"].format(title=finding.title,
                                             clauses=L["sep"].join(clauses))]
    lines.extend(line for line in text.strip().splitlines() if line.strip())
    lines.extend(_why_line(finding, lang))
    return "\n".join(lines)


def strike_comment(title: str, note: str, lang: str, kept_number: bool = False) -> str:
    """Why text of the contract is struck: the weakness it carries and what it does (a
    residuals clause, a right to keep copies), and, where the paragraph keeps its number, why."""
    L = _labels(lang)
    lines = [L["tag"] + L["struck"].format(title=title.strip())]
    if note.strip():
        lines.append(note.strip())
    if kept_number:
        lines.append(L["struck_number"])
    return "\n".join(lines)
