"""Groq's Supported Models page (Markdown): every row of the real capture read cell by cell; a row or secondary
table that cannot be read is named and the rest read; without the Production Models table the run fails."""

import re
from decimal import Decimal

import pytest

import scrapers.groq as groq
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import USD_PER_MTOK, Status
from tests.conftest import captured_page, parse_page

CAPTURE = "groq/2026"


def table_rows(text: str) -> list[list[str]]:
    """Every model row of the page, split on '|' on its own (the test's reading, not the parser's)."""
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| [![")]


def test_every_row_of_the_capture_is_read_cell_by_cell():
    page = captured_page(CAPTURE)
    result = parse_page(groq, page)
    offerings = {o.key.model: o.values for o in result.offerings}
    rows = table_rows(page.text())
    assert len(offerings) == len(rows) == 16
    for row in rows:
        model_id = next(m for m in offerings if row[0].endswith(m))
        values, cell = offerings[model_id], row[2]
        amounts = [Decimal(a) for a in re.findall(r"\$([\d.]+)", cell)]
        if "input" in cell:
            assert (values["input"].amount, values["output"].amount) == tuple(amounts), model_id
        else:
            assert {values[f].status for f in ("input", "output")} == {Status.UNKNOWN}, model_id
            others = [v.amount for k, v in values.items() if k.startswith("other:")]
            assert others == amounts, model_id  # "per hour", "per 1M characters": kept in their unit
        for column, field in ((4, "context_window"), (5, "max_output_tokens")):
            stated = row[column].replace(",", "")
            assert values[field].amount == (int(stated) if stated.isdigit() else None), (model_id, field)
    assert "llama-3.1-8b-instant" in result.warnings[0] and "ContactSales" in result.warnings[0]
    assert offerings["openai/gpt-oss-120b"]["input"].amount == Decimal("0.15")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("## [Production Models]", "## [GA Models]"), "table 'Production Models' not found"),
    (lambda t: t.replace("PRICE PER 1M TOKENS", "PRICE"), "has no column 'PRICE PER 1M TOKENS'"),
])
def test_without_the_production_models_table_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="console.groq.com/docs/models.md") as error:
        parse_page(groq, page, edit(page.text()))
    assert message in str(error.value)


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


def table_of(title: str) -> str:
    return f"{groq.MODELS_URL} · table {title!r}"


PRODUCTION, PREVIEW, SYSTEMS = (table_of(t) for t in ("Production Models", "Preview Models", "Production Systems"))
GPT_OSS_20B = "| 1000          | $0.075 input$0.30 output | 250K TPM1K RPM "
NEW_TABLE = "## [Batch Models](#batch-models)\n\n| MODEL ID | PRICE |\n| --- | --- |\n| batch/model | $1.00 |\n\n"

# (edit, what the unread part says, where it is, the models it leaves unobserved: None when it names none)
UNREAD_EDITS = [
    # an unknown row kind: a cell more, a model cell without the logo link
    (lambda t: t.replace(GPT_OSS_20B, GPT_OSS_20B + "| 2x "), "has 8 cells, the header 7",
     f"{PRODUCTION} · row 'openai/gpt-oss-20b'", {"openai/gpt-oss-20b"}),
    (lambda t: t.replace("| [![Meta]", "| new-model | - | $0.10 input$0.20 output | - | 1 | 1 | - |\n| [![Meta]", 1),
     "model cell 'new-model' is not", f"{PRODUCTION} · row 'new-model'", None),
    # a new table under a heading the parser does not know
    (lambda t: t.replace("## [Deprecated Models]", NEW_TABLE + "## [Deprecated Models]"),
     "a table under 'Batch Models', not one of", table_of("Batch Models"), None),
    # an unfamiliar cell: a unit, a token count, a token price of another kind
    (lambda t: t.replace("$0.111 per hour", "$0.111 per minute"), "price cell '$0.111 per minute'",
     f"{PRODUCTION} · row 'whisper-large-v3'", {"whisper-large-v3"}),
    (lambda t: t.replace("| 131,042 ", "| 131K    "), "'131K' is not a token count",
     f"{PREVIEW} · row 'qwen/qwen3.8-27b'", {"qwen/qwen3.8-27b"}),
    (lambda t: t.replace(GPT_OSS_20B, GPT_OSS_20B.replace("output", "output$0.01 cached")), "is not in a known form",
     f"{PRODUCTION} · row 'openai/gpt-oss-20b'", {"openai/gpt-oss-20b"}),
    # a secondary table removed, or no longer a table
    (lambda t: t.replace("## [Preview Models]", "## [Beta Models]"), "table 'Preview Models' not found", PREVIEW,
     None),
    (lambda t: re.sub(r"(## \[Production Systems\].*?)\n\|.*?\n\n", r"\1\n\n", t, count=1, flags=re.S),
     "no table under 'Production Systems'", SYSTEMS, None),
]


