"""Fireworks parser on hand-made fixtures: tiers, rules, size classes, the model listing, layout changes."""

from decimal import Decimal

import pytest

import scrapers.fireworks as fireworks
from core.errors import ParseError
from core.offering import PRICE_FIELDS, OfferingKey
from core.values import Status
from scrapers._base import Fetched, Page
from scrapers.fireworks.api import next_page_url
from scrapers.fireworks.offerings import BATCH, MODELS_URL, PRICING_URL
from tests.conftest import FIREWORKS_CAPTURE, HANDMADE, captured_page, handmade_page

API_FIRST = fireworks.SOURCES[1].first_url


def pricing_page(html: str | None = None) -> Page:
    page = handmade_page("fireworks/pricing.html", PRICING_URL, "text/html")
    return page if html is None else Page(page.url, 200, "text/html", html.encode(), page.fetched_at)


def api_pages() -> list[Page]:
    first = handmade_page("fireworks/list_models_page1.json", API_FIRST)
    return [first, handmade_page("fireworks/list_models_page2.json", next_page_url(first))]


def parse(html: str | None = None, with_api: bool = False):
    pages = {"pricing": [pricing_page(html)]} | ({"models": api_pages()} if with_api else {})
    failures = {} if with_api else {"models": "FIREWORKS_API_KEY is not set"}
    result = fireworks.parse(Fetched(pages, failures))
    return result, {o.key: o for o in result.offerings}


def amounts(offering, *fields):
    return tuple(offering.values[f].amount for f in fields)


def test_fast_and_us_rows_are_their_own_offerings():
    _, by_key = parse()
    assert amounts(by_key[OfferingKey("kimi-k3", "fast")], "input", "cached_input", "output") == (
        Decimal("4.50"), Decimal("0.45"), Decimal("22.50"))
    assert by_key[OfferingKey("kimi-k3", "priority", "us")].values["output"].amount == Decimal("20.625")
    assert OfferingKey("glm-5p2", "fast", "us") in by_key


def test_dash_in_priority_is_not_offered_and_fast_rows_add_no_priority_offering():
    _, by_key = parse()
    priority = by_key[OfferingKey("gpt-oss-20b", "priority")]
    assert {priority.values[f].status for f in PRICE_FIELDS} == {Status.NOT_OFFERED}
    assert OfferingKey("kimi-k3", "priority") in by_key
    assert not [k for k in by_key if k.model == "glm-5p2" and k.tier == "priority"]


def test_batch_is_derived_from_the_stated_rule_and_marked_derived():
    result, by_key = parse()
    batch = by_key[OfferingKey("kimi-k3", "batch")]
    assert amounts(batch, "input", "output") == (Decimal("1.5"), Decimal("7.5"))
    assert batch.values["input"].provenance.method == "derived"
    assert "50%" in batch.values["input"].provenance.rule
    assert batch.values["cached_input"].status is Status.UNKNOWN
    assert by_key[OfferingKey("kimi-k3")].values["input"].provenance.method == "read"
    assert PRICING_URL + BATCH in result.listings_read


def test_without_the_batch_rule_no_batch_offering_is_invented():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace("is billed at 50% of serverless", "varies")
    result, by_key = parse(html)
    assert not [k for k in by_key if k.tier == "batch"]
    assert PRICING_URL + BATCH not in result.listings_read
    assert any("batch rule not found" in w for w in result.warnings)


def test_size_and_embedding_tables_become_price_classes():
    _, by_key = parse()
    tier = by_key[OfferingKey("size-tier/4b-16b-parameters")]
    assert tier.model.kind == "price_class"
    assert amounts(tier, "input", "output") == (Decimal("0.20"), Decimal("0.20"))
    # "no separate cached-input rate": cached input is billed at the same price, derived from that statement
    assert tier.values["cached_input"].amount == Decimal("0.20")
    assert "no separate cached-input rate" in tier.values["cached_input"].provenance.rule
    embedding = by_key[OfferingKey("embedding-tier/up-to-150m")]
    assert embedding.values["input"].amount == Decimal("0.008")
    assert embedding.values["output"].status is Status.NOT_OFFERED


