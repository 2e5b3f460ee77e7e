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
PER_MTOK = "USD per 1M tokens"


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
    (lambda t: t.replace("<div>Chat</div>", "<div>Text</div>"), "(expected the 'Chat' tab, and one content per tab)"),
    (lambda t: t.replace("<div>Moderation</div></a>", "<div>Moderation</div></a>" + MENU_ITEM.format("Music")),
     "with 9 contents"),  # a tab without content: which content is whose is not guessed
    (lambda t: t.replace('<p class="caption-m">output</p>', '<p class="caption-m">completion</p>', 1),
     "table 'Chat' has columns ['model', 'input', 'completion']"),
    (lambda t: t.replace("Price per 1M tokens", "Price per 1K tokens", 1), "tab 'Chat': unit caption 'price per 1k"),
])
def test_without_the_chat_tab_as_known_the_run_fails(edit, message):
    with pytest.raises(ParseError, match="https://www.together.ai/pricing") as error:
        parse(edit(captured_page(CAPTURE).text()))
    assert message in str(error.value)


MENU_ITEM = '<a data-tabs="menu-item" href="#" class="tab-item w-inline-block"><div>{}</div></a>'
MUSIC = ('<div data-tabs="content"><p class="body-s">Price per song</p><table><thead><th>Model</th><th>Price</th>'
         '</thead><tbody><tr><td><p class="body-l">Song Maker</p></td><td><p>$0.10</p></td></tr></tbody></table></div>')


def _after_table(text: str, index: int, insert: str) -> str:
    start = [m.start() for m in re.finditer("<table", text)][index]
    end = text.index("</table>", start) + len("</table>")
    return text[:end] + insert + text[end:]


def _name(name: str) -> str:
    return f'<p class="body-l text-weight-medium">{name}</p>'


