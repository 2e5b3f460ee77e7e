"""Live fetching (httpx MockTransport and a real local server) and replay from capture folders."""

import json
import re
import socket
import ssl
import threading
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import httpx
import pytest

import scrapers.fireworks as fireworks
from core.errors import ConfigError, FetchError, MissingCredentials, Unreachable
from scrapers._base import Source
from scrapers._deadline import deadline, resolve
from scrapers._fetch import fetch_all, fetch_source
from scrapers._http import FetchPolicy, HttpTransport, make_client, retry_after_seconds, user_agent
from scrapers._replay import ReplayTransport
from scrapers._robots import RobotsDisallowed
from tests.conftest import HANDMADE, write_capture

NOW = datetime(2026, 11, 27, tzinfo=UTC)
PAGE = Source("page", "https://example.test/pricing", kind="page", expects="text/html")


def transport(handler, env=None, max_attempts=4):
    def with_robots(request):  # no robots.txt: everything may be read
        return httpx.Response(404) if request.url.path == "/robots.txt" else handler(request)
    client = make_client(transport=httpx.MockTransport(with_robots))
    return HttpTransport(client, env=env or {}, clock=lambda: NOW, sleep=lambda _: None,
                         policy=FetchPolicy(max_attempts=max_attempts))


def html(request):
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text="<p>ok</p>")


def test_requests_identify_themselves_and_pages_carry_fetch_time():
    seen = []
    page = transport(lambda r: seen.append(r) or html(r)).get(PAGE, PAGE.url)
    assert seen[0].headers["user-agent"] == user_agent()
    assert "+https://" in user_agent({}) and user_agent({"PRICES_CONTACT": "mailto:ops@example.org"}).count("ops@")
    assert page.fetched_at == NOW and page.body == b"<p>ok</p>"


def test_transient_failures_are_retried_then_succeed():
    answers = iter([httpx.Response(503), httpx.Response(429)])
    calls = []

    def handler(request):
        calls.append(request)
        return next(answers, None) or html(request)
    assert transport(handler).get(PAGE, PAGE.url).status == 200
    assert len(calls) == 3


def test_retries_are_bounded_and_the_error_says_how_many():
    calls = []
    with pytest.raises(FetchError, match=r"failed after 3 attempts: HTTP 503"):
        transport(lambda r: calls.append(r) or httpx.Response(503), max_attempts=3).get(PAGE, PAGE.url)
    assert len(calls) == 3


def test_connection_errors_are_retried_and_named():
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)
    with pytest.raises(FetchError, match="failed after 2 attempts: ConnectError: connection refused"):
        transport(refuse, max_attempts=2).get(PAGE, PAGE.url)


@pytest.mark.parametrize("cause, reason", [
    (socket.gaierror(-2, "Name or service not known"), "the host name does not resolve"),
    (ConnectionRefusedError(111, "Connection refused"), "the connection was refused"),
    (ssl.SSLCertVerificationError(1, "certificate verify failed"), "the TLS handshake failed")])
def test_a_host_that_cannot_be_reached_at_all_is_not_retried(cause, reason):
    calls = []

    def fail(request):
        calls.append(request)
        raise httpx.ConnectError(str(cause), request=request) from cause
    with pytest.raises(Unreachable, match=f"GET {re.escape(PAGE.url)} failed: {reason}"):
        transport(fail, max_attempts=3).get(PAGE, PAGE.url)
    assert len(calls) == 1


def test_client_errors_are_not_retried():
    calls = []
    with pytest.raises(FetchError, match="HTTP 404"):
        transport(lambda r: calls.append(r) or httpx.Response(404)).get(PAGE, PAGE.url)
    assert len(calls) == 1


def test_unexpected_content_type_is_a_fetch_error():
    with pytest.raises(FetchError, match="expected text/html, got application/json"):
        transport(lambda r: httpx.Response(200, json={})).get(PAGE, PAGE.url)


def test_api_key_comes_from_the_environment_as_a_bearer_token():
    api = fireworks.SOURCES[1]
    pages = [json.loads((HANDMADE / f"fireworks/list_models_page{n}.json").read_text()) for n in (1, 2)]
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=pages[1 if request.url.params.get("pageToken") else 0])
    got = fetch_source(transport(handler, env={"FIREWORKS_API_KEY": "fw-secret"}), api)
    assert len(got) == 2
    assert {r.headers["authorization"] for r in seen} == {"Bearer fw-secret"}
    assert seen[0].url.params["filter"] == "supports_serverless=true"
    assert seen[1].url.params["pageToken"] == "page-2"


def test_missing_key_fails_only_the_optional_source():
    fetched = fetch_all(transport(html), fireworks.SOURCES)
    assert "pricing" in fetched.pages
    assert "FIREWORKS_API_KEY is not set" in fetched.failures["models"]
    with pytest.raises(MissingCredentials):
        fetch_source(transport(html), fireworks.SOURCES[1])


def test_a_failing_required_source_fails_the_fetch():
    with pytest.raises(FetchError):
        fetch_all(transport(lambda r: httpx.Response(500), max_attempts=1), fireworks.SOURCES)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        body = b"<html>served locally</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_live_transport_over_a_real_socket():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/pricing"
        with make_client() as client:
            page = HttpTransport(client, env={}).get(PAGE, url)
        assert page.body == b"<html>served locally</html>" and page.fetched_at.tzinfo is UTC
    finally:
        server.shutdown()
        server.server_close()