def test_without_the_api_context_is_unobserved_and_said_once():
    result, _ = parse()
    assert all("context_window" in o.unobserved for o in result.offerings)
    assert [w for w in result.warnings if "FIREWORKS_API_KEY" in w] == [result.warnings[0]]
    assert MODELS_URL not in result.listings_read


def test_starcoder_without_a_row_is_priced_by_its_size_tier():
    _, by_key = parse(with_api=True)
    starcoder = by_key[OfferingKey("starcoder-16b")]
    assert amounts(starcoder, "input", "output", "context_window") == (Decimal("0.20"), Decimal("0.20"), 8192)
    assert starcoder.values["input"].provenance.method == "derived"
    assert "4B – 16B" in starcoder.values["input"].provenance.rule
    assert starcoder.model.parameter_count == 15_500_000_000
    assert amounts(by_key[OfferingKey("starcoder-16b", "batch")], "input", "output") == (Decimal("0.1"),) * 2


def test_moe_and_embedding_models_use_their_own_classes():
    _, by_key = parse(with_api=True)
    assert by_key[OfferingKey("mixtral-8x7b-instruct")].values["input"].amount == Decimal("0.50")
    nomic = by_key[OfferingKey("nomic-embed-text-v1p5")]
    assert nomic.values["input"].amount == Decimal("0.008")
    assert nomic.values["output"].status is Status.NOT_OFFERED


def test_models_no_rule_prices_are_unknown_and_listed_in_one_warning():
    result, by_key = parse(with_api=True)
    for model in ("deepseek-giant", "flux-1-schnell-fp8"):
        assert {by_key[OfferingKey(model)].values[f].status for f in PRICE_FIELDS} == {Status.UNKNOWN}
    (warning,) = [w for w in result.warnings if "no price row or size tier" in w]
    assert "deepseek-giant" in warning and "flux-1-schnell-fp8" in warning


def test_listing_fills_context_of_priced_rows_but_not_of_fast_routers():
    result, by_key = parse(with_api=True)
    for key in (OfferingKey("kimi-k3"), OfferingKey("kimi-k3", "priority", "us"), OfferingKey("kimi-k3", "batch")):
        assert by_key[key].values["context_window"].amount == 262144
    assert by_key[OfferingKey("kimi-k3", "fast")].values["context_window"].status is Status.UNKNOWN
    # a model with a row of its own keeps its row's prices
    assert by_key[OfferingKey("gpt-oss-20b")].values["input"].amount == Decimal("0.07")
    assert MODELS_URL in result.listings_read


def test_us_rows_are_checked_against_the_stated_premium():
    result, _ = parse()
    assert not [w for w in result.warnings if "US-only rule" in w]
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace("$3.30 / $0.33", "$3.40 / $0.33")
    result, by_key = parse(html)
    assert [w for w in result.warnings if "'Kimi K3 US' standard" in w]
    assert by_key[OfferingKey("kimi-k3", "standard", "us")].values["input"].amount == Decimal("3.40")


def test_pagination_follows_next_page_token_until_empty():
    first, second = api_pages()
    assert "pageToken=page-2" in second.url and "filter=supports_serverless" in second.url
    assert next_page_url(second) is None


@pytest.mark.parametrize("edit, message", [
    (lambda h: h.replace("Text and vision models", "Chat models"), "price table 'Text and vision models' not found"),
    (lambda h: h.replace("<th>Priority</th>", "<th>Premium</th>"), "has columns"),
    (lambda h: h.replace(" / $", " and $"), "no row of 'Text and vision models' could be read"),
])
def test_without_the_model_table_or_any_readable_row_the_run_fails(edit, message):
    with pytest.raises(ParseError, match="docs.fireworks.ai") as error:
        parse(edit((HANDMADE / "fireworks/pricing.html").read_text()))
    assert message in str(error.value)


