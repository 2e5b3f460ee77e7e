"""Review of the provider scrapers added since 8c0c99c: one test per bug found on the real captures.

Each test derives what it expects from the capture's raw text (regexes), not from the parser, and fails
on the code as reviewed.
"""

import html
import re
from datetime import datetime
from decimal import Decimal

import pytest

import scrapers.anthropic as anthropic
import scrapers.digitalocean as digitalocean
import scrapers.google as google
import scrapers.zai as zai
from core.errors import ParseError
from core.values import USD_PER_MTOK, Status
from tests.conftest import captured_page, parse_page

GOOGLE = "google/2026-08-13"
ZAI = "zai/2026"
DIGITALOCEAN = "digitalocean/2026-08-24"
ANTHROPIC = "anthropic/2025-late"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# --- Google: models the page says are shut down are still listed as priced, current offerings ---------------

_SHUT_DOWN = re.compile(r"(?:has been|will be) shut down (?:on )?([A-Z][a-z]+ \d{1,2}, \d{4})")


def shut_down_models(page_html: str) -> dict[str, str]:
    """{model id: shutdown date as written} for every model section whose warning says it is shut down,
    by regexes over the raw HTML: the ids are the <code> under the section's h2."""
    found = {}
    for section in re.split(r'<div class="models-section">', page_html)[1:]:
        head, _, rest = section.partition("</div>")
        warning = re.search(r'<aside class="warning">(.*?)</aside>', rest, re.S)
        if warning and (when := _SHUT_DOWN.search(_text(warning.group(1)))):
            for model_id in re.findall(r"<code[^>]*>([\w.-]+)</code>", head):
                found[model_id] = when.group(1)
    return found


def test_google_models_shut_down_before_the_fetch_are_not_current_priced_offerings():
    """"Gemini 2.0 Flash is deprecated and has been shut down June 1, 2026" (and Flash-Lite; Veo 2 and Veo 3
    "will be shut down on June 30, 2026"), on a page fetched 2026-08-13: their prices are no route one can buy
    any more. They must not be stored as priced current offerings (delist them, or record them not offered,
    and say so in the run's warning)."""
    page = captured_page(GOOGLE)
    gone = {m: d for m, d in shut_down_models(page.text()).items()
            if datetime.strptime(d, "%B %d, %Y").date() <= page.fetched_at.date()}
    assert {"gemini-2.0-flash", "gemini-2.0-flash-lite", "veo-2.0-generate-001"} <= set(gone)
    priced = sorted(str(o.key) for o in parse_page(google, page).offerings
                    if o.key.model in gone and any(v.has_amount for v in o.values.values()))
    assert priced == [], f"shut down per the page ({gone}) but stored as priced offerings: {priced}"


# --- Google: a per-token image output price stated in a section's footnote is dropped silently --------------

def test_google_image_output_price_per_1m_tokens_in_a_footnote_is_read_or_named():
    """Gemini 2.5 Flash Image: the table writes "$0.039 per image"; its footnote states "Image output is priced
    at $30 per 1,000,000 tokens". The per-token price is neither read (output stays unknown) nor named in the
    run's warning."""
    page = captured_page(GOOGLE)
    section = page.text().split('id="gemini-2.5-flash-image"')[1].split('<div class="models-section">')[0]
    footnote = re.search(r"Image output is priced at \$([\d.]+) per 1,000,000 tokens", _text(section))
    assert footnote, "the capture's footnote"
    result = parse_page(google, page)
    values = next(o.values for o in result.offerings if (o.key.model, o.key.tier) == ("gemini-2.5-flash-image",
                                                                                      "standard"))
    read = [k for k, v in values.items() if v.has_amount and v.unit == USD_PER_MTOK
            and v.amount == Decimal(footnote.group(1))]
    named = any("Image output is priced" in w or "footnote" in w.lower() for w in result.warnings)
    assert read or named, f"${footnote.group(1)} per 1M image output tokens is dropped silently"


# --- Z.ai: the token tables' unit caption is never checked ---------------------------------------------------

def test_zai_a_token_table_priced_per_1k_tokens_fails_instead_of_being_read_per_1m():
    """The Text and Vision tables say "Prices per 1M tokens." under their headings; the parser never reads that
    caption, so a page saying "Prices per 1K tokens." is stored as USD per 1M tokens, 1000x too cheap."""
    page = captured_page(ZAI)
    assert page.text().count('<span data-as="p">Prices per 1M tokens.</span>') == 2
    edited = page.text().replace("Prices per 1M tokens.", "Prices per 1K tokens.")
    with pytest.raises(ParseError, match="docs.z.ai/guides/overview/pricing"):
        parse_page(zai, page, edited)


