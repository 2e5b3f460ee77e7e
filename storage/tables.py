"""The tables. Analysts read the views in storage/views.py, which are the public interface."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import DecimalText, UTCDateTime


class ProviderRow(SQLModel, table=True):
    __tablename__ = "providers"
    id: str = Field(primary_key=True)
    name: str
    homepage: str


class ModelRow(SQLModel, table=True):
    __tablename__ = "models"
    __table_args__ = (UniqueConstraint("provider", "model"),)
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(foreign_key="providers.id", index=True)
    model: str
    name: str
    kind: str = "model"
    parameter_count: int | None = None
    moe: bool | None = None


class OfferingRow(SQLModel, table=True):
    __tablename__ = "offerings"
    __table_args__ = (UniqueConstraint("provider", "model_id", "tier", "region"),)
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(foreign_key="providers.id", index=True)
    model_id: int = Field(foreign_key="models.id")
    tier: str
    region: str
    listed_by: str
    first_seen_at: datetime = Field(sa_type=UTCDateTime)
    last_verified_at: datetime = Field(sa_type=UTCDateTime)
    last_changed_at: datetime = Field(sa_type=UTCDateTime)
    delisted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_run_id: int = Field(foreign_key="runs.id")


class VersionRow(SQLModel, table=True):
    """One interval of an offering's values: valid_from inclusive, valid_to exclusive (NULL: current)."""

    __tablename__ = "offering_versions"
    id: int | None = Field(default=None, primary_key=True)
    offering_id: int = Field(foreign_key="offerings.id", index=True)
    valid_from: datetime = Field(sa_type=UTCDateTime)
    valid_to: datetime | None = Field(default=None, sa_type=UTCDateTime)
    run_id: int = Field(foreign_key="runs.id")
    input_per_mtok: Decimal | None = Field(default=None, sa_type=DecimalText)
    input_status: str
    cached_input_per_mtok: Decimal | None = Field(default=None, sa_type=DecimalText)
    cached_input_status: str
    cache_write_per_mtok: Decimal | None = Field(default=None, sa_type=DecimalText)
    cache_write_status: str
    output_per_mtok: Decimal | None = Field(default=None, sa_type=DecimalText)
    output_status: str
    # the currency the source states the four token prices in (USD, EUR, CNY): stored as stated, never converted
    currency: str = Field(default="USD", sa_column_kwargs={"server_default": "USD"})
    context_window: int | None = None
    context_window_status: str
    max_output_tokens: int | None = None
    max_output_tokens_status: str
    other_prices: str = "{}"  # JSON: {"request": {"status": "free", "amount": "0", "unit": "USD per request"}}
    provenance: str = "{}"  # JSON: {"input": {"source": url, "label": ..., "method": "read"|"derived", ...}}


class ChangeRow(SQLModel, table=True):
    __tablename__ = "change_events"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", index=True)
    offering_id: int = Field(foreign_key="offerings.id", index=True)
    detected_at: datetime = Field(sa_type=UTCDateTime)
    kind: str  # added | changed | delisted | relisted
    field: str | None = None
    old_value: str | None = None  # exact decimal or integer text
    old_status: str | None = None
    new_value: str | None = None
    new_status: str | None = None
    unit: str | None = None
    note: str | None = None  # how a held value came to be applied: "confirmed by persistence ...", "accepted in review ..."


APPLIED = ("success", "partial")  # run statuses whose data was applied (partial: some parts not read)


class RunRow(SQLModel, table=True):
    __tablename__ = "runs"
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(foreign_key="providers.id", index=True)
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    observed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = "running"  # running | success | partial | held | failed | cancelled | rejected
    source: str = "live"  # "live", or "replay <directory>"
    offerings: int = 0
    added: int = 0
    changed: int = 0
    relisted: int = 0
    delisted: int = 0
    verified: int = 0
    changes: int = 0
    error: str | None = None
    warnings: str = "[]"  # JSON list of strings
    unread: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})  # JSON: parts not read
    unobserved: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    held: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # offerings held alone, not applied


class HeldRow(SQLModel, table=True):
    """An offering held alone for a suspicious value, from the first run that stated it until the hold ends.

    ``status``: held (waiting), rejected (in review: never confirmed), confirmed (applied after persisting),
    accepted (applied in review), released (the source no longer states it), replaced (by a newer hold).
    """

    __tablename__ = "held_offerings"
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(foreign_key="providers.id", index=True)
    model: str
    tier: str
    region: str
    model_name: str  # the model as the provider names it, and its kind, as the first stating run read them
    model_kind: str = "model"
    listed_by: str  # the source URL whose listing proves the offering exists
    reasons: str  # JSON list of the guard's reasons, as of the latest run that stated the values
    signature: str  # the suspicious fields and their stated values (core/holds.py)
    stated: str  # JSON: every value of the offering as the first run stated it (applied from then when confirmed)
    first_run_id: int = Field(foreign_key="runs.id")
    first_seen_at: datetime = Field(sa_type=UTCDateTime)
    last_run_id: int = Field(foreign_key="runs.id")
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    runs: int = 1
    status: str = "held"
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # None while the hold lasts
    ended_by_run: int | None = Field(default=None, foreign_key="runs.id")  # the run that confirmed or released it
    note: str | None = None


class SettingRow(SQLModel, table=True):
    __tablename__ = "settings"
    key: str = Field(primary_key=True)
    value: str


