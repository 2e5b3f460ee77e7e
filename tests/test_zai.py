"""Z.ai's pricing page: every cell of the real capture's seven tables read; without the Text Models table the
run fails, another part not read is named and the rest read."""

import html
import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.zai as zai
from core.errors import ParseError
from core.offering import MAIN_FIELDS
from core.values import Status
from tests.conftest import captured_page, parse_page

CAPTURE = "zai/2026"
FIELDS = ("input", "cached_input", "other:cached_input_storage", "output")
ONE_PRICE = ("Built-in Tools", "Image Generation Models", "Video Generation Models", "Audio Models", "Agents")


def by_name(text: str | None = None):
    result = parse_page(zai, captured_page(CAPTURE), text)
    return {o.model.name: o for o in result.offerings}, result.warnings


def one_price_tables(text: str) -> dict[str, tuple[str | None, list[tuple[str, str]]]]:
    """{heading: (caption, [(name, cell)])} by regexes over the raw HTML of the article, not the DOM."""
    tables = {}
    for section in re.split(r"<h3[^>]*>", text[text.index('id="content"'):])[1:]:
        heading = re.sub(r"<[^>]+>|\u200b", "", section.split("</h3>")[0]).strip()
        caption = re.search(r'<span data-as="p">([^<]*)</span>', section.split("<table")[0])
        rows = re.findall(r"<tr><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>", section)
        tables[heading] = (caption and caption.group(1), [(html.unescape(n), html.unescape(c)) for n, c in rows])
    return {title: tables[title] for title in ONE_PRICE}


def edit_cell(text: str, name: str, new: str) -> str:
    return re.sub(rf"({re.escape(name)}</td><td[^>]*>)[^<]*", lambda m: m.group(1) + new, text, count=1)


def test_every_cell_of_the_text_and_vision_tables_is_read():
    page = captured_page(CAPTURE)
    offerings, warnings = by_name()
    rows = [[c.text(strip=True) for c in r.css("td")] for table in LexborHTMLParser(page.text()).css("table")[:2]
            for r in table.css("tr") if r.css_first("td")]
    assert len(rows) == 21
    for name, *cells in rows:
        for field, text in zip(FIELDS, cells, strict=True):
            got = offerings[name].values[field]
            if text == "-":  # the page's mark for a price the model does not have
                assert got.status is Status.NOT_OFFERED, (name, field)
            elif text == "\\":  # unexplained on the page: unknown, not a guess
                assert got.status is Status.UNKNOWN, (name, field)
            elif "Free" in text:
                assert got.status is Status.FREE and got.provenance.raw == text, (name, field)
            else:
                assert got.amount == Decimal(text.lstrip("$")), (name, field)
    assert warnings == []  # every table is read: nothing to say


def test_every_cell_of_the_one_price_tables_is_kept_in_its_own_unit():
    offerings, _ = by_name()
    tables = one_price_tables(captured_page(CAPTURE).text())
    assert sum(len(rows) for _, rows in tables.values()) == 14 and len(offerings) == 35
    for title, (caption, rows) in tables.items():
        for name, cell in rows:
            amount, unit, approx, approx_unit = re.fullmatch(
                r"\$([\d.]+)(?: / (\w+))?(?: \(equivalent to approximately \$([\d.]+)/(\w+)\))?", cell).groups()
            unit = unit or re.fullmatch(r"Prices per (\w+)\.", caption).group(1)  # else the caption's
            key, unit_text = ("other:tokens", "USD per 1M tokens") if unit == "MTok" else (f"other:{unit}",
                                                                                          f"USD per {unit}")
            got = offerings[name]
            expected = {key: (Decimal(amount), unit_text)} | (
                {f"other:{approx_unit}": (Decimal(approx), f"USD per {approx_unit}")} if approx else {})
            assert {k: (v.amount, v.unit) for k, v in got.values.items() if k.startswith("other:")} == expected, name
            assert got.values[key].provenance.raw == cell and got.values[key].provenance.method == "read"
            assert all(got.values[f].status is Status.UNKNOWN for f in MAIN_FIELDS), name  # never per token
            assert got.model.kind == ("model" if title.endswith("Models") else "price_class"), name
            if title.endswith("Models"):
                assert got.key.model == name.lower()


