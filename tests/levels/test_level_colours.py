"""The best cooperation level is drawn in a colour that does not read as a warning (colour-blind-safe palette)."""

import re
from pathlib import Path

from levels.presenters import LEVEL_STYLES

CSS = Path(__file__).resolve().parents[2] / "static" / "levels" / "levels.css"
# Okabe & Ito (2008): the eight colours told apart with every common colour-vision deficiency.
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}


def is_reddish(colour: str) -> bool:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red > 150 and red > 2 * green and red > 2 * blue


def test_level_four_is_not_red_in_the_chart_lines():
    assert not is_reddish(LEVEL_STYLES[4]["colour"])
    assert LEVEL_STYLES[4]["colour"].lower() in OKABE_ITO


def test_every_level_colour_is_from_the_colour_blind_safe_palette_and_distinct():
    colours = [style["colour"].lower() for style in LEVEL_STYLES.values()]
    assert set(colours) <= OKABE_ITO and len(set(colours)) == len(colours)


def test_the_badges_and_the_map_use_the_same_colour_for_level_four():
    css = CSS.read_text()
    badge = re.search(r"\.level-4 \{ --level-colour: (#[0-9a-f]{6});", css).group(1)
    node = re.search(r"\.node\.level-4 circle \{ fill: (#[0-9a-f]{6}); \}", css).group(1)
    assert badge == node == LEVEL_STYLES[4]["colour"].lower()
    assert not is_reddish(badge)
