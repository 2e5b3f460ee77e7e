"""Volcengine's model plaza (HTML cards, CNY): every price and limit of the real capture read, checked by regexes
over each card's raw text; ranges never taken as a price; rounded sizes not guessed; a card or section that cannot
be read is named and the rest read; without language models the run fails; "Free", list prices, footnote marks."""

import re
from collections import Counter
from decimal import Decimal

import pytest

import scrapers.volcengine as volcengine
from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS
from core.validate import validate
from core.values import TOKENS, Status
from storage.codec import token_currency
from tests.conftest import captured_page, parse_page

CAPTURE = "volcengine/2026-08-19"
URL = "ai.volcengine.com/model"
CNY_MTOK = "CNY per 1M tokens"
# the test's own reading of the cards: label -> field
TOKEN_LABELS = {"输入价格": "input", "推理输入": "input", "输出价格": "output", "推理输出": "output"}
LIMIT_LABELS = {"上下文窗口": "context_window", "最大输出": "max_output_tokens"}
NOT_PRICES = {"输入/输出", "视频分辨率", "RPM", "IPM"}
_CELL = re.compile(r"^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? (元/百万 tokens|元/张)$")


def result(text: str | None = None):
    return parse_page(volcengine, captured_page(CAPTURE), text)


def offerings(text: str | None = None) -> dict[str, dict]:
    return {o.key.model: o.values for o in result(text).offerings}


