"""The words of the Datasette metadata: each public view's title and description, each column's, and
the canned queries. Taken from README's "Querying the database" (keep the two saying the same thing)."""

from __future__ import annotations

import re

_STATUSES = ("priced (a positive amount stated by the source), free (the source states 0 or free), unknown (the "
             "source does not state it), not_offered (the source states it does not exist), variable (the price "
             "varies per request)")
_FIELDS = {"input": "Input", "cached_input": "Cached input (cache read)", "cache_write": "Cache write",
           "output": "Output", "blended": "Blended (3 × input + 1 × output) / 4", "amount": "Announced"}
_UTC = "UTC time, as text YYYY-MM-DD HH:MM:SS.ffffff (sorts and compares as text)"

VIEWS = {
    "current_prices": ("Current prices", ("One row per listed offering (provider × model × tier × region) with its "
                       "current values. Token prices are per 1M tokens in the row's currency.")),
    "price_history": ("Price history", ("Every interval of every offering, delisted ones included: the values held "
                      "from valid_from (inclusive) to valid_to (exclusive, empty while current). A new row only when "
                      "a value changed.")),
    "price_changes": ("Price changes", ("One row per event: added, changed (one row per changed field, with old and "
                      "new value and status), delisted or relisted, when the run that observed it ran.")),
    "scrape_runs": ("Scrape runs", "Every run, successful or not, with what it saw and changed and why it failed."),
    "freshness": ("Freshness", ("Per listed offering: when a successful run last confirmed it, and whether that is "
                  "too long ago (stale).")),
    "provider_freshness": ("Provider freshness", ("Per provider: last successful refresh, last attempt and its "
                           "error, offerings listed, staleness, and whether its latest refresh failed.")),
    "price_corrections": ("Price corrections", ("Stretches of history a re-parse fixed (our parser's mistakes, not "
                          "the providers' changes): old and new value over valid_from to valid_to.")),
    "price_ladder": ("Price ladder", ("One row per route of a canonical model (a listed offering of a provider model "
                     "canonical/models.toml maps to it), ranked by blended price, cheapest first.")),
    "usd_exchange_rates": ("USD exchange rates", ("USD per unit of each currency by reference-rate date, from the "
                           "ECB's euro reference rates.")),
    "price_announcements": ("Price announcements", ("Prices a provider announced for a later date; never applied "
                            "early: price_history holds what is charged.")),
}

SHARED_COLUMNS = {
    "provider": "Provider id (fireworks, openrouter, ...); provider_freshness.name is its display name",
    "model": "The provider's own model id, as its source names it",
    "model_name": "The provider's display name for the model",
    "model_kind": "model, or price_class for a priced group that is not one model (Fireworks' size tiers, tools)",
    "tier": "Service tier: standard, priority, fast, batch, flex or off_peak; each tier is an offering of its own",
    "region": "global, or the region an offering is priced for (Fireworks' us, xAI's clusters, AWS regions)",
    "currency": "The currency the source states the token prices in (USD; EUR for Scaleway, CNY for Volcengine); "
                "stored as stated, never converted",
    "context_window": "Context window, in tokens, when the source states it (see context_window_status)",
    "max_output_tokens": "Maximum output, in tokens, when the source states it (see max_output_tokens_status)",
    "context_window_status": "known (a stated limit) or unknown",
    "max_output_tokens_status": "known (a stated limit) or unknown",
    "other_prices": "JSON: prices in other units or above a prompt size, each with status, exact amount and unit "
                    '({"request": {"status": "free", "amount": "0", "unit": "USD per request"}})',
    "provenance": 'JSON per field: where it was read ({"input": {"source": URL, "label": ..., "method": "read"}}), '
                  'with "rule" for derived values and raw / raw_unit where the source\'s unit differs',
    "first_seen_at": f"When the offering was first listed; {_UTC}",
    "last_changed_at": f"When a value of the offering last changed; {_UTC}",
    "last_verified_at": f"When a successful run last confirmed the offering's values (last refreshed); {_UTC}",
    "offering_id": "The offering's id (provider × model × tier × region), to join the views",
    "held_since": f"When a run first stated values the guard held for review (NULL when not held); the row still "
                  f"shows the last applied values; {_UTC}",
    "held_reasons": "The guard's reasons for holding the offering, as a JSON list (NULL when not held)",
    "valid_from": f"Start of the interval the values held (inclusive); {_UTC}",
    "valid_to": f"End of the interval (exclusive); empty while the values are current; {_UTC}",
    "run_id": "The run (scrape_runs.run_id) that wrote the row",
    "researched_days_ago": "Whole days (24-hour periods) since the last confirmation",
    "status_text": '"Researched today", "Researched 1d ago", "Researched 16d ago" (or "Never researched")',
    "stale": "1 once more than stale_after_days (settings table, default 7) have passed since the last "
             "confirmation, else 0",
    "field": "The value: input, cached_input, cache_write, output, context_window, max_output_tokens or "
             "other:<kind>",
    "old_value": "The value before, as a number (NULL when its status has no amount)",
    "new_value": "The value after, as a number (NULL when its status has no amount)",
    "old_status": f"The status before: {_STATUSES}; known / unknown for limits",
    "new_status": f"The status after: {_STATUSES}; known / unknown for limits",
    "old_exact": "The value before, exact, as text",
    "new_exact": "The value after, exact, as text",
    "unit": "The value's unit (USD per 1M tokens, tokens, USD per image ...)",
    "canonical_model": "The canonical model's id (canonical/models.toml): one identity across providers",
    "usd_per_unit": "USD for one unit of the currency at the reference rate (REAL)",
    "rate_date": "The ECB reference-rate date the rate is from",
}

