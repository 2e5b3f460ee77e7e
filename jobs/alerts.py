"""Turning runs and health transitions into notifications in the outbox (table ``notifications``).

Every successful run not yet announced (by the daemon or by a one-off refresh) is
read back from ``change_events`` and becomes, for each destination that wants any
of its events, one message: a Slack-compatible ``text`` plus the details as JSON.
Queuing and marking the run announced happen in one transaction, so a crash can
neither lose nor repeat an announcement. Delivery is jobs/notify.py's business.
Runs that finished before alerts were first used are not announced.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine, func
from sqlmodel import Session, select

import scrapers
import scrapers.ecb as ecb
from core.values import Status, Value
from jobs.config import Destination
from jobs.health import Transition
from jobs.summary import show
from storage.db import writing
from storage.holds import holds_of_run
from storage.tables import (
    APPLIED,
    AnnouncedRunRow,
    ChangeRow,
    HeldRow,
    ModelRow,
    NotificationRow,
    OfferingRow,
    RunRow,
    SettingRow,
)

BASELINE_KEY = "alerts_baseline_run_id"
LINES_SHOWN = 20  # lines of a message's text; the JSON payload carries up to PAYLOAD_CHANGES
PAYLOAD_CHANGES = 500
_FIELD_NAMES = {"cached_input": "cached input", "cache_write": "cache write", "context_window": "context",
                "max_output_tokens": "max output"}


def queue_new_runs(engine: Engine, destinations: list[Destination], now: datetime) -> int:
    """Queue notifications for every successful run not yet announced; returns how many were queued."""
    queued = 0
    with Session(writing(engine)) as session:
        baseline = _baseline(session)
        announced = select(AnnouncedRunRow.run_id)
        runs = session.exec(select(RunRow).where(RunRow.status.in_(APPLIED), RunRow.id > baseline,
                                                 RunRow.id.not_in(announced)).order_by(RunRow.id)).all()
        for run in runs:
            changes = _changes(session, run.id)
            events = review_messages(session, run)
            for destination in destinations:
                message = run_message(run, changes, destination)
                if message is not None:
                    session.add(_row(destination, "changes", run.provider, run.id, now, *message))
                    queued += 1
                for event, title, text, payload in events:
                    if destination.accepts(event, run.provider):
                        session.add(_row(destination, event, run.provider, run.id, now, title, text, payload))
                        queued += 1
            session.add(AnnouncedRunRow(run_id=run.id, announced_at=now))
        session.commit()
    return queued


def transition_rows(destinations: list[Destination], transitions: list[Transition],
                    now: datetime) -> list[NotificationRow]:
    """A notification per health transition for each destination that wants its event."""
    return [_row(d, t.event, t.provider, None, now, *health_message(t))
            for t in transitions for d in destinations if d.accepts(t.event, t.provider)]


def start_alerts(engine: Engine) -> None:
    """Before the first run is scheduled: runs finished until now are history, not news."""
    with Session(writing(engine)) as session:
        _baseline(session)
        session.commit()


def _baseline(session: Session) -> int:
    """Runs up to this id finished before alerts started; set once, below any run still going."""
    row = session.get(SettingRow, BASELINE_KEY)
    if row is None:
        running = session.exec(select(func.min(RunRow.id)).where(RunRow.status == "running")).one()
        latest = session.exec(select(func.max(RunRow.id))).one() or 0
        row = SettingRow(key=BASELINE_KEY, value=str(running - 1 if running else latest))
        session.add(row)
    return int(row.value)


def _changes(session: Session, run_id: int) -> list[dict]:
    query = (select(ChangeRow, ModelRow.model, OfferingRow.tier, OfferingRow.region)
             .join(OfferingRow, OfferingRow.id == ChangeRow.offering_id)
             .join(ModelRow, ModelRow.id == OfferingRow.model_id)
             .where(ChangeRow.run_id == run_id).order_by(ChangeRow.id))
    return [dict(kind=c.kind, model=model, tier=tier, region=region, field=c.field,
                 old_value=c.old_value, old_status=c.old_status, new_value=c.new_value,
                 new_status=c.new_status, unit=c.unit)
            for c, model, tier, region in session.exec(query)]


def run_message(run: RunRow, changes: list[dict], destination: Destination) -> tuple[str, str, dict] | None:
    """(title, text, payload) for the changes of one run that the destination wants, or None."""
    wanted = [c for c in changes if destination.accepts(c["kind"], run.provider)]
    if not wanted:
        return None
    counts = _counts(wanted)
    title = f"{provider_name(run.provider)}: {_count_text(counts)}"
    lines = _lines(wanted)
    text = "\n".join([f"*{title}* (run {run.id}, observed {run.observed_at:%Y-%m-%d %H:%M} UTC)",
                      *lines[:LINES_SHOWN]]
                     + ([f"… and {len(lines) - LINES_SHOWN} more: SELECT * FROM price_changes WHERE run_id = {run.id}"]
                        if len(lines) > LINES_SHOWN else []))
    payload = {"text": slack_text(text), "event": "changes", "provider": run.provider, "run_id": run.id,
               "observed_at": run.observed_at.isoformat(), "counts": counts,
               "changes": wanted[:PAYLOAD_CHANGES], "changes_truncated": len(wanted) > PAYLOAD_CHANGES}
    return title, text, payload


def review_messages(session: Session, run: RunRow) -> list[tuple[str, str, str, dict]]:
    """(event, title, text, payload) for what a run held, confirmed or released alone, and for a
    provider whose runs turn partial; each announced once, by the run it happened in."""
    name, messages = provider_name(run.provider), []
    started, ended = holds_of_run(session, run.id)
    confirmed = [h for h in ended if h.status == "confirmed"]
    released = [h for h in ended if h.status in ("released", "rejected", "replaced")]
    for event, holds, verb in (("held", started, "held for review"), ("confirmed", confirmed, "confirmed"),
                               ("released", released, "released")):
        if holds:
            lines = [f"• {_offering(h.model, h.tier, h.region)}: " + "; ".join(json.loads(h.reasons)) for h in holds]
            title = f"{name}: {len(holds)} offering(s) {verb}"
            text = "\n".join([f"*{title}* (run {run.id})", *lines[:LINES_SHOWN]])
            messages.append((event, title, text, {"text": slack_text(text), "event": event, "provider": run.provider,
                                                  "run_id": run.id, "holds": [_hold(h) for h in holds]}))
    if run.status == "partial" and _previous_status(session, run) != "partial":
        unread = json.loads(run.unread)
        title = f"{name}: {len(unread)} part(s) of its sources could not be read"
        text = "\n".join([f"*{title}* (run {run.id}; the rest was applied)", *(f"• {u}" for u in unread[:LINES_SHOWN])])
        messages.append(("partial", title, text, {"text": slack_text(text), "event": "partial",
                                                  "provider": run.provider,
                                                  "run_id": run.id, "unread": unread}))
    return messages


def _hold(row: HeldRow) -> dict:
    return {"id": row.id, "model": row.model, "tier": row.tier, "region": row.region, "status": row.status,
            "reasons": json.loads(row.reasons), "since": row.first_seen_at.isoformat(), "runs": row.runs}


def _previous_status(session: Session, run: RunRow) -> str | None:
    """The status of the provider's applied run before this one."""
    return session.exec(select(RunRow.status).where(RunRow.provider == run.provider, RunRow.status.in_(APPLIED),
                                                    RunRow.id < run.id).order_by(RunRow.id.desc()).limit(1)).first()