@pytest.mark.parametrize("edit, message, where, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, where, models):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(groq, page))
    result = parse_page(groq, page, edit(page.text()))
    (part,) = [u for u in result.unread if message in u.reason]
    assert part.where == where and part.url == groq.MODELS_URL
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    if where in (PREVIEW, SYSTEMS):  # the table's rows are not read
        lost = {"Preview Models": 8, "Production Systems": 2}[where.rsplit("'", 2)[1]]
        assert len(read) == len(whole) - lost and all(read[key] == whole[key] for key in read)
    else:
        assert read == {key: values for key, values in whole.items() if models is None or key.model not in models}
    assert [o.key.model for o in result.offerings if o.unread] == sorted(models or [])


def test_a_renamed_secondary_table_is_named_missing_and_its_new_heading_unknown():
    page = captured_page(CAPTURE)
    result = parse_page(groq, page, page.text().replace("## [Preview Models]", "## [Beta Models]"))
    assert [u.where for u in result.unread] == [PREVIEW, table_of("Beta Models")]


@pytest.mark.parametrize("written, fields", [
    ("Free", {"input": None, "output": None}), ("free", {"input": None, "output": None}),
    ("FREE input$0.60 output", {"input": None, "output": Decimal("0.60")}),
    ("$0.15 inputFree output", {"input": Decimal("0.15"), "output": None}),
])
def test_free_is_a_stated_free_price(written, fields):
    page = captured_page(CAPTURE)
    result = parse_page(groq, page, page.text().replace("$0.15 input$0.60 output", written))
    values = read_offerings(result)[OfferingKey("openai/gpt-oss-120b")]
    for field, amount in fields.items():
        if amount is None:
            assert (values[field].status, values[field].amount, values[field].unit) == (Status.FREE, 0, USD_PER_MTOK)
            assert "free" in values[field].provenance.raw.lower()  # stated: the guard does not hold the 0
        else:
            assert values[field].amount == amount
    assert not result.unread


def test_free_in_another_unit_is_free_in_that_unit():
    page = captured_page(CAPTURE)
    values = read_offerings(parse_page(groq, page, page.text().replace("$0.111 per hour", "Free per hour")))
    hour = values[OfferingKey("whisper-large-v3")]["other:audio_hour"]
    assert (hour.status, hour.unit, hour.provenance.raw) == (Status.FREE, "USD per hour of audio", "Free per hour")


@pytest.mark.parametrize("old, new, model, expected", [
    ("$0.15 input$0.60 output", "~~$0.30~~ $0.15 input~~$1.20~~ $0.60 output", "openai/gpt-oss-120b",
     {"input": "0.15", "output": "0.60", "other:input_list_price": "0.30", "other:output_list_price": "1.20"}),
    ("$0.15 input$0.60 output", "~~$0.30~~ $0.15 input$0.60 output", "openai/gpt-oss-120b",
     {"input": "0.15", "output": "0.60", "other:input_list_price": "0.30"}),
    ("$0.111 per hour", "~~$0.222~~ $0.111 per hour", "whisper-large-v3",
     {"other:audio_hour": "0.111", "other:audio_hour_list_price": "0.222"}),
])
def test_a_struck_through_price_is_the_list_price_beside_the_price_charged(old, new, model, expected):
    page = captured_page(CAPTURE)
    values = read_offerings(parse_page(groq, page, page.text().replace(old, new)))[OfferingKey(model)]
    assert {k: str(v.amount) for k, v in values.items() if v.has_amount and v.unit != "tokens"} == expected


@pytest.mark.parametrize("mark", ["¹", " (1)", "\\*", "*"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(mark):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(groq, page))
    result = parse_page(groq, page, page.text().replace(")openai/gpt-oss-120b ", f")openai/gpt-oss-120b{mark} "))
    assert read_offerings(result) == whole and not result.unread
