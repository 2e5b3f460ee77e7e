"""python -m jobs.ladder MODEL: one model's price ladder, every current route cheapest first.

MODEL is a canonical model id (gpt-oss-120b), its name, or a provider's model id that
canonical/models.toml maps to it (openai/gpt-oss-120b). A route is a provider x tier x region
that lists the model now; delisted routes are gone from the ladder (not from history); stale
routes are shown, marked stale. Blended = (3 x input + 1 x output) / 4 per 1M tokens unless
--blend says otherwise (the price_ladder view uses the weights in the settings table).

Prices are shown in the currency their provider states; a route in another currency is ranked by
its blended price converted to USD at the ECB reference rate of the ladder's date (python -m
jobs.rates), shown beside it, or listed unranked when there is no rate. --as-of DATE shows the
ladder as it stood at the end of DATE (UTC): the prices in force then, converted at that date's rate.

Exit codes: 0 the ladder was printed; 1 the model has no current route; 2 an unknown model or
a bad argument.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import Engine, inspect, text

from core.errors import ConfigError
from core.freshness import freshness
from core.fx import no_rate_reason
from core.ladder import Route, ladder, parse_weights
from core.lookup import nearest
from core.offering import TIERS
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.ladder_table import as_json, render
from jobs.logs import configure_logging
from jobs.runner import Clock, utc_now
from storage.db import BLEND_WEIGHTS, database_url, open_existing, stale_after_days
from storage.rates import usd_rate_on

EXIT_OK, EXIT_NO_ROUTE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (documented in the README's ladder section)."""
    parser = command_parser("python -m jobs.ladder", __doc__)
    parser.add_argument("model", metavar="MODEL", help="canonical model id or name, or a provider's model id")
    parser.add_argument("--tier", action="append", choices=TIERS, metavar="TIER",
                        help=f"only these tiers (repeatable): {', '.join(TIERS)}")
    parser.add_argument("--blend", metavar="IN:OUT", help="input:output weighting of the blended price "
                        "(default: the database's, 3:1)")
    parser.add_argument("--json", action="store_true", help="print JSON (exact decimal strings)")
    parser.add_argument("--as-of", metavar="DATE", type=_as_of_date,
                        help="the ladder at the end of DATE (YYYY-MM-DD, UTC), with that date's exchange rates")
    add_config_options(parser, "config file, for daemon.db (default: $PRICES_CONFIG)")
    return parser


def main(argv: list[str] | None = None, clock: Clock = utc_now) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(lambda args: _main(args, clock), argv, "ladder command")


def _main(argv: list[str] | None, clock: Clock) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    try:
        engine = open_existing(database_url(args.db or load_config(config_path(args.config)).db), write=False)
        weights = _weights(engine, args.blend)
        canonical = resolve(engine, args.model)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    every = load_routes(engine, canonical["id"], clock, args.as_of)
    routes = [r for r in every if not args.tier or r.tier in args.tier]
    if args.tier and not routes:
        print(f"note: {_no_route_in(engine, canonical['id'], args.tier, every)}", file=sys.stderr)
    rungs = ladder(routes, weights, ranked=canonical["modality"] == "text")
    shown = as_json(canonical, rungs, weights) if args.json else None
    print(json.dumps(shown, indent=2, ensure_ascii=False) if args.json else render(canonical, rungs, weights))
    return EXIT_OK if rungs else EXIT_NO_ROUTE


def _weights(engine: Engine, blend: str | None) -> tuple[Decimal, Decimal]:
    """--blend, else the weights the price_ladder view uses (the settings table)."""
    return _checked_weights(blend, "--blend") if blend is not None else stored_weights(engine)


def stored_weights(engine: Engine) -> tuple[Decimal, Decimal]:
    """The input:output weights the price_ladder view uses (the settings table; 3:1 by default)."""
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT key, value FROM settings WHERE key IN (:i, :o)"),
                                         {"i": BLEND_WEIGHTS[0], "o": BLEND_WEIGHTS[1]}).all())
    written = ":".join(stored.get(key, default) for key, default in zip(BLEND_WEIGHTS, ("3", "1"), strict=True))
    return _checked_weights(written, f"settings {' and '.join(BLEND_WEIGHTS)}")


def _checked_weights(written: str, where: str) -> tuple[Decimal, Decimal]:
    try:
        return parse_weights(written)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def resolve(engine: Engine, name: str, note: Callable[[str], object] = _to_stderr) -> dict:
    """The canonical model MODEL names; unknown is a ConfigError with the nearest names. ``note`` hears
    that the name is also a provider's id of another canonical model."""
    if not inspect(engine).has_table("canonical_models"):
        raise ConfigError("this database has no canonical models yet: run python -m jobs.models apply")
    with engine.connect() as connection:
        models = [dict(row._mapping) for row in connection.execute(text("SELECT * FROM canonical_models"))]
        by_provider_id = connection.execute(text(
            "SELECT DISTINCT i.canonical_model FROM model_identities i JOIN models m ON m.id = i.model_id "
            "WHERE m.model = :name ORDER BY i.canonical_model"), {"name": name}).scalars().all()
    for model in models:
        if name in (model["id"], model["name"]) or name.casefold() == model["name"].casefold():
            for other in (c for c in by_provider_id if c != model["id"]):
                note(f"note: {name!r} is also a provider's id for {other!r} (python -m jobs.ladder {other})")
            return model
    if len(by_provider_id) == 1:
        return next(m for m in models if m["id"] == by_provider_id[0])
    if len(by_provider_id) > 1:
        raise ConfigError(f"{name!r} is a model id of several canonical models: {', '.join(by_provider_id)}")
    raise ConfigError(_miss(engine, name, models))