COLUMNS = {
    "price_changes": {
        "detected_at": f"When the run that observed the event observed its sources; {_UTC}",
        "kind": "added, changed, delisted or relisted",
        "note": "NULL for an ordinary change; for a value held and then applied, how (confirmed by persistence, "
                "accepted in review)",
    },
    "scrape_runs": {
        "run_id": "The run's id", "started_at": _UTC, "finished_at": _UTC,
        "observed_at": f"When the data was observed (the fetch time, or a replayed capture's); {_UTC}",
        "status": "running, success, partial (applied, parts unread), failed, cancelled, held, rejected or reparsed",
        "source": "Where the run read from: live, or the replayed capture",
        "offerings": "Offerings seen", "added": "Offerings added", "changed": "Offerings changed",
        "relisted": "Offerings listed again", "delisted": "Offerings no longer listed",
        "verified": "Offerings confirmed unchanged", "changes": "Events written to price_changes",
        "error": "Why the run failed or was held", "warnings": "JSON list of warnings",
        "unread": 'JSON list of the parts not read ("page · table · row: reason")',
        "unobserved": "Listed offerings left as they were because their part was not read",
        "held": "Offerings held alone for review",
    },
    "freshness": {"last_refreshed": f"When a successful run last confirmed the offering; {_UTC}"},
    "provider_freshness": {
        "name": "The provider's display name", "last_refreshed": f"The last successful refresh; {_UTC}",
        "last_attempt_at": f"The last refresh attempt; {_UTC}", "last_status": "That attempt's status",
        "last_error": "That attempt's error", "last_changed_at": f"When any of its offerings last changed; {_UTC}",
        "offerings": "Offerings listed now", "failing": "1 when the latest finished refresh failed or was held",
        "held_offerings": "Offerings held alone for review now",
        "unread_parts": "Parts of its sources the latest applied run could not read (0: it read everything)",
    },
    "price_corrections": {
        "corrected_at": f"When the re-parse ran; {_UTC}",
        "valid_from": f"Start of the stretch the re-parse fixed; {_UTC}",
        "valid_to": f"End of that stretch (empty: still current); {_UTC}",
        "old_status": "What the stored history said (NULL: not listed then)",
        "new_status": "What the re-parsed bodies say (NULL: not listed then)",
        "run_id": "The re-parse's run",
    },
    "price_ladder": {
        "blended_per_mtok": "Blended price per 1M tokens in USD, (3 × input + 1 × output) / 4 by default (settings "
                            "blend_input_weight / blend_output_weight), REAL rounded to 10 places; NULL without both "
                            "prices, for a model that does not produce text, or a currency without a rate",
        "blended_exact": "The same blend as exact decimal text; NULL when computed with other weights or rate date "
                         "than those in force",
        "rank": "1 for the cheapest route of the model (equal prices share a rank); NULL without a blended price",
        "usd_per_unit": "USD for one unit of the route's currency (the newest ECB rate on or before today); NULL "
                        "for USD",
        "rate_date": "The date of that rate; NULL for USD",
    },
    "usd_exchange_rates": {
        "rate_date": "The reference-rate date", "currency": "The currency",
        "usd_per_unit": "USD per unit of the currency (REAL, rounded to 10 places)",
        "usd_per_unit_exact": "The same, exact as published (EUR only; other currencies are computed)",
        "source": "Who published the rates (the ECB)", "base": "The rates' base currency (EUR)",
    },
    "price_announcements": {
        "effective_from": "The date the provider announced the price for",
        "amount": "The announced amount, as a number", "amount_exact": "The announced amount, exact, as text",
        "status": _STATUSES, "first_seen_at": f"When a run first read the announcement; {_UTC}",
        "last_seen_at": f"When a run last read it; {_UTC}",
        "withdrawn_at": f"When a full read found it gone while still ahead; {_UTC}",
        "run_id": "The first run that read the announcement",
    },
}