def edit_rows(text: str, name: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` once in every row (of any tab) showing the model ``name`` and ``old``."""
    rows = [r for r in re.findall(r'<tr fs-list-element="item".*?</tr>', text, re.S) if _name(name) in r and old in r]
    assert rows, (name, old)
    for row in rows:
        text = text.replace(row, row.replace(old, new, 1))
    return text


def _cartesia_with_a_third_cell(text: str) -> str:
    at = text.index(_name("Cartesia Sonic-2"))
    end = text.index("</tr>", at)
    return text[:end] + "<td>$1.00</td>" + text[end:]


def only_in(tab: str) -> set[str]:
    """The models of the capture that no other tab lists (from the raw HTML)."""
    rows = raw_rows(captured_page(CAPTURE).text())
    return {model_id(n) for t, n, _ in rows if t == tab} - {model_id(n) for t, n, _ in rows if t != tab}


# (edit, the parts named: (where after the URL, why, the models left unobserved; None: not named),
#  the models not read, the tabs whose models are not read, the fields of those tabs: unobserved where not stated)
UNREAD_EDITS = [
    # secondary tables removed or changed
    (lambda t: _without_table(t, 8), [("table 'Moderation'", "tab 'Moderation': price table not found", None)],
     set(), ("Moderation",), {"input", "output"}),
    (lambda t: t.replace("Price per video", "Price per second"),
     [("table 'Video'", "tab 'Video': unit caption 'price per second'", None)], set(), ("Video",), {"other:video"}),
    (lambda t: t.replace("<div>Rerank</div>", "<div>Reranking</div>"),
     [("table 'Reranking'", "a tab the parser does not know", None), ("table 'Rerank'", "tab not found", None)],
     set(), ("Rerank",), {"input", "cached_input"}),
    # a new table: a tab the parser does not know, its rows not read
    (lambda t: _after_table(t.replace("<div>Moderation</div></a>", "<div>Moderation</div></a>"
                                      + MENU_ITEM.format("Music")), 8, MUSIC),
     [("table 'Music'", "a tab the parser does not know", None)], set(), (), set()),
    # an unknown row kind: a row of three cells in a tab of two (what its first cell names is not known)
    (_cartesia_with_a_third_cell, [("table 'Audio' · row 'Cartesia Sonic-2'", "has 3 cells, expected 2", None)],
     {"cartesia-sonic-2"}, (), set()),
    # unfamiliar cells: the row's model is dropped whole (its Vision row too) and left unobserved
    (lambda t: t.replace(">$15.00</p>", ">TBD</p>", 1),
     [("table 'Chat' · row 'Kimi K3'", "Chat · Kimi K3 · Output: 'TBD' is not a price", {"kimi-k3"})],
     {"kimi-k3"}, (), set()),
    (lambda t: edit_rows(t, "Kimi K3", ">$15.00</p>", ">TBD</p>"),  # in Chat and Vision: named once
     [("table 'Chat' · row 'Kimi K3'", "Chat · Kimi K3 · Output: 'TBD' is not a price", {"kimi-k3"})],
     {"kimi-k3"}, (), set()),
    (lambda t: t.replace(">$3.00</p>", ">$0.003/1K</p>", 1),  # a per-1K price is not read as per 1M
     [("table 'Chat' · row 'Kimi K3'", "'$0.003/1K $0.30 (cached)' is not a price", {"kimi-k3"})],
     {"kimi-k3"}, (), set()),
    (lambda t: t.replace(">$3.00</p>", ">Free for 30 days</p>", 1),  # not "Free" alone: not guessed
     [("table 'Chat' · row 'Kimi K3'", "'Free for 30 days $0.30 (cached)' is not a price", {"kimi-k3"})],
     {"kimi-k3"}, (), set()),
    (lambda t: _second(t, ">$15.00</p>", ">$16.00</p>"),
     [("table 'Vision' · row 'Kimi K3'", "output is 15 in 'Chat · Kimi K3 · Output' but 16 in 'Vision", {"kimi-k3"})],
     {"kimi-k3"}, (), set()),
    (lambda t: t.replace(">50</p>", ">fifty</p>", 1),
     [("table 'Image' · row 'FLUX.2 [max]'", "default steps 'fifty' is not a number", {"flux.2-max"})],
     {"flux.2-max"}, (), set()),
    (lambda t: t.replace('data-batch=""', 'data-batch="half"', 1),
     [("table 'Chat' · row 'MiniMax M3'", "batch discount 'half' is not a percent", {"minimax-m3"})],
     {"minimax-m3"}, (), set()),
]


def read_offerings(result) -> dict:
    return {o.key: o for o in result.offerings if o.unread is None}


@pytest.mark.parametrize("edit, named, lost, lost_tabs, fields", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, named, lost, lost_tabs, fields):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse())
    edited = edit(page.text())
    assert edited != page.text()
    result = parse(edited)
    assert [(u.url, u.where, u.models) for u in result.unread] == [
        (page.url, f"{page.url} · {w}", None if m is None else frozenset(m)) for w, _, m in named]
    assert all(why in u.reason for u, (_, why, _) in zip(result.unread, named, strict=True)), result.unread
    got = read_offerings(result)
    gone = set(lost).union(*(only_in(tab) for tab in lost_tabs))
    assert {key.model for key in got} == {key.model for key in whole} - gone
    for key, offering in got.items():  # the values of the whole page; a lost tab's fields unstated: unobserved
        stated = {f: v for f, v in whole[key].values.items() if f not in fields or v.status is not Status.UNKNOWN}
        assert offering.values == stated, key
        assert offering.unobserved == {f for f in fields if f not in stated}, key
    placeholders = {o.key.model: o for o in result.offerings if o.unread}
    assert set(placeholders) == {m for _, _, ids in named for m in ids or ()}
    assert all(o.values == {} for o in placeholders.values())


def test_a_new_section_elsewhere_is_warned_not_read_and_the_rest_is_read_the_same():
    agents = ('<div data-accordion-status="closed"><h2 class="pricing-row_heading">Agents</h2><table><tr><th>Agent'
              '</th><th>Price</th></tr><tr><td>Researcher</td><td>$1.00</td></tr></table></div>')
    result = parse(captured_page(CAPTURE).text().replace("</body>", agents + "</body>"))
    assert "Fine-Tuning, Agents" in result.warnings[0] and "10 tables" in result.warnings[0]
    assert not result.unread and {k: o.values for k, o in read_offerings(result).items()} == \
        {k: o.values for k, o in read_offerings(parse()).items()}


@pytest.mark.parametrize("written", ["Free", "free", "FREE*"])
def test_free_in_any_price_cell_is_free_with_its_word_kept(written):
    text = edit_rows(captured_page(CAPTURE).text(), "Kimi K3", ">$3.00</p>", f">{written}</p>")  # Chat and Vision
    text = edit_rows(text, "Kimi K3", "<span>$0.30</span>", f"<span>{written}</span>")  # its cached price (Chat)
    text = edit_rows(text, "Whisper Large v3", ">$0.0015</p>", f">{written}</p>")
    result = parse(text)
    got = {key.model: o.values for key, o in read_offerings(result).items()}
    for model, field, unit in (("kimi-k3", "input", PER_MTOK), ("kimi-k3", "cached_input", PER_MTOK),
                               ("whisper-large-v3", "other:audio_minute", "USD per audio minute")):
        value = got[model][field]
        assert (value.status, value.amount, value.unit) == (Status.FREE, 0, unit), (model, field)
        assert written.lower().rstrip("*") in value.provenance.raw.lower()  # stated: the guard does not hold the 0
    assert not result.unread
    whole = {key.model: o.values for key, o in read_offerings(parse()).items()}
    assert {m: v for m, v in got.items() if m not in ("kimi-k3", "whisper-large-v3")} == \
        {m: v for m, v in whole.items() if m not in ("kimi-k3", "whisper-large-v3")}


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    text = edit_rows(captured_page(CAPTURE).text(), "Kimi K3", ">$3.00</p>", f"><{tag}>$6.00</{tag}> $3.00</p>")
    text = edit_rows(text, "Whisper Large v3", ">$0.0015</p>", f"><{tag}>$0.003</{tag}> $0.0015</p>")
    result = parse(text)
    got = {key.model: o.values for key, o in read_offerings(result).items()}
    assert got["kimi-k3"]["other:input_list_price"].amount == Decimal("6.00")
    listed = got["whisper-large-v3"]["other:audio_minute_list_price"]
    assert (listed.amount, listed.unit) == (Decimal("0.003"), "USD per audio minute")
    whole = {key.model: o.values for key, o in read_offerings(parse()).items()}
    assert not result.unread and got.keys() == whole.keys()
    for model, values in got.items():  # the prices charged: as before
        assert {f: v for f, v in values.items() if not f.endswith("_list_price")} == whole[model], model


@pytest.mark.parametrize("mark", [" (1)", "*", "¹", "<sup>1</sup>"])
def test_a_footnote_mark_beside_a_name_is_not_part_of_the_id(mark):
    result = parse(captured_page(CAPTURE).text().replace(_name("Kimi K3"), _name(f"Kimi K3{mark}")))
    got = read_offerings(result)
    assert next(o.model.name for key, o in got.items() if key.model == "kimi-k3") == "Kimi K3"
    assert not result.unread and {k: o.values for k, o in got.items()} == \
        {k: o.values for k, o in read_offerings(parse()).items()}