def test_well_known_one_price_values():
    offerings, _ = by_name()
    ids = {name: o.key.model for name, o in offerings.items()}
    assert ids["Web Search"] == "tool/web-search"
    assert ids["GLM Slide/Poster Agent(beta)"] == "agent/glm-slide-poster-agent"
    assert ids["Popular Special Effects Video Templates"] == "agent/popular-special-effects-video-templates"
    assert offerings["Web Search"].values["other:use"].amount == Decimal("0.01")
    assert offerings["GLM-Image"].values["other:image"].amount == Decimal("0.015")
    assert offerings["ViduQ1-Start-End"].values["other:video"].amount == Decimal("0.4")
    assert offerings["General-Purpose Translation"].values["other:tokens"].amount == Decimal("3")
    minute = offerings["GLM-ASR-2512"].values["other:minute"]  # the page's approximate equivalent: derived
    assert minute.amount == Decimal("0.0024") and minute.provenance.method == "derived"
    assert offerings["GLM-ASR-2512"].values["other:tokens"].amount == Decimal("0.03")


def test_a_price_whose_unit_the_page_does_not_state_is_unknown_and_the_run_says_so():
    text = captured_page(CAPTURE).text().replace('<span data-as="p">Prices per image.</span>', "")
    offerings, warnings = by_name(text)
    value = offerings["GLM-Image"].values["other:price"]
    assert value.status is Status.UNKNOWN and value.provenance.raw == "$0.015"
    assert "other:image" not in offerings["GLM-Image"].values
    assert len(warnings) == 1 and "'Image Generation Models'" in warnings[0]
    assert offerings["CogVideoX-3"].values["other:video"].amount == Decimal("0.2")  # other tables unaffected


def test_states_and_units_as_written_in_the_one_price_tables():
    text = captured_page(CAPTURE).text().replace("Prices per image.", "Prices per 1024x1024 image.")
    text = edit_cell(edit_cell(text, "CogView-4", "Free"), "Vidu2-Image", "-")
    offerings, warnings = by_name(text)
    free = offerings["CogView-4"].values["other:1024x1024_image"]
    assert free.status is Status.FREE and free.unit == "USD per 1024x1024 image" and free.provenance.raw == "Free"
    assert offerings["Vidu2-Image"].values["other:video"].status is Status.NOT_OFFERED
    assert warnings == []


def names_under(text: str, title: str) -> set[str]:
    """The first cell of every row of the table under ``title``, by regexes over the raw HTML (not the DOM)."""
    for section in re.split(r"<h3[^>]*>", text[text.index('id="content"'):])[1:]:
        if re.sub(r"<[^>]+>|\u200b", "", section.split("</h3>")[0]).strip() == title:
            return {html.unescape(n) for n in re.findall(r"<tr><td[^>]*>([^<]*)</td>", section.split("</table>")[0])}
    raise AssertionError(f"no table {title!r} in the capture")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('id="content"', 'id="article"'), "content area (#content) not found"),
    (lambda t: t.replace("Text Models", "Language Models"), "price table 'Text Models' not found"),
    (lambda t: t.replace(">Cached Input Storage", ">Storage"), "table 'Text Models' has columns"),
    (lambda t: t.replace("Prices per 1M tokens.", "Prices per 1K tokens.", 1),
     "table 'Text Models': expected the caption 'Prices per 1M tokens.', found '1K tokens'"),  # not 1000x too cheap
])
def test_without_the_text_models_table_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.z.ai/guides/overview/pricing") as error:
        parse_page(zai, page, edit(page.text()))
    assert message in str(error.value)


