"""Colour arithmetic for track markers: WCAG 2 contrast, and a track's colour nudged
until a marker in it stands out (3:1, the non-text minimum) from the page behind it."""

LIGHT_PAGE = "#ffffff"
DARK_PAGE = "#14171a"  # --paper in hallway.css's dark scheme
MARKER_CONTRAST = 3.0


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(255.0, c))):02x}" for c in channels)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def marker_colour(colour: str, *, page: str = LIGHT_PAGE) -> str:
    """The colour itself if it already stands out from ``page``; otherwise the same hue
    mixed towards black (on a light page) or white (on a dark one) just far enough."""
    if contrast_ratio(colour, page) >= MARKER_CONTRAST:
        return colour.lower()
    target = 0.0 if relative_luminance(page) > 0.5 else 255.0
    r, g, b = _channels(colour)
    for step in range(1, 101):
        share = step / 100
        mixed = _hex((r + (target - r) * share, g + (target - g) * share, b + (target - b) * share))
        if contrast_ratio(mixed, page) >= MARKER_CONTRAST:
            return mixed
    return _hex((target, target, target))
