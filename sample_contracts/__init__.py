"""Sample contracts written for clausecheck (sound and weakened versions, ja and en).

The .docx files are built from ``src/`` by ``sample_contracts/build.py``; this package ships
them so that ``clausecheck check --sample`` works on any installation.
"""

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent

# name -> what the sample is; the deliberate weaknesses are listed in sample_contracts/README.md
SAMPLES: dict[str, str] = {
    "nda_ja_sound": "秘密保持契約書（一方開示）: complete for the discloser; Word automatic numbering",
    "nda_ja_weak": "秘密保持契約書: weakened by the recipient; tracked changes and comments",
    "jr_ja_sound": "共同研究契約書: complete for the technology holder; tables, 別紙",
    "jr_ja_weak": "共同研究契約書: weakened (results to the counterparty, foreign law)",
    "nda_en_sound": "Mutual NDA (English): complete, Japanese law",
    "nda_en_weak": "Mutual NDA (English): weakened; tracked changes and a comment",
    "rca_en_sound": "Research collaboration agreement (English): complete; numbering via styles",
    "rca_en_weak": "Research collaboration agreement (English): weakened",
}
