"""The price-history database from Python: ``from jobs.api import Prices``.

    p = Prices("sqlite:///data/prices.db")
    p.price("accounts/fireworks/models/llama-v3p1-8b-instruct", "fireworks")    # the values in force now
    p.price("deepseek/deepseek-r1", "openrouter", at="2026-01-02T12:00:00Z")     # ... or then
    p.cost("gpt-oss-120b", "groq", input_tokens=12_000, output_tokens=800)      # Decimal('0.00078')
    p.ladder("gpt-oss-120b")                                                     # routes, cheapest first
    pandas.DataFrame(p.history("deepseek/deepseek-r1", "openrouter"))           # every version

``model`` is the provider's own model id or a canonical model id (or name). Times are UTC; ``at``
takes an aware datetime (a naive one is read as UTC) or an ISO 8601 string. Money is Decimal,
exact, in the currency the provider states; a price that is not known is None with its status.
Nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.cost import request_cost
from core.errors import ConfigError
from core.fx import to_usd
from core.ladder import ladder
from core.money import plain
from core.offering import GLOBAL, LIMIT_FIELDS, OTHER_PREFIX, PRICE_FIELDS
from core.values import Value
from jobs import ladder as ladder_command
from storage.codec import version_values
from storage.db import open_existing
from storage.rates import usd_rate_on
from storage.tables import APPLIED, ModelIdentityRow, ModelRow, OfferingRow, RunRow, VersionRow

Clock = Callable[[], datetime]


class NotFound(LookupError):
    """No such model, offering, or no version of it in force at the time asked."""


@dataclass(frozen=True)
class Price:
    """An offering's values in force at one time. Token prices are per 1M tokens in ``currency``;
    ``statuses`` says for each field whether it is priced, free, unknown, not_offered or variable
    (limits: known or unknown). ``valid_to`` is None while the values are current.
    ``last_verified_at``: the last confirmation at or before the time asked (see ``Prices.price``)."""

    provider: str
    model: str
    tier: str
    region: str
    currency: str
    input: Decimal | None
    cached_input: Decimal | None
    cache_write: Decimal | None
    output: Decimal | None
    context_window: int | None
    max_output_tokens: int | None
    statuses: dict[str, str]
    other_prices: dict[str, Value]
    valid_from: datetime
    valid_to: datetime | None
    last_verified_at: datetime | None
    values: dict[str, Value] = field(repr=False)  # every value with its unit and provenance, as stored


@dataclass(frozen=True)
class LadderRoute:
    """One route of a model's ladder, as ``python -m jobs.ladder`` shows it (flat, for a DataFrame)."""

    rank: int | None
    provider: str
    provider_name: str
    model: str
    tier: str
    region: str
    currency: str
    input: Decimal | None
    cached_input: Decimal | None
    output: Decimal | None
    blended: Decimal | None  # USD per 1M tokens at the database's input:output weights (3:1 by default)
    usd_rate: str | None  # the dated reference rate a foreign-currency blended price is converted with
    context_window: int | None
    last_verified_at: datetime
    researched_days_ago: int | None
    stale: bool
    held_since: datetime | None


