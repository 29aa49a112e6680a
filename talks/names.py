"""The one normalisation of a person's name, for matching people across sources.

Computed in Python and stored (Speaker.name_key), so the database compares the very
same string: PostgreSQL's lower() and Python's disagree (the Turkish dotted İ is one
code point lowered there, two here) and neither strips accents.
"""

import unicodedata


def normalise_name(name: str) -> str:
    """NFKD, accents (combining marks) dropped, case folded, whitespace collapsed.

    "Gaël", "Gael", "GAEL" and an NFD-spelt "Gaël" give one key; "İlker" and "ilker" too.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # casefold() can bring back combining marks ("İ" → "i̇"): strip them after it too.
    folded = unicodedata.normalize("NFKD", plain.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())
