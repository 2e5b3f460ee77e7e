"""Fault injection: real provider URLs read over a real socket from a scripted local server.

Every test first applies one good run (the hand-made OpenRouter listing or Fireworks page),
then runs a refresh against a fault and checks how the run ended (report and ``runs`` row
agree), how many requests the server saw, and that stored history is untouched unless the
run succeeded. Waits between attempts are recorded, never slept.
"""

from __future__ import annotations

import copy
import json
import tracemalloc
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import httpx
import pytest

import scrapers.fireworks as fireworks
import scrapers.openrouter as openrouter
from core.errors import FetchError
from jobs.runner import RunReport, refresh
from scrapers._base import Source
from scrapers._http import FetchPolicy, HttpTransport, make_client
from storage.archive import Archive
from storage.db import database_id, open_database
from tests.conftest import HANDMADE, dump, query, small_catalogue
from tests.fault_server import HANG, TRICKLE, FaultServer, Respond, RoutingTransport, closed_port

POLICY = FetchPolicy(connect_timeout=1, read_timeout=1, request_timeout=2, max_attempts=3, host_interval=0,
                     max_body_bytes=64 * 1024)
T0 = datetime(2026, 11, 27, 12, tzinfo=UTC)
MIB = 1024 * 1024
OR_URL, OR_PATH = openrouter.MODELS_URL, httpx.URL(openrouter.MODELS_URL).path
FW_URL, FW_PATH = fireworks.SOURCES[0].url, httpx.URL(fireworks.SOURCES[0].url).path
JSON, HTML = {"Content-Type": "application/json"}, {"Content-Type": "text/html; charset=utf-8"}
LISTING = (HANDMADE / "openrouter/models.json").read_bytes()
PAGE = (HANDMADE / "fireworks/pricing.html").read_bytes()
GPT_OSS_STANDARD = b"$0.07 / $0.035 / $0.30"  # the Standard cell of the 'OpenAI GPT OSS 20B' row
KEPT = ("runs", "responses", "locks")  # what a failed or held run writes: its record, its bodies, the lock


@dataclass
class Run:
    report: RunReport
    waits: list[float]  # what the transport asked to sleep between attempts
    sent: list[httpx.Request]  # every request as the client made it (real URL, before routing)


class Store:
    """A database and archive in tmp_path, refreshed from the fault server; each run an hour later."""

    def __init__(self, server: FaultServer, db_path: Path, archive_root: Path) -> None:
        self.server, self.db_path = server, db_path
        self.engine = open_database(f"sqlite:///{db_path}")
        self.archive = Archive(archive_root)
        self.hours = 0

    def refresh(self, module, port: int | None = None) -> Run:
        self.hours += 1
        when = T0 + timedelta(hours=self.hours)
        waits: list[float] = []
        routing = RoutingTransport(port or self.server.port)
        with make_client(POLICY, transport=routing) as client:
            live = HttpTransport(client, env={}, clock=lambda: when, sleep=waits.append, policy=POLICY)
            report = refresh(module, live, self.engine, "live", clock=lambda: when, archive=self.archive,
                             guard=small_catalogue(module))
        return Run(report, waits, routing.sent)

    def baseline(self, module, path: str, body: bytes, headers: dict[str, str]) -> list[str]:
        """Apply one good run of ``body``; the stored history it leaves, to compare with later."""
        self.server.serve(path, Respond(200, headers, body))
        report = self.refresh(module).report
        assert report.status == "success", report.error
        return self.history()

    def history(self) -> list[str]:
        return dump(self.db_path, skip=KEPT)

    def archived(self, run_id: int) -> dict[str, bytes | None]:
        """URL -> archived body of every response the run recorded."""
        rows = query(self.db_path, "SELECT url, sha256 FROM responses WHERE run_id = ?", (run_id,))
        return {row["url"]: self.archive.get(row["sha256"]) for row in rows}


@pytest.fixture
def server():
    with FaultServer() as server:
        server.serve("/robots.txt", Respond(404))  # no robots.txt: the pricing page may be read
        yield server


@pytest.fixture
def store(server, db_path, tmp_path):
    store = Store(server, db_path, tmp_path / "archive")
    yield store
    store.engine.dispose()


@pytest.fixture
def openrouter_before(store) -> list[str]:
    return store.baseline(openrouter, OR_PATH, LISTING, JSON)


@pytest.fixture
def fireworks_before(store) -> list[str]:
    return store.baseline(fireworks, FW_PATH, PAGE, HTML)