FIRST_VISION = '<tr><td style="text-align:left">GLM-5V-Turbo</td>'
NOTE_ROW = '<tr><td colspan="5">From October: new prices</td></tr>' + FIRST_VISION
NEW_IMAGE = "<tr><td>GLM-Image-2</td><td>Contact us</td></tr></tbody>"
VISION, VIDEO, AGENTS = ("Vision Models", "Video Generation Models", "Agents")

# (edit, what the unread part says, the models it names (None: a part naming none), the names of the rows not
# read: a set, or a table's title for all of its rows)
UNREAD_EDITS = [
    # an unknown row kind: a note across the table, a row with a cell more, a price the parser does not know
    (lambda t: t.replace(FIRST_VISION, NOTE_ROW), "row 'From October: new prices': a row of 1 cells, expected 5",
     None, set()),
    (lambda t: edit_cell(t, "Web Search", "$0.01 / use</td><td>per call"),
     "'Built-in Tools' · row 'Web Search': a row of 3 cells, expected 2", None, {"Web Search"}),
    (lambda t: t.replace("</tbody>", NEW_IMAGE, 4).replace(NEW_IMAGE, "</tbody>", 3),
     "row 'GLM-Image-2': Image Generation Models · GLM-Image-2: 'Contact us' is not a price", {"glm-image-2"}, set()),
    # an unfamiliar cell shape
    (lambda t: edit_cell(t, "GLM-4.7", "¥0.6"), "Text Models · GLM-4.7 · input: '¥0.6' is not a price", {"glm-4.7"},
     {"GLM-4.7"}),
    (lambda t: t.replace("$4.4", "¥4.4"), "GLM-5.3 · output: '¥4.4' is not a price", {"glm-5.3"},
     {"GLM-5.3", "GLM-5.2", "GLM-5.1"}),
    (lambda t: edit_cell(t, "GLM-OCR", "$0.03 per 1K"), "'$0.03 per 1K' is not a price", {"glm-ocr"}, {"GLM-OCR"}),
    (lambda t: edit_cell(t, "GLM-Image", "¥0.1"), "Image Generation Models · GLM-Image: '¥0.1' is not a price",
     {"glm-image"}, {"GLM-Image"}),
    (lambda t: edit_cell(t, "Web Search", "$0.01 per use"), "'$0.01 per use' is not a price", {"tool/web-search"},
     {"Web Search"}),
    (lambda t: t.replace("equivalent to approximately", "about"), "GLM-ASR-2512: '$0.03 / MTok (about",
     {"glm-asr-2512"}, {"GLM-ASR-2512"}),
    (lambda t: edit_cell(t, "CogVideoX-3", "$0.2 / image"), "priced per 'image', the table per 'video'",
     {"cogvideox-3"}, {"CogVideoX-3"}),
    # a secondary table removed or of another shape: its heading gone, its columns or caption changed
    (lambda t: t.replace("Vision Models", "Multimodal Models"),
     "table 'Vision Models': price table 'Vision Models' not found", None, VISION),
    (lambda t: t.replace("Prices per 1M tokens.", "Prices per 1K tokens.").replace(
        "Prices per 1K tokens.", "Prices per 1M tokens.", 1),
     "table 'Vision Models': expected the caption 'Prices per 1M tokens.', found '1K tokens'", None,
     VISION),  # a per-1K table: named, not read per 1M
    (lambda t: t.replace("Video Generation Models", "Video Models"),
     "price table 'Video Generation Models' not found", None, VIDEO),
    (lambda t: t.replace(">Agents<", ">Assistants<"), "price table 'Agents' not found", None, AGENTS),
    (lambda t: t.replace(">Cost<", ">Price per use<"), "table 'Built-in Tools' has columns", None, {"Web Search"}),
    (lambda t: t.replace(">Agent<", ">Name<"), "table 'Agents' has columns", None, AGENTS),
]


