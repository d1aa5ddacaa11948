"""A template's blank lines never stall the key facts (a long run of underscores or marks)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from clausecheck.facts import extract_facts
from clausecheck.reader import read_text
text = ("NON-DISCLOSURE AGREEMENT\\n\\nThis Agreement is made on " + "_" * 20000 + ".\\n\\n"
        "1. Secrecy\\nThe Recipient shall keep the information secret.\\n\\n"
        "秘密保持契約書\\n\\n契約日：" + "●" * 5000 + "\\n")
facts = extract_facts(read_text(text, name="blank.txt"))
print(facts.to_dict()["effective_date"])
"""


def test_long_blanks_do_not_hang_the_facts():
    # The timeout only guards against a hang (catastrophic backtracking), it measures nothing.
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "None"