@pytest.mark.parametrize("cell, states", [
    ("Contact us", (Status.UNKNOWN, Status.UNKNOWN, Status.UNKNOWN)),
    ("$—", (Status.UNKNOWN, Status.UNKNOWN, Status.UNKNOWN)),
    ("$0.07 / $— / $0.30", (Status.PRICED, Status.UNKNOWN, Status.PRICED)),
    ("Free", (Status.FREE, Status.FREE, Status.FREE)),
])
def test_cells_without_a_readable_price_are_unknown_and_free_is_free(cell, states):
    result, by_key = parse((HANDMADE / "fireworks/pricing.html").read_text().replace("$0.07 / $0.035 / $0.30", cell))
    values = by_key[OfferingKey("gpt-oss-20b")].values
    assert tuple(values[f].status for f in ("input", "cached_input", "output")) == states
    assert all(values[f].provenance.raw == cell for f in ("input", "cached_input", "output")
               if values[f].status is not Status.PRICED)
    said = [w for w in result.warnings if "'OpenAI GPT OSS 20B' Standard reads" in w]
    assert len(said) == (0 if cell == "Free" else 1)


def test_a_malformed_listing_only_loses_the_listing_and_says_why():
    bad = Page(API_FIRST, 200, "application/json", b'{"models": {"not": "a list"}}', api_pages()[0].fetched_at)
    result = fireworks.parse(Fetched({"pricing": [pricing_page()], "models": [bad]}))
    assert MODELS_URL not in result.listings_read
    assert all("context_window" in o.unobserved for o in result.offerings)
    assert any("List Models API not read" in w and "api.fireworks.ai" in w for w in result.warnings)


def test_a_dash_in_a_standard_cell_means_not_offered_and_derives_no_batch():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(
        '<td data-numeric="true">$0.07 / $0.035 / $0.30</td>', "<td>—</td>")
    _, by_key = parse(html)
    standard = by_key[OfferingKey("gpt-oss-20b")]
    assert {standard.values[f].status for f in PRICE_FIELDS} == {Status.NOT_OFFERED}
    assert OfferingKey("gpt-oss-20b", "batch") not in by_key


def test_a_row_without_a_name_is_named_by_its_link_and_the_rest_is_read():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(">OpenAI GPT OSS 20B<", "><")
    result, by_key = parse(html)
    (part,) = result.unread
    assert "has no model name" in part.reason and part.models == frozenset({"gpt-oss-20b"})
    assert [(k, o.values) for k, o in by_key.items() if k.model == "gpt-oss-20b"] == [(OfferingKey("gpt-oss-20b"), {})]
    assert by_key[OfferingKey("gpt-oss-20b")].unread  # a placeholder: stands only if the model is new


def snapshot(result) -> dict:
    """Every offering read (not a placeholder), with its values, where each was read from, and what is unobserved."""
    return {o.key: ({f: (v, v.provenance) for f, v in o.values.items()}, o.unobserved)
            for o in result.offerings if o.unread is None}


def test_a_model_whose_row_cannot_be_read_is_not_priced_by_a_size_class():
    """gpt-oss-20b (21B, MoE) is in the listing: without its row it must not fall back to 'MoE up to 56B'."""
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace("$0.07 / $0.035 / $0.30", "$0.07 / $0.30")
    whole, _ = parse(with_api=True)
    result, by_key = parse(html, with_api=True)
    (part,) = result.unread
    assert "Standard cell '$0.07 / $0.30'" in part.reason and part.models == frozenset({"gpt-oss-20b"})
    assert [o.values for k, o in by_key.items() if k.model == "gpt-oss-20b"] == [{}]  # its placeholder only
    assert snapshot(result) == {k: v for k, v in snapshot(whole).items() if k.model != "gpt-oss-20b"}


def api_text(page: int) -> str:
    return (HANDMADE / f"fireworks/list_models_page{page}.json").read_text()


def parse_with_listing(first: str, second: str | None = None, html: str | None = None):
    pages = api_pages()
    edited = [Page(pages[0].url, 200, "application/json", first.encode(), pages[0].fetched_at),
              Page(pages[1].url, 200, "application/json", (second or api_text(2)).encode(), pages[1].fetched_at)]
    return fireworks.parse(Fetched({"pricing": [pricing_page(html)], "models": edited}))


