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
    (lambda t: t.replace(table_with(t, "Low Context Size"), ""), "table 'Request pricing' (columns"),
    (lambda t: t.replace(table_with(t, "Search Type"), ""), "table 'Search type options' (columns"),
    (lambda t: t.replace(table_with(t, "pplx-embed"), "").replace(table_with(t, "pplx-embed-context"), ""),
     "table 'Embeddings' (columns"),
    (lambda t: t.replace(">Citation Tokens ($/1M)<", ">Citations ($/1M)<"), "table 'Token pricing' has columns"),
    (lambda t: t.replace(">Price per 1K requests<", ">Price<"), "table 'Search API pricing' has columns"),
    (lambda t: t.replace("High Context Size</th>", "High Context Size</th><th>Max Context Size</th>"),
     "table 'Request pricing' has columns"),
    (lambda t: t.replace("<th>Cost</th>", "<th>Cost</th><th>Notes</th>"), "table 'Cost example' has columns"),
    (lambda t: t.replace("<th>Tool</th><th style=\"text-align:center\">Price</th>",
                         "<th>Tool</th><th>Price per 1K requests</th>"), "table 'Tool pricing' has columns"),
    (lambda t: t.replace("<th>Tool</th>", "<th>Name</th><th>Price per 1K requests</th>"),
     "that the parser does not know (like tables 'Tool pricing', 'Search API pricing')"),
    (lambda t: t.replace("</body>", "<table><tr><th>Plan</th><th>Seats</th></tr></table></body>"),
     "a table with columns ['Plan', 'Seats'] that the parser does not know"),
    (lambda t: t.replace(table_with(t, "Reasoning Tokens"), table_with(t, "Reasoning Tokens") * 2),
     "found 2 tables 'Token pricing'"),
    (lambda t: edit_row(t, "Sonar Pro", "$15", "15 USD"), "Token pricing · Sonar Pro · Output Tokens ($/1M): '15 USD'"),
    (lambda t: edit_row(t, "Sonar", "$8", "$8/1K", "Low Context Size"),
     "Request pricing · Sonar · Medium Context Size: '$8/1K'"),
    (lambda t: edit_row(t, "pro", "$14 / $18 / $22", "$14 / $18"), "Search type options · pro · Request Fee (per 1K)"),
    (lambda t: edit_row(t, "auto", "Varies by classification", "Varies"), "Search type options · auto"),
    (lambda t: edit_row(t, "web_search", "$0.0025 per invocation", "$0.0025 per call"),
     "Tool pricing · web_search · Price"),
    (lambda t: edit_row(t, "people_search", "$5 per 1,000", "$6 per 1,000"),
     "Tool pricing · people_search · Description"),
    (lambda t: edit_row(t, "fetch_url", "URLs", "URLs, $1 per 1,000 pages"), "Tool pricing · fetch_url · Description"),
    (lambda t: edit_row(t, "Search API", "filtering", "filtering, $1 per 1K fast requests"),
     "Search API pricing · Search API · Description"),
    (lambda t: edit_row(t, "Search API", "$5.00", "5.00"), "Search API pricing · Search API · Price per 1K requests"),
    (lambda t: edit_row(t, "pplx-embed-v1-4b", "$0.03", "¢3"), "Embeddings · pplx-embed-v1-4b · Price ($/1M tokens)"),
    (lambda t: re.sub(r'(pplx-embed-v1-4b</code></td>)<td[^>]*>2560</td>', r"\1", t),
     "table 'Embeddings' · pplx-embed-v1-4b: 2 cells, expected 3"),
    (lambda t: edit_row(t, "Sonar Reasoning Pro", "Sonar Reasoning Pro", "Sonar Max", "Low Context Size"),
     "table 'Request pricing' · Sonar Max: not one row of a model"),
    (lambda t: t.replace("pplx-embed-context-v1-4b", "pplx-embed-v1-4b"),
     "listed in two rows or tables: pplx-embed-v1-4b"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    edited = edit(page.text())
    assert edited != page.text()
    with pytest.raises(ParseError, match=re.escape(URL)) as error:
        parse_page(perplexity, page, edited)
    assert message in str(error.value)