@pytest.mark.parametrize("edit, message, models, lost", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, lost):
    page = captured_page(CAPTURE)
    whole = {o.model.name: o.values for o in parse_page(zai, page).offerings}
    result = parse_page(zai, page, edit(page.text()))
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == zai.PRICING_URL and part.where.startswith(f"{zai.PRICING_URL} · table ")
    assert part.models == (None if models is None else frozenset(models))
    read = {o.model.name: o.values for o in result.offerings if o.unread is None}
    assert read.keys() <= whole.keys() and all(read[name] == whole[name] for name in read)
    assert whole.keys() - read.keys() == (names_under(page.text(), lost) if isinstance(lost, str) else lost)


def test_the_capture_is_read_whole():
    assert parse_page(zai, captured_page(CAPTURE)).unread == []


def test_a_new_model_whose_row_cannot_be_read_stands_with_unknown_values():
    result = parse_page(zai, captured_page(CAPTURE), UNREAD_EDITS[2][0](captured_page(CAPTURE).text()))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key.model == "glm-image-2" and placeholder.values == {} and "Contact us" in placeholder.unread


NEW_TABLE = ('<h3 id="embedding-models"><span>Embedding Models</span></h3><span data-as="p">Prices per 1M tokens.'
             "</span><table><thead><tr><th>Model</th><th>Price</th></tr></thead><tbody><tr><td>Embedding-3</td>"
             "<td>$0.07</td></tr></tbody></table>")


@pytest.mark.parametrize("before", ['<h3 class="flex whitespace-pre-wrap group font-semibold" id="vision-models">',
                                    '<h3 class="flex whitespace-pre-wrap group font-semibold" id="agents">'])
def test_a_new_table_under_another_heading_is_not_read_and_the_rest_is_read_the_same(before):
    page = captured_page(CAPTURE)
    text = page.text().replace(before, NEW_TABLE + before, 1)
    assert text.count("Embedding-3") == 1
    result = parse_page(zai, page, text)
    assert {o.key: o.values for o in result.offerings} == {o.key: o.values for o in parse_page(zai, page).offerings}
    assert result.unread == [] and result.warnings == []


@pytest.mark.parametrize("cell", ["Free", "free", "FREE", "Free*", "Limited-time free"])
def test_free_in_any_case_is_free_with_the_word_kept(cell):
    offerings, _ = by_name(edit_cell(captured_page(CAPTURE).text(), "GLM-4.7", cell))
    value = offerings["GLM-4.7"].values["input"]
    assert value.status is Status.FREE and value.amount == 0 and value.provenance.raw == cell


@pytest.mark.parametrize("mark", ["¹", " (1)", "*", "<sup>1</sup>", " <sup>(2)</sup>"])
def test_a_footnote_mark_beside_a_model_name_is_not_part_of_its_id(mark):
    page = captured_page(CAPTURE)
    text = page.text().replace(">GLM-4.7</td>", f">GLM-4.7{mark}</td>", 1)
    assert text != page.text()
    marked = {o.key: (o.model, o.values) for o in parse_page(zai, page, text).offerings}
    assert marked == {o.key: (o.model, o.values) for o in parse_page(zai, page).offerings}


@pytest.mark.parametrize("mark", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(mark):
    text = edit_cell(captured_page(CAPTURE).text(), "GLM-4.7", f"<{mark}>$0.6</{mark}> $0.3")
    text = edit_cell(text, "CogView-4", f"<{mark}>$0.01</{mark}> $0.005")
    offerings, warnings = by_name(text)
    glm = offerings["GLM-4.7"].values
    assert (glm["input"].amount, glm["other:input_list_price"].amount) == (Decimal("0.3"), Decimal("0.6"))
    assert glm["input"].provenance.raw == "$0.3" and glm["output"].amount == Decimal("2.2")
    image = offerings["CogView-4"].values
    assert (image["other:image"].amount, image["other:image_list_price"].amount) == (Decimal("0.005"), Decimal("0.01"))
    assert image["other:image_list_price"].unit == image["other:image"].unit == "USD per image"
    assert warnings == []
    untouched, _ = by_name()
    assert {n: o.values for n, o in offerings.items() if n not in ("GLM-4.7", "CogView-4")} == \
        {n: o.values for n, o in untouched.items() if n not in ("GLM-4.7", "CogView-4")}