def health_message(transition: Transition) -> tuple[str, str, dict]:
    """(title, text, payload) announcing a provider's change of health."""
    facts, fresh = transition.health.facts, transition.health.freshness
    name = provider_name(transition.provider)
    if transition.new == "failing":
        title = f"{name} is failing"
        detail = f"{facts.consecutive_failures} failed or held run(s) in a row: {facts.last_error}"
        if (facts.last_error or "").startswith("held"):
            detail += " (python -m jobs.review lists it; --accept or --reject decides)"
    elif transition.new == "stale":
        title = f"{name}: data is stale"
        detail = f"{fresh.status_text}; prices are shown but no longer confirmed"
    else:
        title = f"{name} recovered"
        detail = f"healthy again (was {transition.old}); {fresh.status_text}"
    text = f"*{title}*: {detail}"
    payload = {"text": slack_text(text), "event": transition.event, "provider": transition.provider,
               "state": transition.new, "previous_state": transition.old,
               "consecutive_failures": facts.consecutive_failures, "last_error": facts.last_error,
               "last_refreshed": facts.last_refreshed.isoformat() if facts.last_refreshed else None,
               "researched": fresh.status_text}
    return title, text, payload


def slack_text(text: str) -> str:
    """``text`` for a Slack-compatible ``text`` field: "&", "<" and ">" escaped as Slack defines, so an id
    such as "<!channel>" or "<https://x|label>" from a source is shown, not acted on."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def provider_name(provider: str) -> str:
    """The provider's display name ("Fireworks AI"), or its id if it is no longer registered."""
    module = scrapers.REGISTRY.get(provider) or (ecb if provider == ecb.PROVIDER.id else None)
    return module.PROVIDER.name if module else provider


def _counts(changes: list[dict]) -> dict[str, int]:
    counts: dict[str, set] = defaultdict(set)
    for c in changes:
        counts[c["kind"]].add((c["model"], c["tier"], c["region"]))
    return {kind: len(keys) for kind, keys in counts.items()}


def _count_text(counts: dict[str, int]) -> str:
    words = {"changed": "changed", "added": "new", "delisted": "delisted", "relisted": "relisted"}
    return ", ".join(f"{n} {words[kind]}" for kind, n in counts.items()) + " offering(s)"


def _lines(changes: list[dict]) -> list[str]:
    """One line per offering: its field changes joined, or that it was added, delisted, relisted."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for c in changes:
        grouped[(c["kind"], c["model"], c["tier"], c["region"])].append(c)
    return [_line(kind, _offering(model, tier, region), items)
            for (kind, model, tier, region), items in grouped.items()]


def _offering(model: str, tier: str, region: str) -> str:
    return f"{model} ({tier}{'' if region == 'global' else ', ' + region})"


def _line(kind: str, offering: str, items: list[dict]) -> str:
    if kind != "changed":
        return f"• {kind} {offering}"
    return f"• {offering}: " + "; ".join(
        f"{_FIELD_NAMES.get(c['field'], c['field'])} {_show(c['old_value'], c['old_status'], c['unit'])} → "
        f"{_show(c['new_value'], c['new_status'], c['unit'])}" for c in items)


def _show(text: str | None, status: str | None, unit: str | None) -> str:
    if status is None:
        return "none"
    state = Status(status)
    amount = None if text is None else (int(text) if state is Status.KNOWN else Decimal(text))
    return show(Value(state, amount, unit or ""))


def _row(destination: Destination, event: str, provider: str, run_id: int | None, now: datetime,
         title: str, text: str, payload: dict) -> NotificationRow:
    return NotificationRow(destination=destination.name, event=event, provider=provider, run_id=run_id,
                           created_at=now, title=title, text=text, payload=json.dumps(payload, default=str),
                           next_attempt_at=now)
