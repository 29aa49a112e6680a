"""QR codes for a talk's follow-up link, as SVG (segno): last slide and the room's door."""

import io

import segno


def qr_svg(url: str, *, title: str = "") -> bytes:
    """An SVG QR code for url; medium error correction survives a smudged print-out."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=8, border=4, title=title or url, xmldecl=True)
    return buffer.getvalue()