def assert_ended(store: Store, run: Run, status: str, *fragments: str) -> None:
    """The run ended with ``status``, its error holds every fragment, and its ``runs`` row agrees."""
    report = run.report
    assert report.status == status, report.error
    for fragment in (f for f in fragments if f is not None):
        assert fragment in report.error
    row = query(store.db_path, "SELECT status, error FROM runs WHERE id = ?", (report.run_id,))[0]
    assert (row["status"], row["error"]) == (status, report.error)


def listing(edit) -> bytes:
    """The hand-made OpenRouter listing with its models edited."""
    data = json.loads(LISTING)
    data["data"] = edit(data["data"])
    return json.dumps(data).encode()


def gzipped(body: bytes, finish: bool = True) -> bytes:
    """``body`` gzip-compressed; without ``finish`` the stream stops before its last block and trailer."""
    compressor = zlib.compressobj(wbits=31)
    return compressor.compress(body) + compressor.flush(zlib.Z_FINISH if finish else zlib.Z_FULL_FLUSH)


@cache
def gzip_bomb(inflated: int = 50 * MIB) -> bytes:
    """A small gzip body that inflates to ``inflated`` bytes of zeros, compressed a MiB at a time."""
    compressor, zeros = zlib.compressobj(9, wbits=31), bytes(MIB)
    return b"".join(compressor.compress(zeros) for _ in range(inflated // MIB)) + compressor.flush()


# Network and HTTP faults (OpenRouter, an API: no robots.txt)

def test_connection_refused_fails_at_once_as_unreachable(store, openrouter_before):
    """Nothing listening: another attempt would be refused the same way, so there is one; the run fails
    saying the connection was refused, history untouched."""
    run = store.refresh(openrouter, port=closed_port())
    assert_ended(store, run, "failed", f"GET {OR_URL} failed: the connection was refused", "ConnectError")
    assert [str(r.url) for r in run.sent] == [OR_URL]
    assert run.waits == []  # no backoff: nothing to wait for
    assert store.history() == openrouter_before
    assert store.archived(run.report.run_id) == {}  # nothing was read, nothing archived


def test_a_server_that_never_answers_times_out_three_times(store, server, openrouter_before):
    """A server that accepts and never answers: each attempt times out; the run fails after three."""
    server.serve(OR_PATH, HANG)
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "failed after 3 attempts", "timed out (ReadTimeout)")
    assert server.attempts(OR_PATH) == 3
    assert server.requests[-1][1]["Host"] == "openrouter.ai"  # the real URL, routed to the local server
    assert store.history() == openrouter_before


def test_a_server_trickling_its_headers_is_cut_at_the_request_deadline(store, server, openrouter_before):
    """Headers sent one byte every 0.2 s: no single read times out (1 s, five times the gap), but each attempt ends at
    the whole-request deadline (2 s), and the run fails after three."""
    server.serve(OR_PATH, TRICKLE)
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "failed after 3 attempts", "timed out (ReadTimeout)")
    assert server.attempts(OR_PATH) == 3
    assert store.history() == openrouter_before


def test_429_with_retry_after_is_waited_out_then_read(store, server, openrouter_before):
    """429 with Retry-After: 7, then 200: the transport waits exactly 7 s (recorded) and the run succeeds."""
    server.serve(OR_PATH, Respond(429, {"Retry-After": "7"}, b"slow down"), Respond(200, JSON, LISTING))
    run = store.refresh(openrouter)
    assert_ended(store, run, "success")
    assert run.waits == [7.0]
    assert server.attempts(OR_PATH) == 2
    assert run.report.diff.bodies_unchanged == 4  # the same body as before: every offering verified


def test_429_asking_for_a_wait_over_the_cap_gives_up_at_once(store, server, openrouter_before):
    """Retry-After: 3600 is over max_retry_after (120 s): no retry, no wait, the run fails saying so."""
    server.serve(OR_PATH, Respond(429, {"Retry-After": "3600"}), Respond(200, JSON, LISTING))
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "HTTP 429 asks us to wait 3600 s (Retry-After), more than the 120 s")
    assert server.attempts(OR_PATH) == 1 and run.waits == []
    assert store.history() == openrouter_before


def test_503_twice_then_200_succeeds_on_the_third_attempt(store, server, openrouter_before):
    """Two 503s then the same body as before: three attempts, a success that verifies every offering."""
    server.serve(OR_PATH, Respond(503), Respond(503), Respond(200, JSON, LISTING))
    run = store.refresh(openrouter)
    assert_ended(store, run, "success")
    assert server.attempts(OR_PATH) == 3 and len(run.waits) == 2
    assert run.report.diff.bodies_unchanged == 4