_NAMED = text("SELECT m.provider, m.model, m.name, i.canonical_model FROM models m "
              "LEFT JOIN model_identities i ON i.model_id = m.id")


def _miss(engine: Engine, name: str, models: list[dict]) -> str:
    """Why ``name`` names no canonical model, with the closest canonical models and the provider models
    no canonical model names yet that it may mean."""
    with engine.connect() as connection:
        listed = connection.execute(_NAMED).all()
    mapped = [(text_, row.canonical_model) for row in listed if row.canonical_model for text_ in (row.model, row.name)]
    near = nearest(name, [*((m[k], m["id"]) for m in models for k in ("id", "name")), *mapped])
    unmapped = [row for row in listed if not row.canonical_model]
    own = sorted({row.provider for row in unmapped if row.model == name})
    loose = nearest(name, [(t, f"{row.provider} {row.model}") for row in unmapped if row.model != name
                           for t in (row.model, row.name)], limit=3)
    message = f"no canonical model {name!r}"
    if own:
        message += (f"; it is {' and '.join(own)}'s id of a model no canonical model names yet "
                    f"(python -m jobs.models unmatched {own[0]})")
    if near:
        message += f"; did you mean {', '.join(near)}?"
    if loose:
        message += f"; provider models no canonical model names yet: {', '.join(loose)}"
    if not (own or near or loose):
        message += ("; no model in this database is named like it (python -m jobs.models unmatched lists "
                    "provider models that canonical/models.toml does not name)")
    return message


_TIERS_EVER = text("SELECT DISTINCT o.tier FROM offerings o JOIN model_identities i ON i.model_id = o.model_id "
                   "WHERE i.canonical_model = :model")


def _no_route_in(engine: Engine, canonical: str, tiers: list[str], routes: list[Route]) -> str:
    """Why --tier left no route: the model never had one in those tiers, or has none now."""
    with engine.connect() as connection:
        ever = set(connection.execute(_TIERS_EVER, {"model": canonical}).scalars())
    asked = " or ".join(tiers)
    has = f" (its routes are {', '.join(sorted({r.tier for r in routes}))})" if routes else ""
    if ever & set(tiers):
        return f"{canonical} has no {asked} route now; its past ones stay in price_history{has}"
    article = "an" if asked[0] in "aeiou" else "a"
    return f"{canonical} never had {article} {asked} route in this database{has}"


def _as_of_date(written: str) -> date:
    try:
        return date.fromisoformat(written)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{written!r} is not a date (YYYY-MM-DD)") from None


_ROUTES = text("""
SELECT l.*, p.name AS provider_name FROM price_ladder l JOIN providers p ON p.id = l.provider
WHERE l.canonical_model = :model""")
# The same routes as they stood at :at (price_history: the interval in force then), for --as-of.
_ROUTES_AS_OF = text("""
SELECT h.provider, p.name AS provider_name, h.model, h.tier, h.region, h.input_exact, h.cached_input_exact,
    h.output_exact, h.input_status, h.cached_input_status, h.output_status, h.context_window, h.currency,
    h.valid_from, o.last_verified_at, h.valid_to
FROM price_history h JOIN model_identities i ON i.model_id = (SELECT model_id FROM offerings WHERE id = h.offering_id)
JOIN offerings o ON o.id = h.offering_id JOIN providers p ON p.id = h.provider
WHERE i.canonical_model = :model AND h.valid_from <= :at AND (h.valid_to IS NULL OR h.valid_to > :at)""")


def load_routes(engine: Engine, canonical: str, clock: Clock, as_of: date | None = None) -> list[Route]:
    """The model's routes from the price_ladder view (now), or from price_history at the end of ``as_of``,
    with their freshness and the exchange rate of that date for routes in another currency."""
    now, stale_after = clock(), stale_after_days(engine)
    at = now if as_of is None else datetime.combine(as_of, time.max, UTC)
    with engine.connect() as connection:
        if as_of is None:
            rows = connection.execute(_ROUTES, {"model": canonical}).mappings().all()
        else:
            rows = connection.execute(_ROUTES_AS_OF, {"model": canonical, "at": _stored(at)}).mappings().all()
        foreign = {r.get("currency", "USD") for r in rows} - {"USD"}  # a database older than currencies: all USD
        rates = {c: usd_rate_on(connection, c, at.date()) for c in foreign}
    return [_route(row, at, stale_after, rates, as_of is not None) for row in rows]


def _stored(moment: datetime) -> str:
    """A time as the database stores it (naive UTC text), so comparisons with stored times are right."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _route(row, at: datetime, stale_after: int, rates: dict, past: bool) -> Route:
    verified = _utc(row["last_verified_at"])
    if past and verified > at:  # confirmations between the interval's start and ``at`` are not kept
        verified = _utc(row["valid_from"])
    amount = {f: (Decimal(row[f"{f}_exact"]) if row[f"{f}_exact"] is not None else None)
              for f in ("input", "cached_input", "output")}
    currency = row.get("currency", "USD")
    rate = rates.get(currency)
    return Route(row["provider"], row["provider_name"], row["model"], row["tier"], row["region"],
                 amount["input"], amount["cached_input"], amount["output"],
                 {f: row[f"{f}_status"] for f in amount}, row["context_window"], verified,
                 freshness(verified, at, stale_after), currency, rate,
                 no_rate_reason(currency, at.date()) if currency != "USD" and rate is None else None,
                 _utc(row["held_since"]) if not past and row.get("held_since") else None)


def _utc(stored) -> datetime:
    return datetime.fromisoformat(str(stored)).replace(tzinfo=UTC)  # stored as naive UTC


if __name__ == "__main__":
    sys.exit(main())
