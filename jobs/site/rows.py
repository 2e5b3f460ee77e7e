"""The rows the pages show, as display strings: offerings and routes, held values, changes, charts.

Every string is plain text: the templates escape it (Jinja2 autoescaping), so a source's text is shown
as text wherever it goes, the SVG charts included.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from core.freshness import Freshness, freshness
from core.ladder import Rung
from core.values import Value
from jobs.site import links, show
from jobs.site.chart import chart
from jobs.site.read import PRICE_FIELDS, amounts, reasons, utc

LATEST_PARTIAL = "not read by the latest run (partial): the values shown are the last read"
LATEST_MISSED = "not confirmed by the latest run: the values shown are the last confirmed"


def price_cells(values: dict[str, Decimal | None], statuses: dict[str, str], currency: str) -> dict[str, str]:
    """input / cached_input / cache_write / output as shown: "$0.30", "free", "unknown", "not offered"."""
    return {f: show.price(values.get(f), statuses.get(f), currency) for f in PRICE_FIELDS}


def fresh_cells(fresh: Freshness, held_since: datetime | None, held: list[str], unconfirmed: str | None) -> dict:
    """"Researched 16d ago", the stale mark, and the held and unread marks of one offering."""
    return {"researched": fresh.status_text, "stale": fresh.stale,
            "held": f"held for review since {show.day(held_since)}" if held_since else None,
            "held_reasons": held, "unconfirmed": None if held_since else unconfirmed}


def unconfirmed_mark(provider: str, verified: datetime, latest: dict[str, tuple[datetime, str]]) -> str | None:
    """Why an offering was not confirmed by its provider's newest applied run, or None when it was."""
    observed, status = latest.get(provider, (None, None))
    if observed is None or verified >= observed:
        return None
    return LATEST_PARTIAL if status == "partial" else LATEST_MISSED


def route_row(rung: Rung, extra: dict, latest: dict, page: str) -> dict:
    """One rung of a canonical model's ladder."""
    route = rung.route
    values = {"input": route.input, "cached_input": route.cached_input, "output": route.output,
              "cache_write": amounts(extra, ("cache_write",))["cache_write"] if extra else None}
    statuses = route.statuses | {"cache_write": extra.get("cache_write_status", "unknown") if extra else "unknown"}
    rate = None if route.currency == "USD" else (route.rate.describe() if route.rate else route.no_rate)
    return {"rank": rung.rank or "-", "provider": route.provider_name, "model": route.model,
            "provider_href": links.root_of(page) + links.provider(route.provider), "currency": route.currency,
            "tier": show.tier(route.tier, route.region), "blended": show.usd(rung.blended), "rate": rate,
            "context": show.tokens(route.context_window), "anchor": f"route-{extra.get('offering_id', 0)}",
            **price_cells(values, statuses, route.currency),
            **fresh_cells(route.freshness, route.held_since, reasons(extra.get("held_reasons")),
                          unconfirmed_mark(route.provider, route.last_verified_at, latest))}


def offering_row(row: dict, now: datetime, stale_after: int, latest: dict, page: str) -> dict:
    """One listed offering (a current_prices row), for provider pages and provider-model pages."""
    verified = utc(row["last_verified_at"])
    statuses = {f: row[f"{f}_status"] for f in PRICE_FIELDS}
    own = links.model(row["canonical_model"]) if row.get("canonical_model") else \
        links.provider_model(row["provider"], row["model"])
    return {"model": row["model"], "model_name": row["model_name"], "kind": row["model_kind"],
            "href": links.root_of(page) + own, "canonical": row.get("canonical_model"),
            "tier": show.tier(row["tier"], row["region"]), "currency": row["currency"],
            "context": show.tokens(row["context_window"]), "max_output": show.tokens(row["max_output_tokens"]),
            "anchor": f"route-{row['offering_id']}",
            **price_cells(amounts(row), statuses, row["currency"]),
            **fresh_cells(freshness(verified, now, stale_after), utc(row["held_since"]), reasons(row["held_reasons"]),
                          unconfirmed_mark(row["provider"], verified, latest))}


def held_values(values: dict[str, Value]) -> str:
    """The token prices a held offering's source states: "input $3.50 · output $14.00"."""
    shown = []
    for field in PRICE_FIELDS:
        value = values.get(field)
        if value is not None:
            currency = value.unit.split(" ", 1)[0]
            amount = value.amount if isinstance(value.amount, Decimal) else None
            shown.append(f"{field.replace('_', ' ')} {show.price(amount, value.status.value, currency)}")
    return " · ".join(shown)


def change_row(row: dict, provider_names: dict[str, str]) -> dict:
    """One event of price_changes, as the recent-changes table shows it."""
    provider = provider_names.get(row["provider"], row["provider"])
    return {"when": show.moment(utc(row["detected_at"])), "provider": provider,
            "model": row["model"], "tier": show.tier(row["tier"], row["region"]), "kind": row["kind"],
            "field": (row["field"] or "").replace("_", " "),
            "old": show.changed_value(row["old_exact"], row["old_status"], row["unit"]) if row["field"] else "",
            "new": show.changed_value(row["new_exact"], row["new_status"], row["unit"]) if row["field"] else "",
            "note": row["note"]}


def history_block(title: str, anchor: str, intervals: list, rows: list[dict], now: datetime) -> dict:
    """A route's chart and the exact values behind it."""
    currency = rows[-1]["currency"] if rows else "USD"
    table = [{"from": show.moment(utc(r["valid_from"])),
              "to": show.moment(utc(r["valid_to"])) if r["valid_to"] else "now",
              "context": show.tokens(r["context_window"]),
              **price_cells(amounts(r), {f: r[f"{f}_status"] for f in PRICE_FIELDS}, r["currency"])} for r in rows]
    return {"title": title, "anchor": anchor, "chart": chart(intervals, now, currency) if intervals else None,
            "rows": table, "currency": currency}