def test_a_body_cut_off_mid_way_fails_after_three_attempts(store, server, openrouter_before):
    """Content-Length says the whole listing, half of it arrives, then the connection closes: retried, failed."""
    server.serve(OR_PATH, Respond(200, JSON, LISTING, sent=len(LISTING) // 2))
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "failed after 3 attempts", "RemoteProtocolError",
                 "without sending complete message body")
    assert server.attempts(OR_PATH) == 3
    assert store.history() == openrouter_before
    assert store.archived(run.report.run_id) == {}


def test_a_declared_body_over_the_cap_is_not_read(store, server, openrouter_before):
    """A 10 MiB body announced by Content-Length, cap 64 KiB: refused before reading, no retry."""
    server.serve(OR_PATH, Respond(200, JSON, b" " * (10 * MIB)))
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "body of 10,485,760 bytes is over the 65,536-byte limit; not read")
    assert server.attempts(OR_PATH) == 1
    assert store.history() == openrouter_before


def test_a_streamed_body_over_the_cap_is_cut_off(store, server, openrouter_before):
    """The same 10 MiB with no Content-Length (the body ends at the close): cut off while streaming."""
    server.serve(OR_PATH, Respond(200, JSON, b" " * (10 * MIB), length=False))
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "body over the 65,536-byte limit", "cut off")
    assert server.attempts(OR_PATH) == 1
    assert store.history() == openrouter_before


def test_a_redirect_to_a_foreign_host_is_not_followed(store, server, openrouter_before):
    """302 to https://evil.example/x: the run fails naming the allowed hosts; no request leaves for evil.example."""
    server.serve(OR_PATH, Respond(302, {"Location": "https://evil.example/x"}))
    run = store.refresh(openrouter)
    assert_ended(store, run, "failed", "redirected to https://evil.example/x, outside the hosts",
                 "(openrouter.ai); not followed")
    assert server.attempts(OR_PATH) == 1 and server.attempts("/x") == 0
    assert {r.url.host for r in run.sent} == {"openrouter.ai"}
    assert store.history() == openrouter_before


def test_a_redirect_within_the_host_is_followed(store, server, openrouter_before):
    """302 to another path on openrouter.ai is followed and its body read: the run succeeds."""
    server.serve(OR_PATH, Respond(302, {"Location": "/api/v1/models-moved"}))
    server.serve("/api/v1/models-moved", Respond(200, JSON, LISTING))
    run = store.refresh(openrouter)
    assert_ended(store, run, "success")
    assert server.attempts(OR_PATH) == 1 and server.attempts("/api/v1/models-moved") == 1
    assert [str(r.url) for r in run.sent] == [OR_URL, "https://openrouter.ai/api/v1/models-moved"]


def test_a_gzip_bomb_is_cut_off_without_inflating_it(store, server, openrouter_before):
    """A ~50 KiB gzip body inflating to 50 MiB: cut off at the 64 KiB cap, never inflated in memory."""
    bomb = gzip_bomb()
    assert len(bomb) < MIB
    server.serve(OR_PATH, Respond(200, {**JSON, "Content-Encoding": "gzip"}, bomb))
    tracemalloc.start()
    try:
        run = store.refresh(openrouter)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_ended(store, run, "failed", "body over the 65,536-byte limit (counted decoded); cut off")
    assert server.attempts(OR_PATH) == 1
    assert peak < 10 * MIB
    assert store.history() == openrouter_before


# What the bodies say (Fireworks' pricing page, then OpenRouter's listing)

def test_a_page_whose_price_table_was_removed_fails_and_archives_the_body(store, server, fireworks_before):
    """The 'Text and vision models' heading renamed: a parse error naming the page and table; the body
    read is kept in the archive and the responses table even though the run failed."""
    page = PAGE.replace(b"Text and vision models", b"Chat models")
    server.serve(FW_PATH, Respond(200, HTML, page))
    run = store.refresh(fireworks)
    assert_ended(store, run, "failed", "fireworks: https://docs.fireworks.ai/serverless/pricing: price table "
                 "'Text and vision models' not found")
    assert server.attempts(FW_PATH) == 1
    assert store.history() == fireworks_before
    assert store.archived(run.report.run_id) == {FW_URL: page}
    folder = store.archive.run_folder("fireworks", database_id(store.engine), run.report.run_id)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert list(manifest["responses"]) == [FW_URL]


