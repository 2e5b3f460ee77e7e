"""Together AI's pricing page (Webflow): every serverless price cell of the real capture read; changes fail."""

import re
from decimal import Decimal

import pytest

import scrapers.together as together
from core.errors import ParseError
from core.values import Status
from tests.conftest import captured_page, parse_page

CAPTURE = "together/2026-08-20"
# What a price column of each tab holds, as this test reads it from the raw HTML: a field per column.
COLUMNS = {"Chat": ("input", "output"), "Vision": ("input", "output"),
           "Image": ("other:megapixel", "other:image", None), "Audio": ("other:1m_characters",),
           "Video": ("other:video",), "Transcribe": ("other:audio_minute",), "Embeddings": ("input",),
           "Rerank": ("input",), "Moderation": ("input",)}
MEDIA = ("Image", "Audio", "Video", "Transcribe")


def parse(text: str | None = None):
    return parse_page(together, captured_page(CAPTURE), text)


def offerings(text: str | None = None):
    return {(o.key.model, o.key.tier): o.values for o in parse(text).offerings}


def raw_rows(html: str) -> list[tuple[str, str, list[str]]]:
    """(tab, model name, cell texts) of every serverless row, by regexes over the raw HTML: the tab menu's
    names pair in order with the first '<div data-tabs="content"' blocks, each cut at its table's end."""
    html = html[html.index("Serverless Inference</h2>"):]
    tabs = re.findall(r'data-tabs="menu-item"[^>]*><div>([^<]+)</div>', html)[:9]
    blocks = html.split('<div data-tabs="content"')[1:10]
    rows = []
    for tab, block in zip(tabs, blocks, strict=True):
        for row in re.findall(r'<tr fs-list-element="item".*?</tr>', block.split("</table>")[0], re.S):
            cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in row.split("<td>")[1:]]
            rows.append((tab, re.search(r'<p class="body-l[^"]*">([^<]+)</p>', row).group(1), cells[1:]))
    return rows


def model_id(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9.]+", name.lower()))


def test_every_row_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    got, rows = offerings(), raw_rows(page.text())
    assert len(rows) == 116 and len(got) == 99
    assert {(model_id(name), "standard") for _, name, _ in rows} == set(got)
    chat = {name: cells for tab, name, cells in rows if tab == "Chat"}
    for tab, name, cells in rows:
        values = got[(model_id(name), "standard")]
        if tab in MEDIA and name in chat:  # a chat model cross-listed by the CMS: its input price, or nothing
            listed = re.match(r"\$[\d.]+", chat[name][0]).group()
            assert all(c in ("-", listed) for c in cells) and not any(f in values for f in COLUMNS[tab])
            continue
        for field, cell in zip(COLUMNS[tab], cells, strict=True):
            amounts = re.findall(r"\$([\d.]+)", cell)
            if field is None:  # Default steps: a count, kept in the prices' labels
                assert cell == "-" or all(f"({cell} default steps)" in values[f].provenance.label
                                          for f in COLUMNS[tab] if f)
            elif cell == "-":
                assert values[field].status is Status.NOT_OFFERED
            else:
                assert values[field].amount == Decimal(amounts[0]), (tab, name, field)
                if "(cached)" in cell:
                    assert values["cached_input"].amount == Decimal(amounts[1])
    for model, _ in got:  # no token limit is stated anywhere on the page
        assert got[(model, "standard")]["context_window"].status is Status.UNKNOWN


def test_well_known_prices():
    got = offerings()
    kimi = got[("kimi-k3", "standard")]
    assert (kimi["input"].amount, kimi["cached_input"].amount, kimi["output"].amount) == (
        Decimal("3.00"), Decimal("0.30"), Decimal("15.00"))
    assert kimi["cache_write"].status is Status.UNKNOWN
    assert got[("gemma-4-31b", "standard")]["cached_input"].status is Status.UNKNOWN  # neither tab states one
    guard = got[("llama-guard-4-12b", "standard")]
    assert guard["input"].amount == guard["output"].amount == Decimal("0.20")
    assert got[("multilingual-e5-large-instruct", "standard")]["output"].status is Status.UNKNOWN
    flux = got[("flux.2-max", "standard")]["other:megapixel"]
    assert (flux.amount, flux.unit) == (Decimal("0.070"), "USD per MP")
    assert flux.provenance.label == "Image · FLUX.2 [max] · Price per mp (50 default steps)"
    assert got[("cartesia-sonic-3", "standard")]["other:1m_characters"].unit == "USD per 1M characters"
    assert got[("whisper-large-v3", "standard")]["other:audio_minute"].amount == Decimal("0.0015")
    assert got[("google-veo-3.0-audio", "standard")]["other:video"].amount == Decimal("3.20")


