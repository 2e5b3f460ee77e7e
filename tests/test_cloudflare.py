"""Cloudflare Workers AI's pricing page: every price line of the real capture's five tables read; a table or row
of an unfamiliar shape is named and skipped, the rest read the same; without the LLM table the run fails."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.cloudflare as cloudflare
from core.errors import ParseError
from core.values import USD_PER_MTOK, Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "cloudflare/2026-08-26"
TOKENS = {"input": "input", "cached input": "cached_input", "output": "output"}
LLAMA_1B = "<td>@cf/meta/llama-3.2-1b-instruct</td>"  # the first row of the LLM table
WHISPER = "<td>@cf/openai/whisper</td>\n<td>$0.0005 per audio minute</td>"  # the first row of the Audio table


def parse_text(page: Page, text: str | None = None):
    return {o.key.model: o.values for o in parse_page(cloudflare, page, text).offerings}


def page_text() -> str:
    return captured_page(CAPTURE).text()


def parse(text: str | None = None):
    return parse_page(cloudflare, captured_page(CAPTURE), text)


def test_every_price_line_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    rows = [r.css("td") for table in LexborHTMLParser(page.text()).css("table")[1:] for r in table.css("tr")
            if r.css_first("td")]
    assert len(offerings) == len(rows) == 64
    for cells in rows:
        got = offerings[cells[0].text(strip=True)]
        for line in re.split(r"<br\s*/?>", cells[1].html):
            if "$" not in line:  # the tail after a last <br>
                continue
            amount, unit = re.search(r"\$([\d.,]+) per ([^<]+)", line).groups()
            kind = re.fullmatch(r"M (input|cached input|output) tokens?", unit.strip())
            if kind:
                assert got[TOKENS[kind.group(1)]].amount == Decimal(amount)
            else:  # kept in its own unit, never as a token price
                assert [v.amount for v in got.values() if v.unit == f"USD per {' '.join(unit.split())}"] == [
                    Decimal(amount)]
    assert offerings["@cf/meta/llama-3.2-1b-instruct"]["output"].amount == Decimal("0.201")
    assert not parse().unread


OTHER_HEADING = '<div tabindex="-1" class="heading-wrapper level-h2"><h2 id="other-model-pricing">'
NEW_TABLE = ('<h2 id="video-model-pricing">Video model pricing</h2><table><thead><tr><th>Model</th><th>Price in Tokens'
             '</th><th>Price in Neurons</th></tr></thead><tbody><tr><td>@cf/x/video-1</td><td>$0.10 per second</td>'
             f'<td>9091 neurons per second</td></tr></tbody></table>\n{OTHER_HEADING}')


def in_audio(text: str, edit) -> str:
    """``edit`` applied to the Audio table alone."""
    start, end = text.index('<h2 id="audio-model-pricing">'), text.index('<h2 id="other-model-pricing">')
    return text[:start] + edit(text[start:end]) + text[end:]


# (edit, what the unread part says, the models it leaves unobserved: None for a whole table or an unnamed row)
UNREAD_EDITS = [
    # an unknown kind of row: a sub-heading row, a row naming no model id, a token kind priced twice
    (lambda t: t.replace(f"<tr>\n{WHISPER}", f'<tr><td colspan="3">Deprecated</td></tr>\n<tr>\n{WHISPER}'),
     "row 'Deprecated': table 'Audio model pricing': a row of 1 cells naming no model id", None),
    (lambda t: t.replace("<td>@cf/meta/llama-guard-3-8b</td>", "<td>Llama Guard 3 (beta)</td>"),
     "row 'Llama Guard 3 (beta)'", None),
    (lambda t: t.replace("$0.201 per M output tokens", "$0.201 per M input tokens"), "input is priced twice",
     {"@cf/meta/llama-3.2-1b-instruct"}),
    # a new table: its rows cannot be named
    (lambda t: t.replace(OTHER_HEADING, NEW_TABLE),
     "table 'Video model pricing': a price table the parser does not know", None),
    # unfamiliar cells
    (lambda t: t.replace("$0.027 per M input tokens", "0.027 USD per M input tokens"),
     "'0.027 USD per M input tokens' is not '$<amount> per <unit>'", {"@cf/meta/llama-3.2-1b-instruct"}),
    (lambda t: t.replace("$0.0005 per audio minute</td>", "½ cent per audio minute</td>", 1), "is not '$<amount>",
     {"@cf/openai/whisper"}),
    (lambda t: t.replace("$0.027 per M input tokens",
                         "<del>$0.054 per M output tokens</del> $0.027 per M input tokens"),
     "struck-through '$0.054 per M output tokens' is not a list price", {"@cf/meta/llama-3.2-1b-instruct"}),
    (lambda t: t.replace(WHISPER, "<td>@cf/openai/whisper</td>\n<td>Free</td>"),  # audio rows price different units
     "'Free' in a table of no common unit", {"@cf/openai/whisper"}),
    # a secondary table gone, or of other columns
    (lambda t: t.replace("Audio model pricing", "Speech model pricing"), "price table 'Audio model pricing' not found",
     None),
    (lambda t: in_audio(t, lambda a: a.replace("Price in Tokens", "Price")), "table 'Audio model pricing' has columns",
     None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = {o.key: o.values for o in parse().offerings}
    edited = edit(page_text())
    assert edited != page_text()
    result = parse(edited)
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == cloudflare.PRICING_URL and part.where.startswith(f"{cloudflare.PRICING_URL} · table ")
    assert part.models == (None if models is None else frozenset(models))
    read = {o.key: o.values for o in result.offerings if o.unread is None}
    assert read.items() <= whole.items()  # every offering read has the values of the unedited page
    lost = {k.model for k in whole} - {k.model for k in read}
    assert lost == (models or lost) and len(lost) <= 10  # an Audio table has 10 rows
    assert {o.key.model for o in result.offerings if o.unread} == (models or set())  # a placeholder when named


def test_a_renamed_table_is_named_twice_missing_and_new():
    unread = [str(u) for u in parse(page_text().replace("Audio model pricing", "Speech model pricing")).unread]
    assert len(unread) == 2 and "'Speech model pricing': a price table the parser does not know" in unread[1]


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    text = page_text().replace(f"<tr>\n{WHISPER}", f"<tr><td>@cf/openai/whisper-2</td><td>soon</td><td>-</td></tr>\n"
                                                   f"<tr>\n{WHISPER}")
    (placeholder,) = [o for o in parse(text).offerings if o.unread]
    assert placeholder.key.model == "@cf/openai/whisper-2" and placeholder.values == {}
    assert "'soon' is not '$<amount> per <unit>'" in placeholder.unread


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("LLM model pricing", "Text generation pricing"), "price table 'LLM model pricing' not found"),
    (lambda t: t.replace("Price in Tokens", "Price"), "table 'LLM model pricing' has columns"),
])
def test_without_the_llm_table_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="developers.cloudflare.com/workers-ai/platform/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


FREE = [  # (edit, model, the fields stated free)
    (lambda t: t.replace("$0.020 per M input tokens", "Free"), "@cf/baai/bge-small-en-v1.5", {"input"}),
    (lambda t: t.replace("$0.027 per M input tokens <br> $0.201 per M output tokens", "<strong>free</strong>"),
     "@cf/meta/llama-3.2-1b-instruct", {"input", "output"}),  # what every LLM row prices: not cached input
    (lambda t: t.replace("$0.201 per M output tokens", "FREE per M output tokens"), "@cf/meta/llama-3.2-1b-instruct",
     {"output"}),
    (lambda t: t.replace("$0.0005 per audio minute</td>", "Free per audio minute</td>", 1), "@cf/openai/whisper",
     {"other:audio_minute"}),
]


@pytest.mark.parametrize("edit, model, fields", FREE)
def test_free_as_a_price_is_free_in_the_unit_it_is_stated_in(edit, model, fields):
    whole = {o.key.model: o.values for o in parse().offerings}
    result = parse(edit(page_text()))
    values = {o.key.model: o.values for o in result.offerings}[model]
    assert {f for f, v in values.items() if v.status is Status.FREE} == fields and not result.unread
    for field in fields:  # stated as free: the guard does not hold the 0
        assert values[field].amount == 0 and "free" in values[field].provenance.raw.lower()
        assert values[field].unit == whole[model][field].unit
    assert {f: v for f, v in values.items() if f not in fields} == {f: v for f, v in whole[model].items()
                                                                     if f not in fields}


def test_a_struck_through_list_price_is_kept_beside_the_price_charged():
    text = page_text().replace("$0.027 per M input tokens", "<del>$0.054</del> $0.027 per M input tokens").replace(
        "$0.0005 per audio minute</td>", "<s>$0.0010 per audio minute</s> $0.0005 per audio minute</td>", 1)
    result = parse(text)
    values = {o.key.model: o.values for o in result.offerings}
    llama, whisper = values["@cf/meta/llama-3.2-1b-instruct"], values["@cf/openai/whisper"]
    assert (llama["input"].amount, llama["other:input_list_price"].amount) == (Decimal("0.027"), Decimal("0.054"))
    assert llama["other:input_list_price"].unit == USD_PER_MTOK and llama["output"].amount == Decimal("0.201")
    listed = whisper["other:audio_minute_list_price"]
    assert (whisper["other:audio_minute"].amount, listed.amount, listed.unit) == (
        Decimal("0.0005"), Decimal("0.0010"), "USD per audio minute")
    assert not result.unread and len(result.offerings) == 64


@pytest.mark.parametrize("mark", [" (1)", "¹", "*", "<sup>2</sup>", " [3]"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(mark):
    whole = {o.key: o.values for o in parse().offerings}
    result = parse(page_text().replace(LLAMA_1B, LLAMA_1B.replace("</td>", f"{mark}</td>")))
    assert {o.key: o.values for o in result.offerings} == whole and not result.unread