class LockRow(SQLModel, table=True):
    """A lease: held by ``owner`` until ``expires_at``; the holder renews it while it works."""

    __tablename__ = "locks"
    name: str = Field(primary_key=True)  # "refresh:<provider>"
    owner: str
    pid: int
    host: str
    acquired_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class HealthStateRow(SQLModel, table=True):
    """The last health state the daemon saw per provider, so it announces changes of state only."""

    __tablename__ = "health_states"
    provider: str = Field(primary_key=True)
    state: str  # healthy | failing | stale
    since: datetime = Field(sa_type=UTCDateTime)
    checked_at: datetime = Field(sa_type=UTCDateTime)


class NotificationRow(SQLModel, table=True):
    """The outbox: one message for one destination, kept until delivered or given up on."""

    __tablename__ = "notifications"
    id: int | None = Field(default=None, primary_key=True)
    destination: str = Field(index=True)
    event: str  # changes | failing | stale | recovered
    provider: str
    run_id: int | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    title: str
    text: str
    payload: str  # JSON body of the webhook POST
    status: str = Field(default="pending", index=True)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    last_error: str | None = None
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AnnouncedRunRow(SQLModel, table=True):
    """Runs whose changes have been turned into notifications (or were before alerts began)."""

    __tablename__ = "announced_runs"
    run_id: int = Field(primary_key=True)
    announced_at: datetime = Field(sa_type=UTCDateTime)


class ResponseRow(SQLModel, table=True):
    """One response body a run read; the body itself is in the archive, by sha256."""

    __tablename__ = "responses"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", index=True)
    provider: str = Field(foreign_key="providers.id", index=True)
    source: str  # the provider module's name for the source ("pricing", "models")
    url: str
    status: int  # 304 when the server confirmed the body read before
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = Field(sa_type=UTCDateTime)
    sha256: str = Field(index=True)
    size: int
    parser_version: str


class CorrectionRow(SQLModel, table=True):
    """A stretch of history that a re-parse fixed: from valid_from to valid_to (NULL: still current)
    history said old_*, and the re-parsed bodies say new_*. Not a provider's price change."""

    __tablename__ = "corrections"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", index=True)  # the reparse run
    offering_id: int = Field(foreign_key="offerings.id", index=True)
    field: str
    valid_from: datetime = Field(sa_type=UTCDateTime)
    valid_to: datetime | None = Field(default=None, sa_type=UTCDateTime)
    old_value: str | None = None
    old_status: str | None = None  # NULL: the offering was not listed in that stretch
    new_value: str | None = None
    new_status: str | None = None
    unit: str | None = None
    corrected_at: datetime = Field(sa_type=UTCDateTime)


class CanonicalModelRow(SQLModel, table=True):
    """A model as itself, whoever serves it: loaded from canonical/models.toml (core/identity.py)."""

    __tablename__ = "canonical_models"
    id: str = Field(primary_key=True)
    name: str
    family: str | None = None
    maker: str | None = None
    parameter_count: int | None = None
    open_weights: bool | None = None
    released: date | None = None
    modality: str = "text"  # what it produces: text, image, video, audio, transcription, embedding
    source: str | None = None  # where the facts come from


class ModelIdentityRow(SQLModel, table=True):
    """Which canonical model a provider's model is, and the mapping rule that says so."""

    __tablename__ = "model_identities"
    model_id: int = Field(primary_key=True, foreign_key="models.id")
    canonical_model: str = Field(foreign_key="canonical_models.id", index=True)
    rule: str  # "groq:openai/gpt-oss-120b", or "*:openai/gpt-oss-120b" for any provider


class AnnouncementRow(SQLModel, table=True):
    """A value a provider announced for a later date; never applied to history early. When the
    date comes, the provider's page states the new value and a run records it as a change."""

    __tablename__ = "announcements"
    __table_args__ = (UniqueConstraint("offering_id", "field", "effective_from", "status", "amount", "unit"),)
    id: int | None = Field(default=None, primary_key=True)
    offering_id: int = Field(foreign_key="offerings.id", index=True)
    field: str
    effective_from: date  # the date the provider announced
    status: str
    amount: str | None = None  # exact decimal text
    unit: str
    first_seen_at: datetime = Field(sa_type=UTCDateTime)  # the first run that read the announcement
    last_seen_at: datetime = Field(sa_type=UTCDateTime)  # the last run that still read it
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # a run no longer read it, date ahead
    run_id: int = Field(foreign_key="runs.id")  # the first run that read it
    provenance: str = "{}"


class FxRateRow(SQLModel, table=True):
    """A reference exchange rate as its source publishes it: 1 ``base`` = ``rate`` ``currency`` on
    ``rate_date`` (the ECB's euro reference rates: base EUR). Kept for every date read, so a
    comparison as of a past date uses the rate of that date; prices are never converted in storage."""

    __tablename__ = "fx_rates"
    __table_args__ = (UniqueConstraint("source", "base", "currency", "rate_date"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str  # "ecb"
    base: str
    currency: str
    rate_date: date = Field(index=True)
    rate: Decimal = Field(sa_type=DecimalText)  # exact, as published
    run_id: int = Field(foreign_key="runs.id")  # the first run that read it


class BlendRow(SQLModel, table=True):
    """The exact blended price of a current route (SQLite has no exact decimal arithmetic, so the view
    cannot compute it): written by storage/blends.py for the weights and exchange-rate date it was
    computed with; the price_ladder view shows it only while those are still the ones in force."""

    __tablename__ = "route_blends"
    # no foreign keys: a derived cache, rewritten whole for a provider's routes, never a reason to refuse a delete
    offering_id: int = Field(primary_key=True)
    version_id: int
    weights: str  # "3:1": the settings blend_input_weight and blend_output_weight, as written there
    rate_date: date | None = None  # the reference rate's date for a route in another currency
    blended: str | None = None  # exact decimal text, USD per 1M tokens; None: no blended price