LISTED = {"kimi-k3", "starcoder-16b", "mixtral-8x7b-instruct", "gpt-oss-20b", "nomic-embed-text-v1p5",
          "deepseek-giant", "flux-1-schnell-fp8"}
# (edit of the first listing page, what the unread part says, the model it names (None when unnamed), the
# models whose offerings are not read, the models whose context window is kept as stored)
LISTING_EDITS = [
    (lambda t: t.replace('"15500000000"', '"15.5B"'), "starcoder-16b parameterCount '15.5B' is not an integer",
     "starcoder-16b", {"starcoder-16b"}, set()),
    (lambda t: t.replace('"contextLength": 262144', '"contextLength": "256K"'), "at ('contextLength',)", "kimi-k3",
     set(), {"kimi-k3"}),  # a model with a price row keeps its prices; its context window is not made unknown
    # an entry naming no model of ours: every model the listing does not hold keeps its context window
    (lambda t: t.replace('"accounts/fireworks/models/mixtral-8x7b-instruct"', '"accounts/mistral/models/mixtral"'),
     "does not start with 'accounts/fireworks/models/'", None, {"mixtral-8x7b-instruct"}, "not listed"),
]


@pytest.mark.parametrize("edit, message, model, gone, kept", LISTING_EDITS)
def test_a_listing_entry_that_cannot_be_read_is_named_and_its_model_keeps_its_context(edit, message, model, gone,
                                                                                        kept):
    whole = snapshot(parse(with_api=True)[0])
    result = parse_with_listing(edit(api_text(1)))
    (part,) = result.unread
    assert message in part.reason and part.url == MODELS_URL
    assert part.models == (None if model is None else frozenset({model}))
    assert part.where.startswith(f"{MODELS_URL} · table 'models' · row ")
    kept = {k.model for k in whole if k.model not in LISTED} if kept == "not listed" else kept
    expected = {key: (values, unobserved) if key.model not in kept else
                ({f: v for f, v in values.items() if f != "context_window"}, frozenset({"context_window"}))
                for key, (values, unobserved) in whole.items() if key.model not in gone}
    assert snapshot(result) == expected and MODELS_URL in result.listings_read
    assert (MODELS_URL + BATCH in result.listings_read) == (model is not None)  # unnamed: its batch may be there


def test_a_listing_without_a_list_is_lost_whole_and_said_once():
    result = parse_with_listing('{"models": {"not": "a list"}}')
    assert not result.unread and any("List Models API not read" in w for w in result.warnings)
    assert all("context_window" in o.unobserved for o in result.offerings)


@pytest.mark.parametrize("table, models", [
    ("Other base models", {"starcoder-16b", "mixtral-8x7b-instruct", "deepseek-giant"}),
    ("Embeddings", {"nomic-embed-text-v1p5"}),
])
def test_while_a_class_table_is_not_read_no_model_is_priced_by_it(table, models):
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(f">&#8203;{table}", ">&#8203;Gone")
    whole = snapshot(parse(with_api=True)[0])
    result, _ = parse(html, with_api=True)
    page_part, listing_part = result.unread
    assert page_part.where == f"{PRICING_URL} · table {table!r}" and page_part.models is None
    assert "not found" in page_part.reason
    assert listing_part.url == MODELS_URL and listing_part.models == frozenset(models)
    prefix = "size-tier/" if table != "Embeddings" else "embedding-tier/"
    assert snapshot(result) == {k: v for k, v in whole.items() if k.model not in models and not k.model.startswith(prefix)}
    assert PRICING_URL + BATCH not in result.listings_read  # its batch offerings may be among those not read
    assert MODELS_URL + BATCH in result.listings_read


def test_a_class_row_that_cannot_be_read_leaves_the_models_of_its_table_unpriced():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(
        '<td data-numeric="true">$0.20</td>', '<td data-numeric="true">$0.20 per hour</td>')
    whole = snapshot(parse(with_api=True)[0])
    result, _ = parse(html, with_api=True)
    row, models = result.unread
    assert row.where == f"{PRICING_URL} · table 'Other base models' · row '4B – 16B parameters'"
    assert row.models == frozenset({"size-tier/4b-16b-parameters"}) and "not a dollar amount" in row.reason
    assert models.models == frozenset({"starcoder-16b", "mixtral-8x7b-instruct", "deepseek-giant"})
    gone = models.models | row.models
    assert snapshot(result) == {k: v for k, v in whole.items() if k.model not in gone}
    assert PRICING_URL + BATCH in result.listings_read