class Prices:
    """Read-only access to a prices database (any URL ``--db`` takes)."""

    def __init__(self, url: str, clock: Clock | None = None) -> None:
        self.engine: Engine = open_existing(url, write=False)
        self.clock = clock or (lambda: datetime.now(UTC))

    def price(self, model: str, provider: str, tier: str = "standard", region: str = GLOBAL,
              at: datetime | str | None = None) -> Price:
        """The offering's values in force at ``at`` (default: now). The database keeps each run's time,
        not each offering's confirmations: ``last_verified_at`` is the offering's own when its values are
        still current, else the last applied run of the provider up to ``at`` while these values held."""
        moment = when(at) if at is not None else self.clock()
        with Session(self.engine) as session:
            offering = self._offering(session, model, provider, tier, region)
            version = session.exec(select(VersionRow).where(
                VersionRow.offering_id == offering.id, col(VersionRow.valid_from) <= moment,
                (col(VersionRow.valid_to).is_(None)) | (col(VersionRow.valid_to) > moment))).first()
            if version is None:
                raise NotFound(f"{provider} did not list {model} [{tier}, {region}] at {moment:%Y-%m-%d %H:%M} UTC")
            return _price(offering, version, self._verified(session, offering, version, moment), session)

    def cost(self, model: str, provider: str, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0,
             cache_write_tokens: int = 0, tier: str = "standard", region: str = GLOBAL,
             at: datetime | str | None = None) -> Decimal:
        """The exact cost in USD of one request at the prices in force at ``at``. Token counts are
        separate: ``input_tokens`` excludes the cached and cache-write ones. A price above a prompt-size
        threshold applies when the prompt exceeds it. A price in another currency is converted at the
        ECB reference rate of ``at``'s date (``python -m jobs.rates``). A needed price that is unknown,
        not offered or variable, or a missing rate, is a ValueError naming it."""
        found = self.price(model, provider, tier, region, at)
        tokens = {"input": input_tokens, "cached_input": cached_input_tokens, "cache_write": cache_write_tokens,
                  "output": output_tokens}
        stated = request_cost(found.values, tokens, f"{provider} {found.model} [{tier}, {region}]")
        if found.currency == "USD":
            return stated
        return self._in_usd(stated, found.currency, when(at) if at is not None else self.clock())

    def ladder(self, model: str, tier: str | list[str] | None = None) -> list[LadderRoute]:
        """The model's current routes, cheapest blended price first, then those without one."""
        canonical = ladder_command.resolve(self.engine, model, note=lambda _: None)
        tiers = [tier] if isinstance(tier, str) else tier
        routes = [r for r in ladder_command.load_routes(self.engine, canonical["id"], self.clock)
                  if not tiers or r.tier in tiers]
        weights = ladder_command.stored_weights(self.engine)
        return [_ladder_route(rung) for rung in ladder(routes, weights, ranked=canonical["modality"] == "text")]

    def history(self, model: str, provider: str, tier: str | None = None, region: str | None = None) -> list[dict]:
        """Every version of the provider's offerings of the model (all tiers and regions unless given),
        oldest first: one dict per version, ready for ``pandas.DataFrame``."""
        with Session(self.engine) as session:
            offerings = self._offerings(session, model, provider)
            rows = []
            for offering in (o for o in offerings if tier in (None, o.tier) and region in (None, o.region)):
                versions = session.exec(select(VersionRow).where(VersionRow.offering_id == offering.id)
                                        .order_by(VersionRow.valid_from)).all()
                rows += [_history_row(_price(offering, v, None, session)) for v in versions]
        return sorted(rows, key=lambda row: (row["valid_from"], row["tier"], row["region"]))

    def _offering(self, session: Session, model: str, provider: str, tier: str, region: str) -> OfferingRow:
        offerings = self._offerings(session, model, provider)
        chosen = [o for o in offerings if (o.tier, o.region) == (tier, region)]
        if not chosen:
            have = ", ".join(sorted(f"{o.tier}/{o.region}" for o in offerings))
            raise NotFound(f"{provider} has no {tier} offering of {model} in region {region} (it has {have})")
        return chosen[0]

    def _offerings(self, session: Session, model: str, provider: str) -> list[OfferingRow]:
        """The provider's offerings of the model, by the provider's id or, failing that, a canonical one."""
        ids = session.exec(select(ModelRow.id).where(ModelRow.provider == provider, ModelRow.model == model)).all()
        if not ids:
            canonical = self._canonical(model)
            ids = session.exec(select(ModelRow.id).join(ModelIdentityRow, col(ModelIdentityRow.model_id) == ModelRow.id)
                               .where(ModelRow.provider == provider,
                                      ModelIdentityRow.canonical_model == canonical)).all()
        if not ids:
            raise NotFound(f"{provider} has no model {model!r} (neither its own id nor a canonical one)")
        if len(ids) > 1:
            names = session.exec(select(ModelRow.model).where(col(ModelRow.id).in_(ids))).all()
            raise NotFound(f"{model!r} is {len(ids)} models at {provider}: {', '.join(sorted(names))}; name one")
        return list(session.exec(select(OfferingRow).where(OfferingRow.model_id == ids[0])).all())

    def _canonical(self, model: str) -> str | None:
        try:
            return ladder_command.resolve(self.engine, model, note=lambda _: None)["id"]
        except ConfigError:
            return None

    def _verified(self, session: Session, offering: OfferingRow, version: VersionRow, moment: datetime) -> datetime:
        if version.valid_to is None and offering.last_verified_at <= moment:
            return offering.last_verified_at
        until = min(moment, version.valid_to) if version.valid_to else moment
        last = session.exec(select(RunRow.observed_at).where(
            RunRow.provider == offering.provider, col(RunRow.status).in_(APPLIED),
            col(RunRow.observed_at) >= version.valid_from, col(RunRow.observed_at) <= until)
            .order_by(col(RunRow.observed_at).desc())).first()
        return last or version.valid_from

    def _in_usd(self, amount: Decimal, currency: str, moment: datetime) -> Decimal:
        with self.engine.connect() as connection:
            rate = usd_rate_on(connection, currency, moment.date())
        if rate is None:
            raise ValueError(f"prices in {currency}: no reference rate to USD on or before {moment.date()} "
                             "(python -m jobs.rates reads the ECB's)")
        return plain(to_usd(amount, rate))


def when(at: datetime | date | str) -> datetime:
    """``at`` as an aware UTC datetime: an ISO 8601 string or a datetime (naive read as UTC); a date is its start."""
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{at!r} is not an ISO 8601 time (2026-01-04T18:03:00Z)") from None
    elif isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, time.min)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _price(offering: OfferingRow, version: VersionRow, verified: datetime | None, session: Session) -> Price:
    values = version_values(version)
    model = session.get(ModelRow, offering.model_id)
    amounts = {f: values[f].amount for f in (*PRICE_FIELDS, *LIMIT_FIELDS)}
    return Price(offering.provider, model.model if model else "?", offering.tier, offering.region, version.currency,
                 amounts["input"], amounts["cached_input"], amounts["cache_write"], amounts["output"],
                 amounts["context_window"], amounts["max_output_tokens"],
                 {f: values[f].status.value for f in (*PRICE_FIELDS, *LIMIT_FIELDS)},
                 {n.removeprefix(OTHER_PREFIX): v for n, v in values.items() if n.startswith(OTHER_PREFIX)},
                 version.valid_from, version.valid_to, verified, values)


def _history_row(price: Price) -> dict:
    row = asdict(price)
    for name, status in row.pop("statuses").items():
        row[f"{name}_status"] = status
    del row["values"], row["last_verified_at"]
    row["other_prices"] = {name: v.amount_text() if v.amount is not None else v.status.value
                           for name, v in price.other_prices.items()}
    return row


def _ladder_route(rung) -> LadderRoute:
    route = rung.route
    return LadderRoute(rung.rank, route.provider, route.provider_name, route.model, route.tier, route.region,
                       route.currency, route.input, route.cached_input, route.output, rung.blended,
                       route.rate.describe() if route.rate and route.currency != "USD" else None,
                       route.context_window, route.last_verified_at, route.freshness.days_ago, route.freshness.stale,
                       route.held_since)