_PER_MTOK = re.compile(r"(?P<field>.+)_per_mtok")
_EXACT = re.compile(r"(?P<field>.+)_exact")
_STATUS = re.compile(r"(?P<field>.+)_status")


def describe_pattern(column: str) -> str:
    """A price column's description by its name (input_per_mtok, input_exact, input_status); "" if none."""
    for pattern, words in ((_PER_MTOK, ("{name} price per 1M tokens in the row's currency, as REAL so that it sorts "
                            "and compares; the exact amount is {field}_exact. Empty unless {field}_status is priced "
                            "or free")),
                           (_EXACT, ("{name} price per 1M tokens in the row's currency: the exact decimal as the "
                            "source stated it, as text (REAL would round it); empty when there is no amount")),
                           (_STATUS, "Status of {field}: " + _STATUSES)):
        match = pattern.fullmatch(column)
        if match and match["field"] in _FIELDS:
            return words.format(name=_FIELDS[match["field"]], field=match["field"])
    return ""


_NOW = "COALESCE(NULLIF(:at, ''), 'now')"
QUERIES = {
    "price_as_of": {
        "title": "A price as of a time",
        "description": "The values an offering had at a time: provider and model (the provider's id), tier "
                       "(default standard), region (default global) and at (UTC, e.g. 2026-01-05 00:00:00 or "
                       "2026-01-05T00:00:00Z; default now).",
        "sql": "SELECT provider, model, tier, region, currency, input_exact, cached_input_exact, cache_write_exact, "
               "output_exact, input_status, cached_input_status, cache_write_status, output_status, context_window, "
               "max_output_tokens, valid_from, valid_to\nFROM price_history\n"
               "WHERE provider = :provider AND model = :model\n"
               "  AND tier = COALESCE(NULLIF(:tier, ''), 'standard') AND region = COALESCE(NULLIF(:region, ''), "
               f"'global')\n  AND julianday(valid_from) <= julianday({_NOW})\n"
               f"  AND (valid_to IS NULL OR julianday(valid_to) > julianday({_NOW}))",
    },
    "model_ladder": {
        "title": "A model's price ladder",
        "description": "Every current route of a canonical model (its id, e.g. gpt-oss-120b), cheapest blended "
                       "price first; tier narrows it to one tier (empty: all).",
        "sql": "SELECT rank, provider, tier, region, model, currency, input_exact, cached_input_exact, output_exact, "
               "blended_exact, blended_per_mtok, context_window, status_text, stale, last_verified_at\n"
               "FROM price_ladder\nWHERE canonical_model = :model AND (COALESCE(:tier, '') = '' OR tier = :tier)\n"
               "ORDER BY rank IS NULL, rank, provider, tier, region",
    },
    "recent_changes": {
        "title": "The last N days' changes",
        "description": "Every event (added, changed, delisted, relisted) detected in the last days days (default "
                       "30), newest first.",
        "sql": "SELECT detected_at, provider, model, tier, region, kind, field, old_exact, new_exact, old_status, "
               "new_status, unit, note\nFROM price_changes\n"
               "WHERE julianday(detected_at) >= julianday('now') - CAST(COALESCE(NULLIF(:days, ''), '30') AS REAL)\n"
               "ORDER BY detected_at DESC, provider, model, tier, region",
    },
}
