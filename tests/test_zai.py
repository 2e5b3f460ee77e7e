"""Z.ai's pricing page: every cell of the real capture's seven tables read; changes fail."""

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


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Vision Models", "Multimodal Models"), "price table 'Vision Models' not found"),
    (lambda t: t.replace(">Cached Input Storage", ">Storage"), "has columns"),
    (lambda t: t.replace("$4.4", "¥4.4"), "'¥4.4' is not a price"),
    (lambda t: t.replace('id="content"', 'id="article"'), "content area (#content) not found"),
    (lambda t: t.replace("Video Generation Models", "Video Models"), "price table 'Video Generation Models' not found"),
    (lambda t: t.replace(">Agents<", ">Assistants<"), "price table 'Agents' not found"),
    (lambda t: t.replace(">Cost<", ">Price per use<"), "table 'Built-in Tools' has columns"),
    (lambda t: t.replace(">Agent<", ">Name<"), "table 'Agents' has columns"),
    (lambda t: edit_cell(t, "GLM-Image", "¥0.1"), "Image Generation Models · GLM-Image: '¥0.1' is not a price"),
    (lambda t: edit_cell(t, "Web Search", "$0.01 per use"), "'$0.01 per use' is not a price"),
    (lambda t: t.replace("equivalent to approximately", "about"), "GLM-ASR-2512: '$0.03 / MTok (about"),
    (lambda t: edit_cell(t, "CogVideoX-3", "$0.2 / image"), "priced per 'image', the table per 'video'"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.z.ai/guides/overview/pricing") as error:
        parse_page(zai, page, edit(page.text()))
    assert message in str(error.value)


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
