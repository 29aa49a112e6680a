"""Track markers and the site's own colour pairs stand out in both colour schemes."""

import re
from pathlib import Path

import pytest

from conference.colours import DARK_PAGE, LIGHT_PAGE, contrast_ratio, marker_colour

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "hallway.css"


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", ["#d9f7d9", "#ffff00", "#ffffff", "#f5a623"])
def test_a_pale_track_colour_is_darkened_until_its_marker_shows_on_white(colour):
    marker = marker_colour(colour)
    assert marker != colour
    assert contrast_ratio(marker, LIGHT_PAGE) >= 3.0


@pytest.mark.parametrize("colour", ["#000000", "#1f2a80", "#5b6770"])
def test_a_dark_track_colour_is_lightened_on_the_dark_page(colour):
    assert contrast_ratio(marker_colour(colour, page=DARK_PAGE), DARK_PAGE) >= 3.0


def test_a_colour_that_already_stands_out_is_kept():
    assert marker_colour("#1F6FEB") == "#1f6feb"


def _scheme(css: str, dark: bool) -> dict[str, str]:
    blocks = re.findall(r":root \{([^}]*)\}", css)
    return dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", blocks[1 if dark else 0]))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_site_colour_pairs_meet_wcag_in_both_schemes(dark):
    colours = _scheme(CSS.read_text(encoding="utf-8"), dark)
    text_pairs = [("ink", "paper"), ("ink", "soft"), ("muted", "paper"), ("muted", "soft"),
                  ("accent", "paper"), ("accent", "soft"), ("on-accent", "accent"),
                  ("danger", "paper"), ("on-now", "now"), ("ink", "warn-bg"),
                  ("ink", "ok-bg"), ("ink", "cancelled-bg"), ("clash", "paper")]  # fmt: skip
    for fg, bg in text_pairs:
        assert contrast_ratio(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    for ui, bg in [("focus", "paper"), ("focus", "soft"), ("field-line", "paper"),
                   ("now", "paper"), ("track", "paper"), ("break-line", "soft")]:  # fmt: skip
        assert contrast_ratio(colours[ui], colours[bg]) >= 3.0, (ui, bg)
