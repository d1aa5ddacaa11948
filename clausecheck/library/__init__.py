"""Load and validate the clause library (``clause_library/`` or a company playbook).

    from clausecheck.library import load_library
    library = load_library()                 # the built-in library, cached
    provision = library.get("return_deletion")
    profile = library.profile("nda")
    profile.requirements("recipient")        # {"purpose": "required", ...}

See docs/LIBRARY.md for the YAML format.
"""

from clausecheck.library.loader import LibraryValidationError, load_library, validate_library
from clausecheck.library.types import (
    CHECK_KINDS, CUE_KINDS, Check, Cue, Cues, Element, Library, Profile, Provision, Recommended,
    Requirement, RiskFlagSpec, SideAdjustment, Text, Weakening)

__all__ = [
    "CHECK_KINDS", "CUE_KINDS", "Check", "Cue", "Cues", "Element", "Library", "LibraryValidationError",
    "Profile", "Provision", "Recommended", "Requirement", "RiskFlagSpec", "SideAdjustment",
    "Text", "Weakening", "load_library", "validate_library",
]
