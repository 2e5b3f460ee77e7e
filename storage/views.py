"""The analyst views: the database's public interface, documented in README.md.

Money is stored as exact decimal text (``*_exact`` columns) and shown as REAL in the
``*_per_mtok`` columns so that it compares and sorts numerically. Times are UTC.
Change these only on purpose, and update the README (a test compares the two).
Databases rebuild their views whenever these definitions differ from the ones they hold.
"""

from __future__ import annotations

import hashlib

_OFFERING_COLUMNS = "o.provider, m.model, m.name AS model_name, m.kind AS model_kind, o.tier, o.region"
_PRICE_COLUMNS = """
    CAST(v.input_per_mtok AS REAL) AS input_per_mtok,
    CAST(v.cached_input_per_mtok AS REAL) AS cached_input_per_mtok,
    CAST(v.cache_write_per_mtok AS REAL) AS cache_write_per_mtok,
    CAST(v.output_per_mtok AS REAL) AS output_per_mtok, v.currency,
    v.context_window, v.max_output_tokens,
    v.input_status, v.cached_input_status, v.cache_write_status, v.output_status,
    v.context_window_status, v.max_output_tokens_status,
    v.input_per_mtok AS input_exact, v.cached_input_per_mtok AS cached_input_exact,
    v.cache_write_per_mtok AS cache_write_exact, v.output_per_mtok AS output_exact,
    v.other_prices, v.provenance"""

_DAYS_AGO = "MAX(0, CAST(julianday('now') - julianday({col}) AS INTEGER))"
_STATUS_TEXT = ("CASE WHEN {col} IS NULL THEN 'Never researched' "
                "WHEN " + _DAYS_AGO + " = 0 THEN 'Researched today' "
                "ELSE 'Researched ' || " + _DAYS_AGO + " || 'd ago' END")
_STALE = ("CASE WHEN {col} IS NULL THEN 1 ELSE julianday('now') - julianday({col}) > "
          "(SELECT CAST(value AS REAL) FROM settings WHERE key = 'stale_after_days') END")
# A value held alone for review (core/holds.py): when the hold began, and the guard's reasons (JSON list);
# NULL when the offering is not held.
_HELD = ("(SELECT h.{col} FROM held_offerings h WHERE h.provider = o.provider AND h.model = m.model "
         "AND h.tier = o.tier AND h.region = o.region AND h.ended_at IS NULL)")
_HELD_COLUMNS = f"{_HELD.format(col='first_seen_at')} AS held_since, {_HELD.format(col='reasons')} AS held_reasons"
_NUMBER = "CASE WHEN {col} GLOB '*[^0-9-]*' THEN CAST({col} AS REAL) ELSE CAST({col} AS INTEGER) END"

