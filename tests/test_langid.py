"""Language identification: Japanese, English, and the languages clausecheck cannot read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from clausecheck.reader import read_text
from clausecheck.reader.langid import language_of, language_shares

# Written for these tests.
JA = "受領者は、開示者の事前の書面による承諾を得ることなく、秘密情報を第三者に開示してはならない。"
EN = ("The Recipient shall not disclose any Confidential Information to a third party without "
      "the prior written consent of the Discloser.")
ZH = "双方同意对对方提供的所有技术资料严格保密，未经对方书面同意，不得向任何第三方披露。"
KO = "수령자는 공개자의 사전 서면 동의 없이 비밀정보를 제3자에게 공개하여서는 아니 된다."
DE = ("Der Empfänger verpflichtet sich, alle vertraulichen Informationen geheim zu halten und "
      "nicht ohne vorherige schriftliche Zustimmung an Dritte weiterzugeben.")


@pytest.mark.parametrize("text,lang", [(JA, "ja"), (EN, "en"), (ZH, "zh"), (KO, "ko"),
                                       (DE, "und"), ("", "und"), ("1234 5678", "und")])
def test_language_of(text, lang):
    assert language_of(text) == lang


def test_kanji_heavy_japanese_is_still_japanese():
    # Headings and defined terms are mostly kanji; the kana between them decide.
    assert language_of("第3条（秘密保持義務）本契約に基づき開示された技術情報は秘密情報とする。") == "ja"


def test_shares_weigh_by_length():
    shares = language_shares([EN, EN, ZH])
    assert list(shares) == ["en", "zh"] and shares["en"] > shares["zh"] > 0


def _bilingual(*pairs: tuple[str, str]) -> str:
    lines = ["CONFIDENTIALITY AGREEMENT 保密协议", ""]
    for n, (en, zh) in enumerate(pairs, 1):
        lines += [f"{n}. Confidentiality", en, zh, ""]
    return "\n".join(lines)


def test_a_bilingual_english_chinese_nda_is_read_in_english_and_says_so(checker):
    doc = read_text(_bilingual((EN, ZH), (EN.replace("disclose", "use"), ZH)), name="bi.txt")
    assert doc.language == "en"
    assert dict(doc.languages)["zh"] > 0.15
    report = checker.check(doc)
    assert report.language == "en"
    assert len(report.warnings) == 1 and "Chinese" in report.warnings[0]
    assert report.finding("confidentiality").status != "missing"


def test_a_chinese_contract_gets_a_warning_not_silent_verdicts(checker):
    doc = read_text("保密协议\n\n第1条 保密义务\n" + ZH + "\n\n第2条 期限\n" + ZH + "\n", name="zh.txt")
    report = checker.check(doc, ui_lang="ja")
    assert len(report.warnings) == 1 and "中国語" in report.warnings[0]
    assert "日本語と英語のみ" in report.warnings[0]
    # Forcing the language is the user's decision: no warning then.
    forced = checker.check(doc, lang="ja")
    assert forced.warnings == () and forced.language_detected is False


def test_plain_japanese_or_english_has_no_warning(checker):
    for text in ("秘密保持契約書\n\n第1条（秘密保持）\n" + JA + "\n", "NDA\n\n1. Secrecy\n" + EN + "\n"):
        assert checker.check(read_text(text, name="x.txt")).warnings == ()


def test_check_cli_warns_on_stderr_and_in_json(tmp_path):
    src = tmp_path / "bi.txt"
    src.write_text(_bilingual((EN, ZH), (EN, ZH)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "clausecheck", "check", str(src), "--format",
                          "json", "--ui-lang", "en"], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    assert "warning:" in out.stderr and "Chinese" in out.stderr
    data = json.loads(out.stdout)
    report = data["reports"][0] if "reports" in data else data
    assert any("Chinese" in w for w in report["warnings"])
    forced = subprocess.run([sys.executable, "-m", "clausecheck", "check", str(src), "--lang",
                             "en", "--format", "json"], capture_output=True, text=True)
    assert forced.returncode in (0, 1) and "warning:" not in forced.stderr


def test_a_folder_language_is_peeked_with_the_same_identifier(tmp_path):
    from clausecheck.reader.reading import majority_language, peek_language
    from test_reader_helpers import build_docx, p

    (tmp_path / "ja.txt").write_text(JA, encoding="utf-8")
    (tmp_path / "en.md").write_text(EN, encoding="utf-8")
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    build_docx(tmp_path / "en.docx", p(EN) + p(EN))
    assert peek_language(str(tmp_path / "ja.txt")) == "ja"
    assert peek_language(str(tmp_path / "en.md")) == "en"
    assert peek_language(str(tmp_path / "en.docx")) == "en"   # the XML's tags are no words
    assert peek_language(str(tmp_path / "de.txt")) == "en"    # read like English, as check does
    assert majority_language([str(tmp_path / n) for n in ("ja.txt", "en.md", "en.docx")]) == "en"