def test_replay_serves_bodies_at_their_capture_time(tmp_path):
    directory = write_capture(tmp_path / "c", {PAGE.url: (b"<p>then</p>", "text/html", "2026-01-05T00:11:19Z")})
    page = ReplayTransport(directory).get(PAGE, PAGE.url)
    assert page.body == b"<p>then</p>" and page.fetched_at == datetime(2026, 1, 5, 0, 11, 19, tzinfo=UTC)


def test_replay_of_a_url_not_in_the_manifest_is_a_failed_fetch(tmp_path):
    directory = write_capture(tmp_path / "c", {})
    with pytest.raises(FetchError, match="is not in the capture"):
        ReplayTransport(directory).get(PAGE, PAGE.url)


def test_replay_detects_a_body_that_does_not_match_its_sha256(tmp_path):
    directory = write_capture(tmp_path / "c", {PAGE.url: (b"<p>a</p>", "text/html", "2026-01-05T00:11:19Z")})
    (directory / "response-0").write_bytes(b"<p>tampered</p>")
    with pytest.raises(FetchError, match="does not match the sha256"):
        ReplayTransport(directory).get(PAGE, PAGE.url)


@pytest.mark.parametrize("manifest, message", [
    (None, "no manifest.json"), ("{not json", "not valid JSON"), ('{"responses": []}', "expected"),
])
def test_bad_capture_directories_are_config_errors(tmp_path, manifest, message):
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest)
    with pytest.raises(ConfigError, match=message):
        ReplayTransport(tmp_path)


def test_robots_txt_is_obeyed_for_pages_and_not_asked_for_apis():
    seen = []

    def site(request):
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: llm-prices-tracker\nDisallow: /pricing\n")
        return html(request) if request.url.path != "/api" else httpx.Response(200, json={})
    live = HttpTransport(make_client(transport=httpx.MockTransport(site)), env={}, clock=lambda: NOW,
                         sleep=lambda _: None)
    with pytest.raises(RobotsDisallowed, match="robots.txt of https://example.test disallows it"):
        live.get(PAGE, PAGE.url)
    live.get(Source("api", "https://example.test/api", kind="api", expects="application/json"),
             "https://example.test/api")
    live.get(PAGE, "https://example.test/other")
    assert seen == ["/robots.txt", "/api", "/other"]  # robots.txt read once, the disallowed page never


def test_an_unreachable_robots_txt_means_the_page_is_not_read():
    def site(request):
        return httpx.Response(503) if request.url.path == "/robots.txt" else html(request)
    with pytest.raises(FetchError, match="RFC 9309 says to assume the site disallows crawling"):
        transport_without_robots_stub(site).get(PAGE, PAGE.url)


def transport_without_robots_stub(handler):
    return HttpTransport(make_client(transport=httpx.MockTransport(handler)), env={}, clock=lambda: NOW,
                         sleep=lambda _: None, policy=FetchPolicy(max_attempts=1))


def test_redirects_stay_within_declared_hosts_and_the_key_stays_home():
    api = Source("api", "https://api.example.test/v1/models", kind="api", expects="application/json",
                 auth_env="KEY", hosts=("cdn.example.test",))
    seen = []

    def site(request):
        seen.append(request)
        if request.url.host == "api.example.test":
            return httpx.Response(302, headers={"location": "https://cdn.example.test/models.json"})
        return httpx.Response(200, json={"data": []})
    page = transport(site, env={"KEY": "secret"}).get(api, api.url)
    assert page.url == api.url and str(seen[1].url) == "https://cdn.example.test/models.json"  # kept as asked
    assert seen[0].headers["authorization"] == "Bearer secret" and "authorization" not in seen[1].headers
    with pytest.raises(FetchError, match="redirected to https://cdn.example.test/models.json, outside the hosts"):
        transport(site, env={"KEY": "secret"}).get(replace(api, hosts=()), api.url)


def test_retry_after_may_be_an_http_date():
    assert retry_after_seconds("Fri, 27 Nov 2026 00:00:30 GMT", NOW) == 30
    assert retry_after_seconds("12", NOW) == 12 and retry_after_seconds("soon", NOW) is None


def test_the_content_type_is_checked_before_the_body_is_read():
    streamed = []

    def body():
        streamed.append(True)
        yield b"{}"
    with pytest.raises(FetchError, match="expected text/html, got application/json"):
        transport(lambda r: httpx.Response(200, headers={"content-type": "application/json"},
                                           content=body())).get(PAGE, PAGE.url)
    assert not streamed


def test_a_name_lookup_that_hangs_is_cut_at_the_connect_timeout(monkeypatch):
    released = threading.Event()

    def stuck(*args, **kwargs):
        released.wait(60)  # a DNS server that never answers
        raise socket.gaierror(-3, "Temporary failure in name resolution")
    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    try:
        with pytest.raises(httpcore.ConnectTimeout, match="resolving pricing.example took longer than 0.2 s"):
            resolve("pricing.example", 443, 0.2)
        with deadline(0.2), pytest.raises(httpx.ConnectTimeout, match="resolving pricing.example"):
            make_client(FetchPolicy(connect_timeout=30)).get("https://pricing.example/")
    finally:
        released.set()
    assert resolve("127.0.0.1", 80, None) == ["127.0.0.1"]  # an address is not looked up
