"""The shared meaning of "Free" in a price cell and of footnote marks after a name (scrapers/_words.py)."""

import pytest

from scrapers._words import FREE, MARKS, is_free, without_marks_text
from scrapers.anthropic.cells import FOOTNOTE as ANTHROPIC_MARKS
from scrapers.google.cells import stated_free


@pytest.mark.parametrize("written", ["Free", "free", "FREE", "Free*", "free¹", "Free (1)", "*Free*", "Free†",
                                     "Limited-time free", "limited time free", "Limited-time Free*", "免费", "免费¹",
                                     "**Free**"])
def test_each_spelling_of_free_is_free(written):
    assert is_free(written) and FREE.fullmatch(written)


@pytest.mark.parametrize("written", ["$0.30", "free tier 100 requests/day", "1M free tokens then $0.2", "$0",
                                     "Free for 30 days", "Free / $0.30", "Get Started Free", "freedom", "", "—"])
def test_a_price_or_other_words_around_free_are_not_free(written):
    assert not is_free(written)


def test_a_long_run_of_marks_is_answered_at_once():
    """A text that almost matches does not make the pattern backtrack for long."""
    assert not is_free("*" * 5000 + "Free" + "*" * 5000 + "x")


@pytest.mark.parametrize("name, bare", [("gpt-4 (1)", "gpt-4"), ("glm-5¹", "glm-5"), ("glm-5¹²", "glm-5"),
                                        ("sonar [2]", "sonar"), ("kimi-k3*", "kimi-k3"), ("Kimi K3 †‡", "Kimi K3"),
                                        ("deepseek-r1 (1)(3)", "deepseek-r1"), ("model-2", "model-2"),
                                        ("llama 3.1 405b", "llama 3.1 405b"), ("qwen (2025)", "qwen (2025)"),
                                        ("gemini-x (1)(2)", "gemini-x")])
def test_footnote_marks_after_a_name_are_left_out_and_nothing_else(name, bare):
    assert without_marks_text(name) == MARKS.sub("", name) == bare


@pytest.mark.parametrize("written, free", [("Free of charge", True), ("free of charge*", True), ("Free", True),
                                           ("Free of charge, up to 500 RPD", False), ("of charge", False)])
def test_googles_free_of_charge_is_free_and_nothing_more(written, free):
    """Google's own spelling, built on the shared word: "Free of charge" is "Free"."""
    assert stated_free(written) is free


@pytest.mark.parametrize("name", ["Claude Opus 4.1\\*", "Claude Opus 4.1 <sup>1</sup>", "Claude Opus 4.1 (1)",
                                  "Claude Opus 4.1¹"])
def test_markdown_marks_escaped_or_in_sup_are_footnote_marks_too(name):
    """Anthropic's Markdown marks: the shared ones, an escaped "\\*" and a raw <sup>."""
    assert ANTHROPIC_MARKS.sub("", name) == "Claude Opus 4.1"