# --- the real capture, edited: what cannot be read is named, the rest is read exactly as unedited -------------

def capture_text() -> str:
    return captured_page(FIREWORKS_CAPTURE).text()


def parse_capture(text: str | None = None):
    page = captured_page(FIREWORKS_CAPTURE)
    edited = page if text is None else Page(page.url, 200, page.content_type, text.encode(), page.fetched_at)
    return fireworks.parse(Fetched({"pricing": [edited]}, {"models": "not captured"}))


def replaced(old: str, new: str):
    """An edit of the capture replacing its one ``old`` by ``new``."""
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)
    return edit


def row_html(model: str, label: str, standard: str, priority: str = "<td>—</td>") -> str:
    return (f'<tr><td><a href="https://app.fireworks.ai/models/fireworks/{model}" target="_blank" rel="noreferrer" '
            f'class="link">{label}</a></td><td data-numeric="true">{standard}</td>{priority}</tr>')


KIMI = row_html("kimi-k3", "Kimi K3", "$3.00 / $0.30 / $15.00", '<td data-numeric="true">$3.75 / $0.375 / $18.75</td>')
KIMI_FAST = row_html("kimi-k3", "Kimi K3 Fast", "$4.50 / $0.45 / $22.50")
GPT_120B = ('<td data-numeric="true">$0.15 / $0.015 / $0.60</td><td data-numeric="true">$0.18 / $0.018 / $0.72</td>'
            '</tr>')
HEADING = 'cursor-pointer">{}</span></h2>'
NOTES = '<h2 class="flex whitespace-pre-wrap group font-semibold" id="notes">'


def of(*models: str, tiers: tuple[str, ...] = ()):
    """The offerings of ``models`` (in ``tiers`` only, when given): those an edit leaves unread."""
    return lambda key: key.model in models and (not tiers or key.tier in tiers)


def with_prefix(prefix: str):
    return lambda key: key.model.startswith(prefix)


# (edit of the capture, what the unread part says, the models it names (None: a whole table), the offerings lost)
CAPTURE_EDITS = [
    # unknown kinds of row: a variant word the parser does not know; a Priority price on a Fast row
    (replaced(KIMI, KIMI + row_html("kimi-k3", "Kimi K3 EU", "$3.30 / $0.33 / $16.50")),
     "a variant the parser does not know: 'Kimi K3 EU' beside 'Kimi K3'", {"kimi-k3"}, of()),
    (replaced(KIMI_FAST, KIMI_FAST.replace("<td>—</td>", '<td data-numeric="true">$5 / $0.5 / $25</td>')),
     "Fast row 'Kimi K3 Fast' has a Priority price", {"kimi-k3"}, of("kimi-k3", tiers=("fast",))),
    # unfamiliar cell shapes
    (replaced('<td data-numeric="true">$0.95 / $0.16 / $4.00', '<td data-numeric="true">$0.95 / $4.00'), "'Kimi K2.6' Standard cell '$0.95 / $4.00' is not",
     {"kimi-k2p6"}, of("kimi-k2p6", tiers=("standard", "priority", "batch"))),
    (replaced('<td data-numeric="true">$0.95 / $0.16 / $4.00', '<td data-numeric="true"><del>$1.90</del> / $0.16 / $4.00'), "not a dollar amount: ''", {"kimi-k2p6"},
     of("kimi-k2p6", tiers=("standard", "priority", "batch"))),
    (replaced(GPT_120B, GPT_120B.replace("</tr>", "<td>2x</td></tr>")), "has 4 cells, expected 3", {"gpt-oss-120b"},
     of("gpt-oss-120b")),
    (replaced('<td>4B – 16B parameters</td><td data-numeric="true">$0.20</td>',
              '<td>4B – 16B parameters</td><td data-numeric="true">$0.20 / hour</td>'),
     "not a dollar amount: '$0.20 / hour'", {"size-tier/4b-16b-parameters"}, of("size-tier/4b-16b-parameters")),
    (replaced('<td>Qwen3 8B</td><td data-numeric="true">$0.10</td>', '<td>Qwen3 8B</td><td data-numeric="true">10¢</td>'),
     "not a dollar amount: '10¢'", {"embedding-tier/qwen3-8b"}, of("embedding-tier/qwen3-8b")),
    # a new model whose cell is of an unfamiliar shape: added with unknown values
    (replaced(KIMI, KIMI + row_html("kimi-k4", "Kimi K4", "$2 per hour")), "'Kimi K4' Standard cell '$2 per hour' is",
     {"kimi-k4"}, of()),
    # secondary tables removed or of other columns: named whole, nothing they held is delisted
    (replaced(HEADING.format("Embeddings"), HEADING.format("Vectors")), "price table 'Embeddings' not found", None,
     with_prefix("embedding-tier/")),
    (replaced(HEADING.format("Other base models — by size and architecture"), HEADING.format("Base models")),
     "price table 'Other base models' not found", None, with_prefix("size-tier/")),
    (replaced("<th>$ / 1M tokens</th>", "<th>$ / 1M input tokens</th>"), "has columns", None, with_prefix("size-tier/")),
]