def test_a_cell_reading_a_three_part_price_short_of_one_part_is_a_row_not_read(store, server, fireworks_before):
    """A Standard cell with two prices where the table has three: that row is named as not read and its
    offerings keep their values (unobserved); the run is partial; the body archived."""
    before = current(store, "gpt-oss-20b")
    page = PAGE.replace(GPT_OSS_STANDARD, b"$0.07 / $0.30")
    server.serve(FW_PATH, Respond(200, HTML, page))
    run = store.refresh(fireworks)
    assert_ended(store, run, "partial", None)
    assert any("'$0.07 / $0.30' is not 'input / cached input / output'" in part for part in run.report.unread)
    assert current(store, "gpt-oss-20b") == before and run.report.diff.unobserved
    assert store.archived(run.report.run_id) == {FW_URL: page}


def current(store: Store, model: str) -> list[tuple]:
    """The offering's current values and freshness (not whether it is held)."""
    rows = query(store.db_path, "SELECT * FROM current_prices WHERE model = ? ORDER BY tier", (model,))
    return [tuple(r[k] for k in r.keys() if k not in ("held_since", "held_reasons")) for r in rows]


def held_reasons(store: Store, model: str) -> list[str]:
    rows = query(store.db_path, "SELECT reasons FROM held_offerings WHERE model = ? AND ended_at IS NULL", (model,))
    return [reason for row in rows for reason in json.loads(row["reasons"])]


@pytest.mark.parametrize("cell", ["$—", "$— / $— / $—", "Contact us"])
def test_a_cell_that_no_longer_states_a_price_is_held(store, server, fireworks_before, cell):
    """A priced Standard cell now reading no price: input and output are no longer stated, so the
    guard holds that offering alone, naming it; it keeps its values, the rest is applied; the body archived."""
    before = current(store, "gpt-oss-20b")[-1:]  # standard (tiers sort batch, priority, standard)
    page = PAGE.replace(GPT_OSS_STANDARD, cell.encode())
    server.serve(FW_PATH, Respond(200, HTML, page))
    run = store.refresh(fireworks)
    assert_ended(store, run, "success")
    assert "input: was 0.07 USD per 1M tokens, the source no longer states it" in held_reasons(store, "gpt-oss-20b")
    assert [o.key.model for o in run.report.diff.held] == ["gpt-oss-20b"]
    assert server.attempts(FW_PATH) == 1
    assert current(store, "gpt-oss-20b")[-1:] == before and before[0][4] == "standard"
    assert store.archived(run.report.run_id) == {FW_URL: page}


def test_a_cell_reading_free_is_applied_as_free(store, server, fireworks_before):
    """A Standard cell reading "Free": the page says free, so the guard lets the fall to 0 through
    (core/guard.py _says_free) and the offering's input is stored as free."""
    server.serve(FW_PATH, Respond(200, HTML, PAGE.replace(GPT_OSS_STANDARD, b"Free")))
    run = store.refresh(fireworks)
    assert_ended(store, run, "success")
    rows = query(store.db_path, "SELECT tier, input_status FROM current_prices WHERE model = 'gpt-oss-20b' "
                                "AND tier IN ('standard', 'batch') ORDER BY tier")
    assert [tuple(r) for r in rows] == [("batch", "free"), ("standard", "free")]


def test_a_price_that_jumps_100x_is_held(store, server, openrouter_before):
    """DeepSeek R1's prompt price times 100: that offering is held alone ("more than 10x") and keeps its
    values; the run is applied otherwise; the body archived."""
    def dearer(models):
        next(m for m in models if m["id"] == "deepseek/deepseek-r1")["pricing"]["prompt"] = "0.00003"
        return models
    before = current(store, "deepseek/deepseek-r1")
    body = listing(dearer)
    server.serve(OR_PATH, Respond(200, JSON, body))
    run = store.refresh(openrouter)
    assert_ended(store, run, "success")
    assert held_reasons(store, "deepseek/deepseek-r1") == [
        "input: moves from 0.3 USD per 1M tokens to 30 USD per 1M tokens, more than 10x"]
    assert server.attempts(OR_PATH) == 1
    assert current(store, "deepseek/deepseek-r1") == before
    assert store.archived(run.report.run_id) == {OR_URL: body}