# --- Z.ai: "-" is read as unknown, where the project's convention (DOMAIN.md, the guide) is not offered --------

def test_zai_a_dash_cell_is_not_offered():
    """GLM-4-32B-0414-128K's Cached Input and Cached Input Storage cells are "-": the page says the model has
    no cached-input price (DOMAIN.md: Z.ai "-" (not offered)); we store UNKNOWN ("the source does not say")."""
    page = captured_page(ZAI)
    rows = re.findall(r"<tr><td[^>]*>([^<]+)</td>((?:<td[^>]*>[^<]*</td>){4})</tr>", page.text())
    dashes = [(name, i) for name, cells in rows
              for i, cell in enumerate(re.findall(r"<td[^>]*>([^<]*)</td>", cells)) if cell.strip() == "-"]
    assert dashes, "the capture's '-' cells"
    fields = ("input", "cached_input", "other:cached_input_storage", "output")
    got = {o.model.name: o.values for o in parse_page(zai, page).offerings}
    wrong = [(name, fields[i], got[name][fields[i]].status.value) for name, i in dashes
             if got[name][fields[i]].status is not Status.NOT_OFFERED]
    assert wrong == []


# --- DigitalOcean: context windows the page states; the README says "not read" -------------------------------

_DO_STATED = re.compile(r"([A-Z][\w.\- ,]*?) supports? an input context window of (up to [\d.]+[KM] tokens)")


def test_digitalocean_the_warning_no_longer_says_context_windows_are_unread():
    """The notes' context windows are read now (parser version 2): the run's warning must not list them among
    what is not read, and every model a note names ("GPT-5.6 Sol, Terra, and Luna", "Claude Sonnet 5 and Sonnet
    4.5") carries the phrase as written. The names are matched here by suffix over the offerings' names."""
    page = captured_page(DIGITALOCEAN)
    result = parse_page(digitalocean, page)
    assert not [w for w in result.warnings if "context window" in w.lower()]
    names = {o.model.name for o in result.offerings}
    stated = {}
    for names_written, phrase in _DO_STATED.findall(_text(page.text())):
        for name in re.split(r",? and |, ", names_written):
            (model,) = {n for n in names if n == name or n.endswith(" " + name)}
            stated[model] = phrase
    assert len(stated) == 7
    wrong = [(o.model.name, o.key.tier, o.values["context_window"].provenance.raw) for o in result.offerings
             if o.model.name in stated and o.values["context_window"].provenance.raw != stated[o.model.name]]
    assert wrong == []


def test_digitalocean_a_context_window_the_page_states_is_kept_as_written():
    """"GPT-5.6 Sol, Terra, and Luna support an input context window of up to 1.05M tokens." The issue asks for
    the context window where the source gives it; the offering keeps nothing of it (unknown, no raw text),
    where DeepSeek and MiniMax keep a rounded count as written in the provenance."""
    page = captured_page(DIGITALOCEAN)
    stated = re.search(r"GPT-5\.6 Sol, Terra, and Luna support an input context window of up to ([\d.]+M) tokens",
                       _text(page.text()))
    assert stated
    sol = next(o.values for o in parse_page(digitalocean, page).offerings if o.key.model == "gpt-5.6-sol")
    context = sol["context_window"]
    assert context.status is Status.KNOWN or stated.group(1) in (context.provenance.raw or "")


# --- Anthropic: a price in a tool section not read is named, however its dollar is written ------------------------

def test_anthropic_an_unescaped_dollar_in_a_tool_section_is_named_not_read():
    """tools.py names a price in a tool section it does not read, whether its "$" is escaped ("\\$") or not;
    the same page writes unescaped "$3/MTok" elsewhere, and an unescaped price there used to pass silently.
    The tool is added with unknown values (never guessed); the rest of the page is read."""
    page = captured_page(ANTHROPIC)
    assert re.search(r"(?<!\\)\$\d", page.text()), "the page does write unescaped dollars"
    edited = page.text().replace("The bash tool adds **245 input tokens** to your API calls.",
                                 "The bash tool adds **245 input tokens** to your API calls, and $0.01 per call.")
    assert edited != page.text()
    whole, result = parse_page(anthropic, page), parse_page(anthropic, page, edited)
    assert [str(part) for part in result.unread] == [
        f"{page.url} · table 'Specific tool pricing' · row 'Bash tool': states a price that is not read"]
    assert result.unread[0].models == frozenset({"tool/bash"})
    bash = next(o for o in result.offerings if o.key.model == "tool/bash")
    assert bash.unread and bash.values == {}
    assert {o.key: o.values for o in result.offerings if o.unread is None} == {o.key: o.values for o in whole.offerings}