VIEWS = {
    "current_prices": f"""
SELECT {_OFFERING_COLUMNS},
    {_PRICE_COLUMNS},
    o.first_seen_at, o.last_changed_at, o.last_verified_at, o.id AS offering_id, {_HELD_COLUMNS}
FROM offerings o
JOIN models m ON m.id = o.model_id
JOIN offering_versions v ON v.offering_id = o.id AND v.valid_to IS NULL
WHERE o.delisted_at IS NULL""",
    "price_history": f"""
SELECT {_OFFERING_COLUMNS},
    {_PRICE_COLUMNS},
    v.valid_from, v.valid_to, v.run_id, o.id AS offering_id
FROM offering_versions v
JOIN offerings o ON o.id = v.offering_id
JOIN models m ON m.id = o.model_id""",
    "price_changes": f"""
SELECT c.detected_at, o.provider, m.model, o.tier, o.region, c.kind, c.field,
    {_NUMBER.format(col="c.old_value")} AS old_value,
    {_NUMBER.format(col="c.new_value")} AS new_value,
    c.old_status, c.new_status, c.old_value AS old_exact, c.new_value AS new_exact, c.unit,
    c.run_id, o.id AS offering_id, c.note
FROM change_events c
JOIN offerings o ON o.id = c.offering_id
JOIN models m ON m.id = o.model_id""",
    "scrape_runs": """
SELECT r.id AS run_id, r.provider, r.started_at, r.finished_at, r.observed_at, r.status, r.source,
    r.offerings, r.added, r.changed, r.relisted, r.delisted, r.verified, r.changes, r.error, r.warnings,
    r.unread, r.unobserved, r.held
FROM runs r""",
    "freshness": f"""
SELECT o.provider, m.model, o.tier, o.region,
    o.last_verified_at AS last_refreshed, o.last_changed_at,
    {_DAYS_AGO.format(col="o.last_verified_at")} AS researched_days_ago,
    {_STATUS_TEXT.format(col="o.last_verified_at")} AS status_text,
    {_STALE.format(col="o.last_verified_at")} AS stale,
    o.id AS offering_id, {_HELD_COLUMNS}
FROM offerings o
JOIN models m ON m.id = o.model_id
WHERE o.delisted_at IS NULL""",
    "provider_freshness": f"""
SELECT p.id AS provider, p.name, s.last_refreshed, l.started_at AS last_attempt_at,
    l.status AS last_status, l.error AS last_error,
    (SELECT MAX(o.last_changed_at) FROM offerings o WHERE o.provider = p.id) AS last_changed_at,
    (SELECT COUNT(*) FROM offerings o WHERE o.provider = p.id AND o.delisted_at IS NULL) AS offerings,
    CASE WHEN s.last_refreshed IS NULL THEN NULL ELSE {_DAYS_AGO.format(col="s.last_refreshed")} END
        AS researched_days_ago,
    {_STATUS_TEXT.format(col="s.last_refreshed")} AS status_text,
    {_STALE.format(col="s.last_refreshed")} AS stale,
    COALESCE(l.status IN ('failed', 'held'), 0) AS failing,
    (SELECT COUNT(*) FROM held_offerings h WHERE h.provider = p.id AND h.ended_at IS NULL) AS held_offerings,
    (SELECT json_array_length(a.unread) FROM runs a WHERE a.id = (SELECT MAX(id) FROM runs r WHERE r.provider = p.id
        AND r.status IN ('success', 'partial'))) AS unread_parts
FROM providers p
LEFT JOIN (SELECT provider, MAX(observed_at) AS last_refreshed FROM runs
           WHERE status IN ('success', 'partial') GROUP BY provider) s ON s.provider = p.id
LEFT JOIN runs l ON l.id = (SELECT MAX(id) FROM runs r WHERE r.provider = p.id
                            AND r.status IN ('success', 'partial', 'failed', 'held', 'cancelled'))""",
    "price_corrections": f"""
SELECT c.corrected_at, o.provider, m.model, o.tier, o.region, c.field, c.valid_from, c.valid_to,
    {_NUMBER.format(col="c.old_value")} AS old_value,
    {_NUMBER.format(col="c.new_value")} AS new_value,
    c.old_status, c.new_status, c.old_value AS old_exact, c.new_value AS new_exact, c.unit,
    c.run_id, o.id AS offering_id
FROM corrections c
JOIN offerings o ON o.id = c.offering_id
JOIN models m ON m.id = o.model_id""",
}


VIEWS["price_announcements"] = f"""
SELECT {_OFFERING_COLUMNS}, a.field, a.effective_from,
    {_NUMBER.format(col="a.amount")} AS amount, a.amount AS amount_exact, a.status, a.unit,
    a.first_seen_at, a.last_seen_at, a.withdrawn_at, a.run_id, a.provenance, o.id AS offering_id
FROM announcements a
JOIN offerings o ON o.id = a.offering_id
JOIN models m ON m.id = o.model_id"""

# USD per unit of each currency by reference-rate date. The ECB publishes euro rates (1 EUR = rate X);
# a currency's USD rate is the USD rate over its own on the same date, rounded to 10 places as
# core/fx.py rounds it, so the view and jobs.ladder convert alike.
VIEWS["usd_exchange_rates"] = """
SELECT u.rate_date, 'EUR' AS currency, CAST(u.rate AS REAL) AS usd_per_unit, u.rate AS usd_per_unit_exact,
    u.source, u.base
FROM fx_rates u WHERE u.base = 'EUR' AND u.currency = 'USD'
UNION ALL
SELECT r.rate_date, r.currency, ROUND(CAST(u.rate AS REAL) / CAST(r.rate AS REAL), 10), NULL, r.source, r.base
FROM fx_rates r
JOIN fx_rates u ON u.source = r.source AND u.base = r.base AND u.rate_date = r.rate_date AND u.currency = 'USD'
WHERE r.base = 'EUR' AND r.currency NOT IN ('USD', 'EUR')"""

_RATE = ("(SELECT x.{col} FROM usd_exchange_rates x WHERE x.currency = v.currency "
         "AND x.rate_date <= date('now') ORDER BY x.rate_date DESC LIMIT 1)")
