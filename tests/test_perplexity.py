"""Perplexity's API pricing page: every cell of the real capture's nine tables read; changes fail."""

import html
import re
from decimal import Decimal

import pytest

import scrapers.perplexity as perplexity
from core.errors import ParseError
from core.offering import MAIN_FIELDS, OfferingKey
from core.validate import validate
from core.values import Status
from tests.conftest import captured_page, parse_page

CAPTURE = "perplexity/2026-08-19"
URL = "https://docs.perplexity.ai/guides/pricing"
PER_MTOK, PER_1K_REQUESTS = "USD per 1M tokens", "USD per 1,000 requests"
# The columns as the page heads them, and where each one's prices belong: the test's own statement of the spec.
TOKEN_COLUMNS = {"Input Tokens ($/1M)": ("input", PER_MTOK), "Output Tokens ($/1M)": ("output", PER_MTOK),
                 "Citation Tokens ($/1M)": ("other:citation", PER_MTOK),
                 "Search Queries ($/1K)": ("other:search_queries", "USD per 1,000 searches"),
                 "Reasoning Tokens ($/1M)": ("other:reasoning", PER_MTOK)}
CONTEXT_SIZES = ("low", "medium", "high")


def raw_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header, body rows) of every <table>, by regexes over the raw HTML, not the DOM the parser walks."""
    def plain(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    tables = []
    for table in re.findall(r"<table.*?</table>", text, re.S):
        header = [plain(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
        body = re.search(r"<tbody>(.*)</tbody>", table, re.S).group(1)
        rows = [[plain(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
        tables.append((header, rows))
    return tables


def cell_value(text: str, unit: str) -> tuple:
    if text == "-":  # the page's mark for a charge the model does not have
        return Status.NOT_OFFERED, None, unit, text
    return Status.PRICED, Decimal(re.fullmatch(r"\$([\d.]+)", text).group(1)), unit, text


def expected_offerings(text: str) -> dict[str, dict[str, tuple]]:
    """{id: {field: (status, amount, unit, raw)}} for every stated value, from the raw tables."""
    expected: dict[str, dict[str, tuple]] = {}
    for header, rows in raw_tables(text):
        for name, *cells in rows:
            expected |= expected_row(header, name, cells, expected)
    return expected


def expected_row(header: list[str], name: str, cells: list[str], so_far: dict) -> dict[str, dict[str, tuple]]:
    model = name.lower().replace(" ", "-")
    if header[0] == "Tool":
        amount, per = re.fullmatch(r"\$([\d.]+) per (\w+)", cells[0]).groups()
        values = {f"other:{per}": (Status.PRICED, Decimal(amount), f"USD per {per}", cells[0])}
        if sdk := re.search(r"\$([\d.]+) per request", cells[1]):
            values["other:sdk_search_query"] = (Status.PRICED, Decimal(sdk[1]), "USD per request", cells[1])
        return {"tool/" + name.replace("_", "-"): values}
    if header[0] == "API":
        return {"tool/" + model: {"other:request": cell_value(cells[0], PER_1K_REQUESTS)}}
    if header[1] == "Input Tokens ($/1M)":
        return {model: {TOKEN_COLUMNS[h][0]: cell_value(c, TOKEN_COLUMNS[h][1])
                        for h, c in zip(header[1:], cells, strict=True)}}
    if header[1] == "Low Context Size":
        fees = {f"other:request_{size}_context": cell_value(c, PER_1K_REQUESTS)
                for size, c in zip(CONTEXT_SIZES, cells, strict=True)}
        return {model: so_far[model] | fees}
    if header[0] == "Search Type":
        fees = re.findall(r"\$([\d.]+)", cells[1]) or [None] * 3  # "Varies by classification": no amount
        return {f"search-type/{model}": {
            f"other:request_{size}_context": (Status.VARIABLE, None, PER_1K_REQUESTS, cells[1]) if fee is None
            else (Status.PRICED, Decimal(fee), PER_1K_REQUESTS, cells[1])
            for size, fee in zip(CONTEXT_SIZES, fees, strict=True)}}
    if header[1] == "Dimensions":
        return {name: {"input": cell_value(cells[1], PER_MTOK)}}
    assert header == ["Component", "Cost"], header  # the worked examples: sums, not prices
    return {}


def parsed(text: str | None = None):
    result = parse_page(perplexity, captured_page(CAPTURE), text)
    return {o.key.model: o for o in result.offerings}, result


def test_every_cell_of_every_table_is_read():
    text = captured_page(CAPTURE).text()
    assert [len(rows) for _, rows in raw_tables(text)] == [5, 1, 4, 3, 3, 2, 2, 4, 5]
    expected = expected_offerings(text)
    offerings, result = parsed()
    assert len(expected) == len(result.offerings) == 17 and set(offerings) == set(expected)
    for model, values in expected.items():
        got = offerings[model].values
        stated = {f: (v.status, v.amount, v.unit, v.provenance.raw) for f, v in got.items()
                  if v.status is not Status.UNKNOWN}
        assert stated == values, model
        assert all(f in got for f in MAIN_FIELDS), model  # the rest of the main fields: unknown, not missing
        assert all(v.provenance.method == "read" and v.provenance.source == URL for v in got.values()), model
        kind = "price_class" if "/" in model else "model"
        assert offerings[model].model.kind == kind and offerings[model].key == OfferingKey(model), model
    validate("perplexity", result)


def test_well_known_values():
    offerings, _ = parsed()
    sonar_pro, deep = offerings["sonar-pro"].values, offerings["sonar-deep-research"].values
    assert (sonar_pro["input"].amount, sonar_pro["output"].amount) == (Decimal("3"), Decimal("15"))
    assert sonar_pro["other:request_high_context"].amount == Decimal("14")
    assert sonar_pro["other:citation"].status is Status.NOT_OFFERED
    assert deep["other:search_queries"].amount == Decimal("5") and deep["other:search_queries"].unit == \
        "USD per 1,000 searches"
    assert deep["other:reasoning"].amount == Decimal("3")
    assert "other:request_low_context" not in deep  # no row in the request table
    assert offerings["sonar"].values["other:request_medium_context"].amount == Decimal("8")
    assert offerings["pplx-embed-v1-0.6b"].values["input"].amount == Decimal("0.004")
    assert offerings["pplx-embed-context-v1-4b"].values["output"].status is Status.UNKNOWN
    assert offerings["tool/sandbox"].values["other:session"].amount == Decimal("0.03")
    assert offerings["tool/web-search"].values["other:invocation"].amount == Decimal("0.0025")
    assert offerings["tool/search-api"].values["other:request"].amount == Decimal("5")
    assert offerings["search-type/pro"].values["other:request_medium_context"].amount == Decimal("18")
    assert offerings["search-type/auto"].values["other:request_low_context"].status is Status.VARIABLE
    assert offerings["sonar"].values["cached_input"].status is Status.UNKNOWN  # no cache prices stated


def test_one_warning_names_what_is_not_read():
    _, result = parsed()
    assert len(result.warnings) == 1
    assert "2 worked cost examples" in result.warnings[0] and "Dimensions" in result.warnings[0]
    assert perplexity.GUARD.min_offerings < len(result.offerings)


def test_tables_are_found_by_their_header_anywhere_on_a_whole_page():
    """The live page wraps each table in prose, headings and tabs; the order of the tables does not matter."""
    text = captured_page(CAPTURE).text()
    tables = re.findall(r"<table.*?</table>", text, re.S)
    shuffled = "".join(f'<div class="tab"><h3>Heading {i}</h3><p>Prose with $1 in it.</p>{t}</div>'
                       for i, t in enumerate(reversed(tables)))
    whole = f"<!DOCTYPE html><html><head><title>Pricing</title></head><body><main>{shuffled}</main></body></html>"
    offerings, _ = parsed(whole)
    expected = {m: {f: (v.status, v.amount, v.unit) for f, v in o.values.items()} for m, o in parsed()[0].items()}
    assert {m: {f: (v.status, v.amount, v.unit) for f, v in o.values.items()} for m, o in offerings.items()} == expected


def table_with(text: str, marker: str) -> str:
    return next(t for t in re.findall(r"<table.*?</table>", text, re.S) if marker in t)


def edit_row(text: str, name: str, old: str, new: str, table: str = "") -> str:
    """Replace ``old`` by ``new`` in the first row showing ``name`` (of the first table holding ``table``)."""
    within = table_with(text, table) if table else text
    row = next(r for r in re.findall(r"<tr>.*?</tr>", within, re.S) if re.search(rf">{re.escape(name)}<", r))
    return text.replace(row, row.replace(old, new, 1), 1)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(table_with(t, "Reasoning Tokens"), ""), "table 'Token pricing' (columns"),
    (lambda t: t.replace(">Citation Tokens ($/1M)<", ">Citations ($/1M)<"), "table 'Token pricing' has columns"),
    (lambda t: t.replace(table_with(t, "Reasoning Tokens"), table_with(t, "Reasoning Tokens") * 2),
     "found 2 tables 'Token pricing'"),
])
def test_without_the_token_table_as_known_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match=re.escape(URL)) as error:
        parse_page(perplexity, page, edit(page.text()))
    assert message in str(error.value)


SONAR = frozenset({"sonar", "sonar-pro", "sonar-reasoning-pro", "sonar-deep-research"})
REQUEST_FEES = frozenset(f"other:request_{size}_context" for size in CONTEXT_SIZES)
EMBEDDING_MODELS = {"pplx-embed-v1-0.6b", "pplx-embed-v1-4b", "pplx-embed-context-v1-0.6b", "pplx-embed-context-v1-4b"}
TOOL_CLASSES = {"tool/web-search", "tool/fetch-url", "tool/people-search", "tool/finance-search", "tool/sandbox"}
SEARCH_TYPE_CLASSES = {"search-type/fast", "search-type/pro", "search-type/auto"}


def models(*ids: str) -> frozenset[str]:
    return frozenset(ids)


def with_row(text: str, table: str, row: str) -> str:
    """The table holding ``table`` with ``row`` added first in its body."""
    found = table_with(text, table)
    return text.replace(found, found.replace("<tbody>", f"<tbody>{row}", 1), 1)


def copy_of_row(text: str, table: str, name: str, new_name: str) -> str:
    row = next(r for r in re.findall(r"<tr>.*?</tr>", table_with(text, table), re.S) if f">{name}<" in r)
    return row.replace(f">{name}<", f">{new_name}<")


# (edit, the parts named: (where after the URL, why, the models left unobserved; None: not named), the offerings
# not read, the fields of the Sonar models left unobserved)
UNREAD_EDITS = [
    # secondary tables removed, changed or twice: named, their offerings not read
    (lambda t: t.replace(table_with(t, "Low Context Size"), ""),
     [("table 'Request pricing'", "table 'Request pricing' (columns", None)], set(), REQUEST_FEES),
    (lambda t: t.replace("High Context Size</th>", "High Context Size</th><th>Max Context Size</th>"),
     [("table 'Request pricing'", "table 'Request pricing' has columns", None)], set(), REQUEST_FEES),
    (lambda t: t.replace(table_with(t, "Search Type"), ""),
     [("table 'Search type options'", "table 'Search type options' (columns", None)], SEARCH_TYPE_CLASSES, set()),
    (lambda t: t.replace(table_with(t, "Search Type"), table_with(t, "Search Type") * 2),
     [("table 'Search type options'", "found 2 tables 'Search type options'", None)], SEARCH_TYPE_CLASSES, set()),
    (lambda t: t.replace(table_with(t, "pplx-embed"), "").replace(table_with(t, "pplx-embed-context"), ""),
     [("table 'Embeddings'", "table 'Embeddings' (columns", None)], EMBEDDING_MODELS, set()),
    (lambda t: t.replace(">Price per 1K requests<", ">Price<"),
     [("table 'Search API pricing'", "table 'Search API pricing' has columns", None)], {"tool/search-api"}, set()),
    (lambda t: t.replace("<th>Cost</th>", "<th>Cost</th><th>Notes</th>", 1),
     [("table 'Cost example'", "table 'Cost example' has columns", None)], set(), set()),
    (lambda t: t.replace("<th>Tool</th><th style=\"text-align:center\">Price</th>",
                         "<th>Tool</th><th>Price per 1K requests</th>"),
     [("table 'Tool pricing'", "table 'Tool pricing' has columns", None)], TOOL_CLASSES, set()),
    # new tables: one of no known layout, one like two layouts (the tool table is then missing)
    (lambda t: t.replace("</body>", "<table><tr><th>Plan</th><th>Seats</th></tr></table></body>"),
     [("table 'Plan | Seats'", "a table with columns ['Plan', 'Seats'] that the parser does not know", None)],
     set(), set()),
    (lambda t: t.replace("<th>Tool</th>", "<th>Name</th><th>Price per 1K requests</th>"),
     [("table 'Name | Price per 1K requests | Price | Description'",
       "that the parser does not know (like tables 'Tool pricing', 'Search API pricing')", None),
      ("table 'Tool pricing'", "table 'Tool pricing' (columns", None)], TOOL_CLASSES, set()),
    # unknown row kinds: a note across the table, a row of another length (its first cell names no known model)
    (lambda t: with_row(t, "Reasoning Tokens", '<tr><td colspan="6">More models soon</td></tr>'),
     [("table 'Token pricing' · row 'More models soon'", "1 cells, expected 6", None)], set(), set()),
    (lambda t: edit_row(t, "Sonar Pro", "</td></tr>", "</td><td>$1</td></tr>", "Reasoning Tokens"),
     [("table 'Token pricing' · row 'Sonar Pro'", "7 cells, expected 6", None)], {"sonar-pro"}, set()),
    (lambda t: re.sub(r'(pplx-embed-v1-4b</code></td>)<td[^>]*>2560</td>', r"\1", t),
     [("table 'Embeddings' · row 'pplx-embed-v1-4b'", "2 cells, expected 3", None)], {"pplx-embed-v1-4b"}, set()),
    (lambda t: with_row(t, "Low Context Size", copy_of_row(t, "Low Context Size", "Sonar", "Sonar Max")),
     [("table 'Request pricing' · row 'Sonar Max'", "not one row of a model", models("sonar-max"))], set(), set()),
    (lambda t: with_row(t, "Low Context Size", copy_of_row(t, "Low Context Size", "Sonar", "Sonar")),
     [("table 'Request pricing' · row 'Sonar'", "not one row of a model", models("sonar"))], {"sonar"}, set()),
    (lambda t: t.replace("pplx-embed-context-v1-4b", "pplx-embed-v1-4b"),
     [("table 'Embeddings' · row 'pplx-embed-v1-4b'", "listed in two rows or tables: pplx-embed-v1-4b",
       models("pplx-embed-v1-4b"))], {"pplx-embed-v1-4b", "pplx-embed-context-v1-4b"}, set()),
    # unfamiliar cells: the row's model is named; a Sonar model is dropped whole, its other row unread too
    (lambda t: edit_row(t, "Sonar Pro", "$15", "15 USD"),
     [("table 'Token pricing' · row 'Sonar Pro'", "Output Tokens ($/1M): '15 USD'", models("sonar-pro"))],
     {"sonar-pro"}, set()),
    (lambda t: edit_row(t, "Sonar", "$8", "$8/1K", "Low Context Size"),
     [("table 'Request pricing' · row 'Sonar'", "Medium Context Size: '$8/1K'", models("sonar"))], {"sonar"}, set()),
    (lambda t: edit_row(t, "pro", "$14 / $18 / $22", "$14 / $18"),
     [("table 'Search type options' · row 'pro'", "Request Fee (per 1K)", models("search-type/pro"))],
     {"search-type/pro"}, set()),
    (lambda t: edit_row(t, "auto", "Varies by classification", "Varies"),
     [("table 'Search type options' · row 'auto'", "'Varies' is not", models("search-type/auto"))],
     {"search-type/auto"}, set()),
    (lambda t: edit_row(t, "web_search", "$0.0025 per invocation", "$0.0025 per call"),
     [("table 'Tool pricing' · row 'web_search'", "Price: '$0.0025 per call'", models("tool/web-search"))],
     {"tool/web-search"}, set()),
    (lambda t: edit_row(t, "people_search", "$5 per 1,000", "$6 per 1,000"),
     [("table 'Tool pricing' · row 'people_search'", "disagrees with the Price", models("tool/people-search"))],
     {"tool/people-search"}, set()),
    (lambda t: edit_row(t, "fetch_url", "URLs", "URLs, $1 per 1,000 pages"),
     [("table 'Tool pricing' · row 'fetch_url'", "a price the parser does not know", models("tool/fetch-url"))],
     {"tool/fetch-url"}, set()),
    (lambda t: edit_row(t, "Search API", "filtering", "filtering, $1 per 1K fast requests"),
     [("table 'Search API pricing' · row 'Search API'", "read (it states a price)", models("tool/search-api"))],
     {"tool/search-api"}, set()),
    (lambda t: edit_row(t, "Search API", "$5.00", "5.00"),
     [("table 'Search API pricing' · row 'Search API'", "'5.00' is not a price", models("tool/search-api"))],
     {"tool/search-api"}, set()),
    (lambda t: edit_row(t, "pplx-embed-v1-4b", "$0.03", "¢3"),
     [("table 'Embeddings' · row 'pplx-embed-v1-4b'", "'¢3' is not a price", models("pplx-embed-v1-4b"))],
     {"pplx-embed-v1-4b"}, set()),
    (lambda t: edit_row(t, "Sonar", "$1", "$0.001/1K"),  # a per-1K price is not read as per 1M
     [("table 'Token pricing' · row 'Sonar'", "'$0.001/1K' is not a price", models("sonar"))], {"sonar"}, set()),
]


def read_offerings(result) -> dict:
    return {o.key.model: o for o in result.offerings if o.unread is None}


@pytest.mark.parametrize("edit, named, lost, unobserved", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, named, lost, unobserved):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(perplexity, page))
    edited = edit(page.text())
    assert edited != page.text()
    result = parse_page(perplexity, page, edited)
    assert [(u.url, u.where, u.models) for u in result.unread] == [(URL, f"{URL} · {w}", m) for w, _, m in named]
    assert all(why in u.reason for u, (_, why, _) in zip(result.unread, named, strict=True)), result.unread
    got = read_offerings(result)
    assert set(got) == set(whole) - set(lost)
    for model, offering in got.items():  # exactly the values of the whole page, but for the fields not read
        assert offering.unobserved == (unobserved if model in SONAR else frozenset()), model
        assert offering.values == {f: v for f, v in whole[model].values.items() if f not in offering.unobserved}, model
    placeholders = {o.key.model: o for o in result.offerings if o.unread}
    assert set(placeholders) == {m for _, _, ids in named for m in ids or ()}
    assert all(o.values == {} for o in placeholders.values())


@pytest.mark.parametrize("written", ["Free", "free", "FREE*"])
def test_free_in_any_price_cell_is_free_with_its_word_kept(written):
    text = edit_row(captured_page(CAPTURE).text(), "Sonar", "$1", written, "Reasoning Tokens")
    text = edit_row(text, "fetch_url", "$0.0005 per invocation", written)  # no unit: the column's, per invocation
    text = edit_row(text, "sandbox", "$0.03 per session", "Free per session")
    text = edit_row(text, "fast", "$6 / $10 / $14", written)
    text = edit_row(text, "Search API", "$5.00", written)
    text = edit_row(text, "pplx-embed-v1-4b", "$0.03", written)
    offerings, result = parsed(text)
    free = {("sonar", "input", PER_MTOK), ("tool/fetch-url", "other:invocation", "USD per invocation"),
            ("tool/sandbox", "other:session", "USD per session"), ("tool/search-api", "other:request", PER_1K_REQUESTS),
            ("pplx-embed-v1-4b", "input", PER_MTOK)}
    free |= {("search-type/fast", f"other:request_{size}_context", PER_1K_REQUESTS) for size in CONTEXT_SIZES}
    for model, field, unit in free:
        value = offerings[model].values[field]
        assert (value.status, value.amount, value.unit) == (Status.FREE, 0, unit), (model, field)
        assert "free" in value.provenance.raw.lower()  # stated as free: the guard does not hold the 0
    assert not result.unread
    whole = parsed()[0]
    assert all(o.values == whole[m].values for m, o in offerings.items() if m not in {m for m, _, _ in free})


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    def struck(listed: str, charged: str) -> str:
        return f"<{tag}>{listed}</{tag}> {charged}"
    text = edit_row(captured_page(CAPTURE).text(), "Sonar Pro", ">$3<", f">{struck('$6', '$3')}<", "Reasoning")
    text = edit_row(text, "Sonar Pro", ">$14<", f">{struck('$20', '$14')}<", "Low Context Size")
    text = edit_row(text, "web_search", "$0.0025 per invocation", struck("$0.005", "$0.0025 per invocation"))
    text = edit_row(text, "pro", "$14 / $18 / $22", struck("$20 / $24 / $28", "$14 / $18 / $22"))
    text = edit_row(text, "pplx-embed-v1-4b", "$0.03", struck("$0.06", "$0.03"))
    offerings, result = parsed(text)
    listed = {("sonar-pro", "other:input_list_price"): 6, ("sonar-pro", "other:request_high_context_list_price"): 20,
              ("tool/web-search", "other:invocation_list_price"): Decimal("0.005"),
              ("search-type/pro", "other:request_low_context_list_price"): 20,
              ("search-type/pro", "other:request_high_context_list_price"): 28,
              ("pplx-embed-v1-4b", "other:input_list_price"): Decimal("0.06")}
    assert {key: offerings[key[0]].values[key[1]].amount for key in listed} == listed
    assert offerings["tool/web-search"].values["other:invocation_list_price"].unit == "USD per invocation"
    whole = parsed()[0]
    assert not result.unread and set(offerings) == set(whole)
    for model, offering in offerings.items():  # the prices charged: as before
        assert {f: v for f, v in offering.values.items() if not f.endswith("_list_price")} == whole[model].values


@pytest.mark.parametrize("mark", [" (1)", "*", "¹", "<sup>1</sup>"])
def test_a_footnote_mark_beside_a_name_is_not_part_of_it(mark):
    text = captured_page(CAPTURE).text().replace("<strong>Sonar Pro</strong>", f"<strong>Sonar Pro{mark}</strong>")
    text = text.replace("<code>web_search</code></strong>", f"<code>web_search</code>{mark}</strong>")
    text = text.replace("<code>pplx-embed-v1-4b</code>", f"<code>pplx-embed-v1-4b</code>{mark}")
    offerings, result = parsed(text)
    whole = parsed()[0]
    assert not result.unread and set(offerings) == set(whole)
    assert all(o.values == whole[m].values for m, o in offerings.items())
    assert (offerings["sonar-pro"].model.name, offerings["tool/web-search"].model.name) == ("Sonar Pro", "web_search")