def test_free_and_not_offered_states():
    got = offerings()
    bonsai = got[("ternary-bonsai-27b", "standard")]
    assert bonsai["input"].status is bonsai["output"].status is Status.FREE
    assert bonsai["input"].provenance.raw == "$0.00"
    assert got[("sd-xl", "standard")]["other:image"].status is Status.NOT_OFFERED
    assert got[("gpt-image-2", "standard")]["other:megapixel"].status is Status.NOT_OFFERED


def test_skipped_tables_and_cross_listed_rows_are_warned_once():
    warnings = parse().warnings
    assert len(warnings) == 2
    assert warnings[0].startswith("not read: 9 tables of Provisioned Throughput, Dedicated Inference, GPU Clusters,"
                                  " Sandbox, Storage, Fine-Tuning")
    assert "Inkling (Audio)" in warnings[1] and "Qwen3.6-Plus (Video)" in warnings[1]
    assert "other:video" not in offerings()[("qwen3.6-plus", "standard")]


def test_a_cross_listed_row_with_its_own_price_is_read():
    page = captured_page(CAPTURE).text()
    video = page.index("Qwen3.6-Plus", page.index("Price per video"))
    edited = page[:video] + page[video:].replace(">$0.50</p>", ">$0.90</p>", 1)
    assert offerings(edited)[("qwen3.6-plus", "standard")]["other:video"].amount == Decimal("0.90")


def test_no_batch_price_is_stated_so_none_is_made():
    assert {tier for _, tier in offerings()} == {"standard"}


def test_a_batch_discount_set_on_the_page_gives_derived_batch_offerings():
    got = offerings(captured_page(CAPTURE).text().replace('data-batch=""', 'data-batch="50"'))
    assert len([key for key in got if key[1] == "batch"]) == 31 + 5  # the Chat and Transcribe tabs have a toggle
    batch = got[("kimi-k3", "batch")]
    assert (batch["input"].amount, batch["output"].amount) == (Decimal("1.5"), Decimal("7.5"))
    assert batch["cached_input"].status is Status.UNKNOWN  # the toggle leaves cached prices alone
    assert batch["input"].provenance.rule == "Batch API price: 50% off the listed price"
    assert got[("whisper-large-v3", "batch")]["other:audio_minute"].amount == Decimal("0.00075")
    assert ("flux.2-max", "batch") not in got  # the Image tab has no toggle


def _without_table(text: str, index: int) -> str:
    start = [m.start() for m in re.finditer("<table", text)][index]
    return text[:start] + text[text.index("</table>", start) + len("</table>"):]


def _second(text: str, old: str, new: str) -> str:
    at = text.index(old, text.index(old) + 1)
    return text[:at] + new + text[at + len(old):]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Serverless Inference</h2>", "Inference</h2>"), "section 'Serverless Inference' not found"),
    (lambda t: t.replace("<div>Rerank</div>", "<div>Reranking</div>"), "new: ['Reranking'], missing: ['Rerank']"),
    (lambda t: _without_table(t, 8), "tab 'Moderation': price table not found"),
    (lambda t: t.replace('<p class="caption-m">output</p>', '<p class="caption-m">completion</p>', 1),
     "table 'Chat' has columns ['model', 'input', 'completion']"),
    (lambda t: t.replace(">$15.00</p>", ">TBD</p>", 1), "Chat · Kimi K3 · Output: 'TBD' is not a price"),
    (lambda t: t.replace("Price per video", "Price per second"), "tab 'Video': unit caption 'price per second'"),
    (lambda t: t.replace(">50</p>", ">fifty</p>"), "default steps 'fifty' is not a number"),
    (lambda t: _second(t, ">$15.00</p>", ">$16.00</p>"), "output is 15 in 'Chat · Kimi K3 · Output' but 16 in 'Vision"),
    (lambda t: t.replace('data-batch=""', 'data-batch="half"', 1), "batch discount 'half' is not a percent"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    with pytest.raises(ParseError, match="https://www.together.ai/pricing") as error:
        parse(edit(captured_page(CAPTURE).text()))
    assert message in str(error.value)