def raw_cards(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(API id, name, [(label, value text)]) of every card, by regexes over the raw HTML (not the parser's walk)."""
    cards = []
    for chunk in text.split('<article class="model-card"')[1:]:
        chunk = chunk.split("</article>")[0]
        model_id = re.search(r'<span class="model-id-text">([^<]+)</span>', chunk).group(1)
        name = re.search(r"<h3>([^<]+)</h3>", chunk).group(1)
        rows = []
        for row in chunk.split('<div class="spec-row')[1:]:
            label = re.search(r'<span class="k">([^<]+)</span>', row).group(1)
            value = re.search(r'<span class="value-text">([^<]*)</span>', row)
            rows.append((label, value.group(1) if value else ""))
        cards.append((model_id, name, rows))
    return cards


def card_text(text: str, model_id: str) -> tuple[int, int]:
    """Where the card showing ``model_id`` starts and ends in the raw HTML."""
    start = text.rindex('<article class="model-card"', 0, text.index(f'"model-id-text">{model_id}<'))
    return start, text.index("</article>", start)


def in_card(model_id: str, old: str, new: str):
    """An edit of the capture replacing ``old`` by ``new`` inside one card only."""
    def edit(text: str) -> str:
        start, end = card_text(text, model_id)
        assert old in text[start:end], (model_id, old)
        return text[:start] + text[start:end].replace(old, new) + text[end:]
    return edit


def test_every_price_and_limit_of_every_card_is_read():
    page = captured_page(CAPTURE)
    got, cards = offerings(), raw_cards(page.text())
    assert not result().unread  # the real capture reads completely
    assert len(cards) == len(got) == 10
    stated: Counter = Counter()
    for model_id, name, rows in cards:
        values = got[model_id]
        assert all(values[f].unit == CNY_MTOK for f in PRICE_FIELDS), model_id  # all four, even unknown
        assert values["cached_input"].status is values["cache_write"].status is Status.UNKNOWN
        expected_other = set()
        for label, written in rows:
            if label in TOKEN_LABELS:
                expected_other |= _check_price(values, TOKEN_LABELS[label], written, f"{name} · {label}")
                stated.update(Decimal(n) for n in re.findall(r"[\d.]+", written))
            elif label in LIMIT_LABELS:
                limit = values[LIMIT_LABELS[label]]
                assert re.fullmatch(r"\d+k", written) and limit.status is Status.UNKNOWN, (model_id, label)
                assert (limit.provenance.raw, limit.unit) == (written, TOKENS)
            else:
                assert label in NOT_PRICES, (model_id, label)
        if not {label for label, _ in rows} & set(LIMIT_LABELS):
            assert all(values[f].status is Status.UNKNOWN for f in LIMIT_FIELDS), model_id
        assert {f for f in values if f.startswith("other:")} == expected_other, model_id
    read = Counter(v.amount for o in got.values() for v in o.values() if v.has_amount and v.unit != TOKENS)
    assert read == stated  # nothing dropped, nothing invented


def _check_price(values: dict, field: str, written: str, label: str) -> set[str]:
    """One price row against the values; the other: fields it must make."""
    low, high, unit = _CELL.fullmatch(written).groups()
    name = field if unit == "元/百万 tokens" else f"{field}_image"
    main = values[name if name == field else f"other:{name}"]
    assert main.provenance.label == label and main.provenance.raw == (f"{low}-{high}" if high else low)
    if unit == "元/张":  # per image: its own unit; the token price unknown
        assert values[field].status is Status.UNKNOWN and values[field].unit == CNY_MTOK
    if high is None:
        assert (main.status, main.amount) == (Status.PRICED, Decimal(low)), label
        assert main.unit == (CNY_MTOK if unit == "元/百万 tokens" else "CNY per image")
        return set() if name == field else {f"other:{name}"}
    assert main.status is Status.UNKNOWN and main.unit == CNY_MTOK, label  # a range: never one bound as the price
    bounds = values[f"other:{name}_range_min"], values[f"other:{name}_range_max"]
    assert [(b.status, b.amount, b.unit) for b in bounds] == [(Status.PRICED, Decimal(low), CNY_MTOK),
                                                              (Status.PRICED, Decimal(high), CNY_MTOK)]
    assert all(b.provenance.raw == f"{low}-{high}" for b in bounds)
    return {f"other:{name}_range_min", f"other:{name}_range_max"}


def test_well_known_prices_typed_by_hand():
    got = offerings()
    glm = got["glm-5-2-260617"]
    assert (glm["input"].amount, glm["output"].amount, glm["input"].unit) == (Decimal(8), Decimal(28), CNY_MTOK)
    assert glm["context_window"].status is Status.UNKNOWN and glm["context_window"].provenance.raw == "1024k"
    assert glm["max_output_tokens"].provenance.raw == "128k"
    lite = got["doubao-seed-2-0-lite-260428"]
    assert lite["input"].status is Status.UNKNOWN and lite["input"].provenance.raw == "0.6-1.8"
    assert (lite["other:input_range_min"].amount, lite["other:input_range_max"].amount) == (Decimal("0.6"),
                                                                                          Decimal("1.8"))
    assert lite["other:output_range_max"].amount == Decimal("10.8")
    video = got["doubao-seedance-2-0-260128"]
    assert (video["other:input_range_min"].amount, video["other:output_range_max"].amount) == (16, 51)
    image = got["doubao-seedream-5-0-pro-260628"]
    assert (image["other:output_image"].amount, image["other:output_image"].unit) == (Decimal("0.3"),
                                                                                      "CNY per image")
    assert got["deepseek-v4-flash-260425"]["output"].amount == 2


def test_names_are_the_cards_and_the_run_is_valid_in_cny():
    run = result()
    names = {o.key.model: o.model.name for o in run.offerings}
    assert names["glm-5-2-260617"] == "GLM-5.2" and names["doubao-seed-evolving-latest-version"] == \
        "Doubao-Seed-Evolving"
    assert {o.key.tier for o in run.offerings} == {"standard"}
    validate("volcengine", run)
    assert {token_currency(o.values) for o in run.offerings} == {"CNY"}


def test_what_is_not_read_is_named_in_one_warning():
    (warning,) = result().warnings
    for label in ("输入/输出", "视频分辨率", "RPM", "IPM", "Doubao-Seedance-2.0", "Doubao-Seedream-5.0-pro"):
        assert label in warning


def test_a_card_without_an_api_id_is_named_by_its_label_and_said_so():
    got = result(in_card("glm-5-2-260617", '<span class="model-id-text">glm-5-2-260617</span>', "")(
        captured_page(CAPTURE).text()))
    assert "glm-5.2" in {o.key.model for o in got.offerings}
    assert "no API id" in got.warnings[0] and "GLM-5.2" in got.warnings[0]


def test_an_exact_token_count_is_read():
    values = offerings(in_card("glm-5-2-260617", ">128k<", ">131,072<")(captured_page(CAPTURE).text()))
    limit = values["glm-5-2-260617"]["max_output_tokens"]
    assert (limit.status, limit.amount) == (Status.KNOWN, 131072)


def _drop_row(text: str, model_id: str, label: str) -> str:
    start, end = card_text(text, model_id)
    card = re.sub(rf'<div class="spec-row"><span class="k">{label}</span>.*?</span></span></span></div>', "",
                  text[start:end], count=1)
    assert label not in card
    return text[:start] + card + text[end:]


GLM = "glm-5-2-260617"
LITE = "doubao-seed-2-0-lite-260428"


def section(text: str, title: str) -> tuple[int, int]:
    """Where the section titled ``title`` starts and ends (after its closing tag) in the raw HTML."""
    start = text.index(f'<section aria-label="{title}"')
    return start, text.index("</section>", start) + len("</section>")


def without_section(title: str):
    def edit(text: str) -> str:
        start, end = section(text, title)
        return text[:start] + text[end:]
    return edit


def second_section(title: str, of: str, model_id: str | None = None, new_id: str | None = None):
    """A copy of section ``of`` under the title ``title`` added after it (its card ids renamed when told)."""
    def edit(text: str) -> str:
        start, end = section(text, of)
        copy = text[start:end].replace(f'aria-label="{of}"', f'aria-label="{title}"')
        copy = copy.replace(f">{model_id}<", f">{new_id}<") if model_id else copy
        return text[:end] + copy + text[end:]
    return edit


def card_also_in(text: str, model_id: str, title: str) -> str:
    """The card of ``model_id`` shown a second time, at the end of section ``title``."""
    start, end = card_text(text, model_id)
    at = text.index("</div></section>", section(text, title)[0])
    return text[:at] + text[start:end] + "</article>" + text[at:]


def read_values(run) -> dict:
    return {o.key: o.values for o in run.offerings if o.unread is None}


VIDEO, IMAGE = "doubao-seedance-2-0-260128", "doubao-seedream-5-0-pro-260628"
# (edit of the capture, what the unread part says, the models it leaves unobserved: None for a section)
UNREAD_EDITS = [
    (in_card(GLM, '<span class="k">输出价格</span>', '<span class="k">输出费用</span>'),
     "card 'GLM-5.2': unknown label '输出费用'", {GLM}),  # an unknown kind of row
    (in_card(GLM, '<span class="k">输出价格</span>', '<span class="k">价格</span>'), "unknown label '价格'", {GLM}),
    (lambda t: _drop_row(t, GLM, "输出价格"), "card 'GLM-5.2': no output price", {GLM}),
    (in_card(GLM, "8 元/百万 tokens", "8 元/千 tokens"), "card 'GLM-5.2 · 输入价格': unknown unit '元/千 tokens'",
     {GLM}),  # an unfamiliar cell: a per-1K price is named, never read as per 1M
    (in_card(GLM, "8 元/百万 tokens", "8 美元/百万 tokens"), "GLM-5.2 · 输入价格': unknown unit '美元", {GLM}),
    (in_card(LITE, ">0.6-1.8 ", ">0.6- "), "'Doubao-Seed-2.0-lite · 推理输入': '0.6- 元/百万 tokens' is not a price",
     {LITE}),
    (in_card(LITE, ">0.6-1.8 ", ">1.8-0.6 "), "'Doubao-Seed-2.0-lite · 推理输入': malformed range", {LITE}),
    (in_card(LITE, ">0.6-1.8 ", ">0.6~1.8 "), "Doubao-Seed-2.0-lite · 推理输入': '0.6~1.8", {LITE}),
    (in_card(LITE, '"value-text">0.6-1.8 ', '"value-text"><del>2</del> 0.6-1.8 '),
     "a list price '2' beside a range '0.6-1.8 元/百万 tokens'", {LITE}),
    (in_card(GLM, '"value-text">8 元', '"value-text"><del>10 元/张</del> 8 元'),
     "list price '10 元/张' is not an amount in the unit of '8 元/百万 tokens'", {GLM}),
    (in_card(GLM, ">1024k<", ">1024 千<"), "'GLM-5.2 · 上下文窗口': '1024 千' is not a token count", {GLM}),
    (in_card(GLM, '<span class="k">输入价格</span>', '<span class="k">推理输出</span>'), "'GLM-5.2': output is priced twice",
     {GLM}),
    (in_card(GLM, "<h3>GLM-5.2</h3>", "<h3></h3>"), "a model card without a name (h3): 'glm-5-2-260617'", {GLM}),
    (in_card(GLM, '<div class="spec-row"><span class="k">输入价格</span>', '<div class="spec-row"><b>输入价格</b>'),
     "card 'GLM-5.2': a spec row without its label (.k) or value (.v)", {GLM}),
    # a card naming no model (no name, no API id): nothing on the page is delisted this run
    (lambda t: in_card(GLM, "<h3>GLM-5.2</h3>", "<h3></h3>")(t).replace(f">{GLM}<", "><", 1),
     "a model card without a name (h3)", None),
    # a second card of one model (the image card shown under video too): which one is charged? neither is read
    (lambda t: card_also_in(t, IMAGE, "视频生成"), f"a second card of model {IMAGE!r}", {IMAGE}),
    # a new section: named, its cards not read
    (second_section("语音模型", "图像创作", IMAGE, "doubao-speech-1"),
     "section '语音模型': a section the parser does not know (1 cards): not read", None),
    # a secondary section removed: named, its model not delisted
    (without_section("视频生成"), "section '视频生成': no model card found", None),
    (without_section("图像创作"), "section '图像创作': no model card found", None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = read_values(result())
    run = result(edit(captured_page(CAPTURE).text()))
    (part,) = [u for u in run.unread if message in str(u)]
    assert part.url == volcengine.MODELS_URL and part.where.startswith(f"{volcengine.MODELS_URL} · ")
    assert part.models == (None if models is None else frozenset(models))
    read = read_values(run)
    assert read and all(whole[key] == values for key, values in read.items())  # nothing half-read or changed
    assert models is None or {k.model for k in whole} - {k.model for k in read} <= models
    assert len(read) >= len(whole) - 1 and len(run.unread) == 1  # the rest of the page is read as before
    assert [o.key.model for o in run.offerings if o.unread] == sorted(models or [])


def test_a_second_card_of_one_model_drops_both():
    run = result(card_also_in(captured_page(CAPTURE).text(), IMAGE, "视频生成"))
    assert IMAGE not in {o.key.model for o in run.offerings if o.unread is None}
    assert [(o.key.model, o.values) for o in run.offerings if o.unread] == [(IMAGE, {})]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('class="model-card"', 'class="model-tile"'), "no model cards"),
    (lambda t: t.replace('aria-label="语言模型"', 'aria-label="文本模型"', 1),
     "no model card could be read under '语言模型'"),  # the main section gone (renamed)
    (lambda t: t.replace("元/百万 tokens", "元/千 tokens"), "no model card could be read under '语言模型'"),
])
def test_without_the_language_models_the_run_fails(edit, message):
    with pytest.raises(ParseError, match=URL) as error:
        result(edit(captured_page(CAPTURE).text()))
    assert message in str(error.value)


@pytest.mark.parametrize("written", ["免费", "Free", "free"])
def test_free_is_free_and_said_so_in_provenance(written):
    run = result(in_card(GLM, '"value-text">8 元/百万 tokens', f'"value-text">{written}')(captured_page(CAPTURE).text()))
    glm = {o.key.model: o.values for o in run.offerings}[GLM]
    value = glm.pop("input")
    assert (value.status, value.amount, value.unit, value.provenance.raw) == (Status.FREE, 0, CNY_MTOK, written)
    assert glm == {k: v for k, v in offerings()[GLM].items() if k != "input"} and not run.unread


@pytest.mark.parametrize("struck", ["<del>10</del> ", "<s>10 元/百万 tokens</s> ", "<strike>10</strike>"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(struck):
    run = result(in_card(GLM, '"value-text">8 元', f'"value-text">{struck}8 元')(captured_page(CAPTURE).text()))
    glm = {o.key.model: o.values for o in run.offerings}[GLM]
    listed = glm.pop("other:input_list_price")
    assert (listed.status, listed.amount, listed.unit) == (Status.PRICED, Decimal(10), CNY_MTOK)
    assert glm == offerings()[GLM] and glm["input"].amount == 8 and not run.unread


def test_a_struck_through_list_price_per_image_is_in_its_unit():
    text = in_card(IMAGE, '"value-text">0.3 元/张', '"value-text"><del>0.4</del> 0.3 元/张')(captured_page(CAPTURE).text())
    listed = offerings(text)[IMAGE]["other:output_image_list_price"]
    assert (listed.amount, listed.unit) == (Decimal("0.4"), "CNY per image")


@pytest.mark.parametrize("mark", [" (1)", "¹", "*", " (1)(3)"])
def test_a_footnote_mark_beside_a_model_id_or_name_is_not_part_of_it(mark):
    text = in_card(GLM, "<h3>GLM-5.2</h3>", f"<h3>GLM-5.2{mark}</h3>")(captured_page(CAPTURE).text())
    text = in_card(GLM, f">{GLM}<", f">{GLM}{mark}<")(text)
    run = result(text)
    (glm,) = [o for o in run.offerings if o.key.model == GLM]
    assert glm.model.name == "GLM-5.2" and glm.values == offerings()[GLM] and not run.unread