# A route's prices in USD: as stated for USD, else times the newest reference rate on or before today;
# NULL (so unranked) for a foreign currency without a rate.
_TO_USD = "(CASE WHEN v.currency = 'USD' THEN 1.0 ELSE " + _RATE.format(col="usd_per_unit") + " END)"
_BLEND = "(SELECT CAST(value AS REAL) FROM settings WHERE key = '{key}')"
# One route per row: a current, listed offering of a provider model that has a canonical identity.
# blended = (w_in * input + w_out * output) / (w_in + w_out), weights from settings (3:1 by default);
# a route without both an input and an output amount, or of a model that does not produce text
# (canonical_models.modality), has no blended price and no rank. REAL arithmetic
# leaves noise in the last bits (0.26249999999999996 for an exact 0.2625): rounding to 10 places, far
# below a cent per 1M tokens, lets equal prices share a rank, as jobs.ladder's exact decimals do.
# The exact blend (storage/blends.py writes it: SQLite has no decimal arithmetic), while the weights and
# the rate date it was computed with are still the ones in force; else NULL.
_BLENDED_EXACT = ("(SELECT b.blended FROM route_blends b WHERE b.offering_id = o.id AND b.version_id = v.id "
                  "AND b.weights = COALESCE((SELECT value FROM settings WHERE key = 'blend_input_weight'), '3') || ':' "
                  "|| COALESCE((SELECT value FROM settings WHERE key = 'blend_output_weight'), '1') "
                  "AND (v.currency = 'USD' OR b.rate_date = " + _RATE.format(col="rate_date") + "))")
_ROUTES = f"""
SELECT i.canonical_model, o.provider, m.model, o.tier, o.region,
    CAST(v.input_per_mtok AS REAL) AS input_per_mtok,
    CAST(v.cached_input_per_mtok AS REAL) AS cached_input_per_mtok,
    CAST(v.output_per_mtok AS REAL) AS output_per_mtok,
    CASE WHEN c.modality = 'text' THEN
    ROUND({_TO_USD} * ({_BLEND.format(key="blend_input_weight")} * CAST(v.input_per_mtok AS REAL)
           + {_BLEND.format(key="blend_output_weight")} * CAST(v.output_per_mtok AS REAL))
          / ({_BLEND.format(key="blend_input_weight")} + {_BLEND.format(key="blend_output_weight")}), 10)
    END AS blended_per_mtok,
    v.currency,
    CASE WHEN v.currency <> 'USD' THEN {_RATE.format(col="usd_per_unit")} END AS usd_per_unit,
    CASE WHEN v.currency <> 'USD' THEN {_RATE.format(col="rate_date")} END AS rate_date,
    v.context_window, o.last_verified_at,
    v.input_status, v.cached_input_status, v.output_status, v.context_window_status,
    v.input_per_mtok AS input_exact, v.cached_input_per_mtok AS cached_input_exact,
    v.output_per_mtok AS output_exact,
    {_DAYS_AGO.format(col="o.last_verified_at")} AS researched_days_ago,
    {_STATUS_TEXT.format(col="o.last_verified_at")} AS status_text,
    {_STALE.format(col="o.last_verified_at")} AS stale,
    o.id AS offering_id, {_HELD_COLUMNS},
    CASE WHEN c.modality = 'text' THEN {_BLENDED_EXACT} END AS blended_exact
FROM model_identities i
JOIN canonical_models c ON c.id = i.canonical_model
JOIN models m ON m.id = i.model_id
JOIN offerings o ON o.model_id = m.id AND o.delisted_at IS NULL
JOIN offering_versions v ON v.offering_id = o.id AND v.valid_to IS NULL"""

VIEWS["price_ladder"] = f"""
SELECT canonical_model, provider, tier, input_per_mtok, cached_input_per_mtok, output_per_mtok,
    blended_per_mtok, context_window, last_verified_at,
    CASE WHEN blended_per_mtok IS NULL THEN NULL
         ELSE RANK() OVER (PARTITION BY canonical_model, blended_per_mtok IS NULL ORDER BY blended_per_mtok) END
        AS rank,
    model, region, researched_days_ago, status_text, stale,
    input_status, cached_input_status, output_status, context_window_status,
    input_exact, cached_input_exact, output_exact, offering_id, currency, usd_per_unit, rate_date,
    held_since, held_reasons, blended_exact
FROM ({_ROUTES})"""


def views_fingerprint() -> str:
    """A digest of every view definition: stored in settings to know when views need rebuilding."""
    return hashlib.sha256(repr(sorted(VIEWS.items())).encode()).hexdigest()[:16]