@pytest.mark.parametrize("edit, message, models, gone", CAPTURE_EDITS)
def test_a_part_of_the_capture_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, gone):
    whole = parse_capture()
    result = parse_capture(edit(capture_text()))
    (part,) = result.unread
    assert message in part.reason and part.url == PRICING_URL and part.where.startswith(f"{PRICING_URL} · table ")
    assert part.models == (None if models is None else frozenset(models))
    assert snapshot(result) == {k: v for k, v in snapshot(whole).items() if not gone(k)}
    placeholders = [o for o in result.offerings if o.unread]
    assert all(o.values == {} and o.key.model in (models or ()) for o in placeholders)
    assert (PRICING_URL + BATCH in result.listings_read) == (models is not None)  # unnamed: its batch may be there


def test_two_rows_pricing_one_offering_are_both_named_and_neither_is_read():
    glm = row_html("glm-5p2", "GLM 5.2", "$1.40 / $0.14 / $4.40", '<td data-numeric="true">$1.75 / $0.18 / $5.50</td>')
    result = parse_capture(replaced(glm, glm + glm.replace("$1.40", "$1.20"))(capture_text()))
    assert [(u.where.rsplit(" · ", 1)[1], u.reason, u.models) for u in result.unread] == [
        ("row 'GLM 5.2'", "another row prices the same offering", frozenset({"glm-5p2"}))] * 2
    assert snapshot(result) == {k: v for k, v in snapshot(parse_capture()).items()
                                if not of("glm-5p2", tiers=("standard", "priority", "batch"))(k)}


def test_a_new_table_elsewhere_is_ignored_and_the_capture_read_the_same():
    table = ('<h2 id="image-models"><span>Image models</span></h2><table><thead><tr><th>Model</th><th>$ / image</th>'
             '</tr></thead><tbody><tr><td>FLUX.1</td><td>$0.01</td></tr></tbody></table>\n')
    result = parse_capture(replaced(NOTES, table + NOTES)(capture_text()))
    whole = parse_capture()
    assert not result.unread and snapshot(result) == snapshot(whole) and result.listings_read == whole.listings_read


def test_the_capture_reads_completely():
    assert not parse_capture().unread


def capture_values(text: str) -> dict:
    return {o.key: o.values for o in parse_capture(text).offerings}


def test_free_in_a_price_is_free_and_says_so():
    values = capture_values(replaced('<td data-numeric="true">$0.07 / $0.035 / $0.30', '<td data-numeric="true">$0.07 / Free / $0.30')(capture_text()))
    cached = values[OfferingKey("gpt-oss-20b")]["cached_input"]
    assert (cached.status, cached.amount) == (Status.FREE, 0) and "Free" in cached.provenance.raw
    assert values[OfferingKey("gpt-oss-20b", "batch")]["input"].amount == Decimal("0.035")


