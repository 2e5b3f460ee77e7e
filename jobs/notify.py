"""Delivering the outbox: webhook POSTs and the Atom feed file, retried a bounded number of times.

A notification is tried when due; a failed try is logged and retried after a
growing delay (retry_delay, then twice that, ...) until the destination's
max_attempts, after which it is marked ``failed`` and logged as an error. It stays
in the ``notifications`` table either way, and `python -m jobs.status` counts the
undelivered ones: nothing is lost silently. Delivery runs in its own thread and
never holds up a refresh.
"""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import structlog
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from core.text import visible
from jobs.config import Destination
from storage.db import writing
from storage.tables import NotificationRow

ATOM = "http://www.w3.org/2005/Atom"
IDLE_WAIT = timedelta(seconds=60)  # how often the thread looks for due notifications when not woken
CLAIM_MARGIN = timedelta(seconds=60)  # a claimed notification is left alone this long past its timeout


def deliver_due(engine: Engine, destinations: list[Destination], client: httpx.Client, now: datetime) -> None:
    """Try every due notification once: each webhook message by POST, each feed by rewriting its file."""
    for destination in destinations:
        due = _claim(engine, destination, now)
        if not due:
            continue
        if destination.kind == "webhook":
            for row_id, body in due:
                _record(engine, destination, [row_id], _post(client, destination, body), now)
        else:
            _record(engine, destination, [row_id for row_id, _ in due], _write_feed(engine, destination), now)


def next_due(engine: Engine, destinations: list[Destination]) -> datetime | None:
    """When the earliest pending notification for these destinations is due, or None."""
    with Session(engine) as session:
        return session.exec(select(func.min(NotificationRow.next_attempt_at)).where(
            NotificationRow.status == "pending",
            NotificationRow.destination.in_([d.name for d in destinations]))).one()


def _claim(engine: Engine, destination: Destination, now: datetime) -> list[tuple[int, str]]:
    """The due notifications (id, payload), claimed: their next try is pushed past this one's end, so
    another process delivering from the same database does not send them too."""
    with Session(writing(engine)) as session:
        rows = list(session.exec(select(NotificationRow).where(
            NotificationRow.destination == destination.name, NotificationRow.status == "pending",
            NotificationRow.next_attempt_at <= now).order_by(NotificationRow.id)))
        claimed = [(row.id, row.payload) for row in rows]
        for row in rows:
            row.next_attempt_at = now + destination.timeout + CLAIM_MARGIN
        session.commit()
    return claimed


def _post(client: httpx.Client, destination: Destination, body: str) -> str | None:
    """POST the message; None on a 2xx answer, else why it failed."""
    try:
        response = client.post(destination.url, content=body, timeout=destination.timeout.total_seconds(),
                               headers={"Content-Type": "application/json"})
    except Exception as exc:  # any failure to send (network, a URL httpx refuses) is a failed try
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return None if response.is_success else f"HTTP {response.status_code} from the webhook"


def _record(engine: Engine, destination: Destination, ids: list[int], error: str | None, now: datetime) -> None:
    """Store the outcome of one try; a failure is retried later or, past max_attempts, given up and logged."""
    log = structlog.get_logger().bind(destination=destination.name, notifications=ids)
    with Session(writing(engine)) as session:
        for row in session.exec(select(NotificationRow).where(NotificationRow.id.in_(ids))):
            row.attempts += 1
            if error is None:
                row.status, row.delivered_at = "delivered", now
            else:
                row.last_error = error
                row.next_attempt_at = now + destination.retry_delay * 2 ** (row.attempts - 1)
                if row.attempts >= destination.max_attempts:
                    row.status = "failed"
        session.commit()
        attempts = max(r.attempts for r in session.exec(select(NotificationRow).where(NotificationRow.id.in_(ids))))
    if error is None:
        log.info("notification delivered")
    elif attempts >= destination.max_attempts:
        log.error("notification undelivered; giving up", attempts=attempts, error=error)
    else:
        log.warning("notification delivery failed; will retry", attempts=attempts, error=error)


def _write_feed(engine: Engine, destination: Destination) -> str | None:
    """Rewrite the feed file with the destination's newest entries (atomically); None on success."""
    with Session(engine) as session:
        rows = list(session.exec(select(NotificationRow).where(
            NotificationRow.destination == destination.name, NotificationRow.status != "failed")
            .order_by(NotificationRow.id.desc()).limit(destination.max_entries)))
    try:
        _replace(destination.path, atom_feed(destination, rows))
    except OSError as exc:
        return f"cannot write {destination.path}: {exc.strerror or exc}"
    return None


def atom_feed(destination: Destination, rows: list[NotificationRow]) -> bytes:
    """An Atom 1.0 document with one entry per notification, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", destination.title)
    _text(feed, "id", _urn(f"feed/{destination.name}"))
    _text(feed, "updated", _iso(max((r.created_at for r in rows), default=datetime(1970, 1, 1))))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "llm-prices-tracker"
    _text(feed, "generator", "llm-prices-tracker")
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", row.title)
        _text(entry, "id", _urn(f"notification/{destination.name}/{row.id}/{row.created_at.isoformat()}"))
        _text(entry, "updated", _iso(row.created_at))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=visible(row.event))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=visible(row.provider))
        _text(entry, "content", row.text).set("type", "text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """An element holding ``text``, its control characters escaped: XML 1.0 cannot hold them, so one such
    character from a source would leave every later rewrite of the feed unreadable."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = visible(text)
    return element


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://github.com/llm-prices-tracker/{name}").urn


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _replace(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a feed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


class Notifier:
    """A background thread delivering due notifications; ``wake()`` after queuing new ones."""

    def __init__(self, engine: Engine, destinations: list[Destination], client: httpx.Client,
                 clock: Callable[[], datetime]) -> None:
        self.engine, self.destinations, self.client, self.clock = engine, destinations, client, clock
        self._woken, self._stopping = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="notifier", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._woken.set()

    def stop(self) -> None:
        """Stop after the current try (bounded by the webhook timeouts); undelivered notifications
        stay queued for the next start."""
        self._stopping.set()
        self._woken.set()
        longest = max((d.timeout for d in self.destinations), default=timedelta(0))
        self._thread.join(longest.total_seconds() + 5)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                deliver_due(self.engine, self.destinations, self.client, self.clock())
                wait = self._wait_seconds()
            except Exception:  # delivery must never take the daemon down; the next pass retries
                structlog.get_logger().exception("notification delivery crashed")
                wait = IDLE_WAIT.total_seconds()
            self._woken.wait(wait)
            self._woken.clear()

    def _wait_seconds(self) -> float:
        due = next_due(self.engine, self.destinations)
        if due is None:
            return IDLE_WAIT.total_seconds()
        return min(max((due - self.clock()).total_seconds(), 0.0), IDLE_WAIT.total_seconds())

