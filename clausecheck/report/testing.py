"""Hand-made Reports for reporter tests and demos, independent of the engine.

``make_report("a.docx", "ja", statuses={"purpose": "missing"})`` gives a Report with one finding
per listed provision in the profile order below; text includes characters that must be
escaped in HTML and quoted in CSV, so every reporter test exercises them.
"""

from __future__ import annotations

from clausecheck.model import Evidence, Finding, MissingElement, Report, Risk

PROVISIONS: dict[str, tuple[str, str, str]] = {
    # id: (ja title, en title, guidance)
    "purpose": ("目的・範囲の限定", "Purpose limitation", "4-2-③"),
    "ci_definition": ("秘密情報の定義", "Definition of confidential information", "4-2-①"),
    "confidentiality": ("秘密保持義務", "Confidentiality obligation", "4-2-⑥"),
    "return_deletion": ("返還・廃棄・消去", "Return and destruction of information", "4-2-⑩"),
    "survival": ("存続条項", "Survival", "4-2-⑩"),
    "governing_law": ("準拠法・紛争解決", "Governing law and disputes", "4-2-⑪"),
    "publication": ("成果の公表", "Publication of results", "4-2-⑨"),
}

TEXT = {
    "ja": "受領者は、開示者の書面による事前の承諾なく、秘密情報を第三者に開示してはならない。"
          "<script>alert(1)</script> & \"引用\"",
    "en": "The Recipient shall not disclose Confidential Information to any third party "
          "without prior written consent, <b>bold</b> & \"quoted\", commas.",
}


def make_finding(pid: str, lang: str, status: str = "present",
                 requirement: str = "required") -> Finding:
    ja, en, guidance = PROVISIONS.get(pid, (pid, pid, "0"))
    severity = "ok" if status == "present" else (
        ("error" if status == "missing" else "warning") if requirement == "required"
        else "notice")
    evidence = () if status == "missing" else (
        Evidence(ref="第3条" if lang == "ja" else "3.1", text=TEXT[lang], score=0.9,
                 source=(4,)),)
    missing = (MissingElement("on_request", "請求時の返還" if lang == "ja"
                              else "return on request"),) if status == "weak" else ()
    return Finding(
        provision=pid, title=ja if lang == "ja" else en, status=status, severity=severity,
        requirement=requirement, guidance=(guidance,), evidence=evidence,
        missing_elements=missing,
        weakening=(("請求時のみ",) if lang == "ja" else ("on request only",))
        if status == "weak" else (),
        suggestion="" if status == "present" else (
            "受領者は、本契約終了時又は開示者の請求があったときは、直ちに秘密情報を返還し、"
            "又は廃棄する。" * 6 if lang == "ja" else
            "On termination or on the Discloser's request, the Recipient shall promptly "
            "return or destroy all Confidential Information. " * 3),
        why="開示者の情報を守るため。" if lang == "ja" else "It protects the discloser.",
        explanation={"heading_score": 0.91, "threshold": 0.8, "cues": ["返還", "廃棄"]},
        **_library_hints(pid),
    )


def _library_hints(pid: str) -> dict:
    """The code and placement the engine copies from the provision's library file."""
    from clausecheck.library import load_library

    found = load_library().find(pid)
    return {"code": found.code, "placement": found.placement} if found else {}


def make_report(file: str, lang: str = "en", statuses: dict[str, str] | None = None,
                contract_type: str = "nda", risks: bool = False) -> Report:
    statuses = statuses or {"purpose": "present", "confidentiality": "weak",
                            "return_deletion": "missing", "survival": "present"}
    findings = tuple(
        make_finding(pid, lang, status,
                     "recommended" if pid == "governing_law" else "required")
        for pid, status in statuses.items())
    risk_list = (Risk(flag="residuals", title="残存記憶条項" if lang == "ja" else
                      "Residuals clause", severity="warning", provision="confidentiality",
                      evidence=(Evidence("第5条" if lang == "ja" else "5", TEXT[lang]),),
                      note="note <&>", suggestion="delete it"),) if risks else ()
    from clausecheck.library import load_library

    profile = load_library().profile(contract_type)
    return Report(file=file, language=lang, contract_type=contract_type, side="discloser",
                  findings=findings, risks=risk_list,
                  type_title={"ja": profile.title.ja, "en": profile.title.en},
                  type_short={"ja": profile.label.ja, "en": profile.label.en},
                  title="秘密保持契約書" if lang == "ja" else "Mutual NDA")