@pytest.mark.parametrize("written", ["Free", "free"])
def test_a_size_class_written_free_is_free_and_says_so(written):
    cell = '<td>4B – 16B parameters</td><td data-numeric="true">{}</td>'
    values = capture_values(replaced(cell.format("$0.20"), cell.format(written))(capture_text()))
    for tier in ("standard", "batch"):
        tier_values = values[OfferingKey("size-tier/4b-16b-parameters", tier)]
        assert {tier_values[f].status for f in ("input", "output")} == {Status.FREE}
        assert {tier_values[f].provenance.raw for f in ("input", "output")} == {written}


@pytest.mark.parametrize("cell, listed", [
    ("<del>$6.00</del> $3.00 / $0.30 / <s>$30.00</s> $15.00", {"input": "6.00", "output": "30.00"}),
    ("<strike>$6.00 / $0.60 / $30.00</strike> $3.00 / $0.30 / $15.00",
     {"input": "6.00", "cached_input": "0.60", "output": "30.00"}),
])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(cell, listed):
    result = parse_capture(replaced('<td data-numeric="true">$3.00 / $0.30 / $15.00', f'<td data-numeric="true">{cell}')(capture_text()))
    kimi = next(o.values for o in result.offerings if o.key == OfferingKey("kimi-k3"))
    assert {f: kimi[f"other:{f}_list_price"].amount for f in listed} == {f: Decimal(a) for f, a in listed.items()}
    unedited = snapshot(parse_capture())[OfferingKey("kimi-k3")][0]
    assert {f: (v, v.provenance) for f, v in kimi.items() if "list_price" not in f} == unedited
    assert not result.unread


def test_a_struck_through_size_class_price_is_its_list_price():
    cell = '<td>4B – 16B parameters</td><td data-numeric="true">{}</td>'
    values = capture_values(replaced(cell.format("$0.20"), cell.format("<del>$0.40</del> $0.20"))(capture_text()))
    tier = values[OfferingKey("size-tier/4b-16b-parameters")]
    assert (tier["input"].amount, tier["other:input_list_price"].amount) == (Decimal("0.20"), Decimal("0.40"))
    assert tier["other:output_list_price"].amount == Decimal("0.40")


@pytest.mark.parametrize("label, marked", [
    ("Kimi K3 Fast", "Kimi K3 Fast (1)"), ("Kimi K3<", "Kimi K3*<"), ("GLM 5.2 Fast US", "GLM 5.2 Fast US<sup>2</sup>"),
    ("Kimi K3 US", "Kimi K3 US¹"),
])
def test_a_footnote_mark_beside_a_label_is_not_part_of_it(label, marked):
    result = parse_capture(replaced(f">{label}", f">{marked}")(capture_text()))
    assert not result.unread and snapshot(result) == snapshot(parse_capture())


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    new_row = row_html("kimi-k4", "Kimi K4 Fast", "$2 per hour")
    result = parse_capture(replaced(KIMI, KIMI + new_row)(capture_text()))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == OfferingKey("kimi-k4", "fast") and placeholder.values == {}
    assert "is not 'input / cached input / output'" in placeholder.unread


@pytest.mark.parametrize("beside", [
    row_html("kimi-k3", "Kimi K3 EU", "$3.30 / $0.33 / $16.50"),  # a variant the parser does not know
    row_html("kimi-k3", "Kimi K3", "$3.30 / $0.33 / $16.50"),  # a second row for the same offering
])
def test_a_row_beside_one_that_cannot_be_read_is_never_taken_for_it(beside):
    broken = KIMI.replace("$3.00 / $0.30 / $15.00", "$3.00 / $15.00")
    result = parse_capture(replaced(KIMI, broken + beside)(capture_text()))
    assert len(result.unread) == 2 and all(u.models == frozenset({"kimi-k3"}) for u in result.unread)
    read = snapshot(result)
    assert not {OfferingKey("kimi-k3"), OfferingKey("kimi-k3", "priority"), OfferingKey("kimi-k3", "batch")} & set(read)
    assert read == {k: v for k, v in snapshot(parse_capture()).items() if k in read}