def test_half_the_catalogue_gone_is_held(store, server):
    """A 12-model listing (the hand-made 4 and 8 clones under new ids) shrinking to 5: 7 of 12 gone
    at once is more than half, so the run is held and history untouched."""
    def cloned(models):
        clones = [dict(copy.deepcopy(models[0]), id=f"test/clone-{n}", name=f"Clone {n}") for n in range(8)]
        return models + clones
    before = store.baseline(openrouter, OR_PATH, listing(cloned), JSON)
    assert query(store.db_path, "SELECT COUNT(*) FROM current_prices")[0][0] == 12
    server.serve(OR_PATH, Respond(200, JSON, listing(lambda models: cloned(models)[:5])))
    run = store.refresh(openrouter)
    assert_ended(store, run, "held", "7 of 12 listed offerings vanished at once (50% or more)")
    assert server.attempts(OR_PATH) == 1
    assert store.history() == before


# Faults found by this suite and fixed since

def test_a_gzip_body_ending_before_its_trailer_is_refused(store, server, fireworks_before):
    """The pricing page gzipped but stopping inside the Embeddings table, with a Content-Length that
    matches what is sent (the framing is complete; only the gzip trailer is missing). The body is
    incomplete, so the run fails (after its attempts) and history is kept."""
    cut = gzipped(PAGE[:PAGE.index(b"<tr><td>150M")], finish=False)
    server.serve(FW_PATH, Respond(200, {**HTML, "Content-Encoding": "gzip"}, cut))
    run = store.refresh(fireworks)
    assert run.report.status == "failed" and "gzip" in run.report.error
    assert store.history() == fireworks_before


def test_a_redirect_from_https_to_plain_http_is_not_followed(server):
    """Fireworks' List Models API (key in FIREWORKS_API_KEY) redirecting to http:// on its own host:
    a downgrade is refused, so neither the key nor the request goes over plain HTTP."""
    source = fireworks.SOURCES[1]
    path, plain = httpx.URL(source.first_url).path, str(httpx.URL(source.first_url).copy_with(scheme="http"))
    server.serve(path, Respond(302, {"Location": plain}),
                 Respond(200, JSON, (HANDMADE / "fireworks/list_models_page2.json").read_bytes()))
    routing = RoutingTransport(server.port)
    with make_client(POLICY, transport=routing) as client:
        live = HttpTransport(client, env={"FIREWORKS_API_KEY": "test-key"}, clock=lambda: T0,
                             sleep=lambda _: None, policy=POLICY)
        with pytest.raises(FetchError, match="from https to plain http; not followed"):
            live.get(source, source.first_url)
    assert [r.url.scheme for r in routing.sent] == ["https"]  # nothing, the key least of all, went over http


def test_robots_txt_redirected_to_another_host_is_followed(store, server, fireworks_before):
    """robots.txt answering 301 to another host (an apex/www or CDN move): RFC 9309 says to follow it,
    so the page is read by the rules found there."""
    server.serve("/robots.txt", Respond(301, {"Location": "https://www.fireworks.ai/robots.txt"}),
                 Respond(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private\n"))
    server.serve(FW_PATH, Respond(200, HTML, PAGE))
    run = store.refresh(fireworks)
    assert_ended(store, run, "success")
    assert server.attempts("/robots.txt") == 2 and server.attempts(FW_PATH) == 1


def test_a_5xx_beyond_the_classic_four_is_retried(store, server, openrouter_before):
    """Cloudflare's 522 (in front of many providers) is transient like a 503."""
    server.serve(OR_PATH, Respond(522), Respond(200, JSON, LISTING))
    run = store.refresh(openrouter)
    assert_ended(store, run, "success")
    assert server.attempts(OR_PATH) == 2


def test_the_environment_proxy_is_used_and_bounded_by_the_deadline(server, monkeypatch):
    """HTTP_PROXY is honoured by the live client (the server here is the proxy: it gets the request
    for a host that does not even resolve), and a proxy that trickles is cut at the deadline too."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.port}")
    server.serve("/v1/models", Respond(200, JSON, LISTING), TRICKLE)
    source = Source("models", "http://provider.invalid/v1/models", kind="api", expects="application/json")
    with make_client(POLICY) as client:
        live = HttpTransport(client, env={}, clock=lambda: T0, sleep=lambda _: None, policy=POLICY)
        assert live.get(source, source.url).body == LISTING
        with pytest.raises(FetchError, match="timed out"):
            live.get(source, source.url)
    assert server.attempts("/v1/models") == 1 + POLICY.max_attempts
