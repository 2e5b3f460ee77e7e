"""Source.follow: a first page's links read after it, each once; one that fails is recorded, not fatal."""

from datetime import UTC, datetime

import httpx
import pytest

from core.errors import FetchError, ParseError
from scrapers._base import Page, Source, follow_key
from scrapers._fetch import MAX_PAGES, fetch_all, fetch_source
from scrapers._http import FetchPolicy, HttpTransport, make_client
from scrapers._replay import ReplayTransport
from tests.conftest import write_capture

NOW = datetime(2026, 11, 27, tzinfo=UTC)
INDEX = "https://files.example.test/index.json"


def linked(page: Page) -> list[str]:
    return [f"https://files.example.test/{name}" for name in page.json()["files"]]


FILES = Source("files", INDEX, kind="api", expects="application/json", follow=linked)


def live(answers: dict[str, httpx.Response], requested: list[str]) -> HttpTransport:
    """A live transport whose server answers each path as scripted (404 for any other)."""
    def handler(request):
        requested.append(request.url.path)
        return answers.get(request.url.path, httpx.Response(404))
    return HttpTransport(make_client(transport=httpx.MockTransport(handler)), env={}, clock=lambda: NOW,
                         sleep=lambda _: None, policy=FetchPolicy(max_attempts=2))


def ok(body) -> httpx.Response:
    return httpx.Response(200, json=body)


def test_every_linked_page_is_read_once_after_the_first_in_order():
    requested = []
    transport = live({"/index.json": ok({"files": ["a.json", "b.json", "a.json"]}),
                      "/a.json": ok({"n": 1}), "/b.json": ok({"n": 2})}, requested)
    pages = fetch_source(transport, FILES)
    assert [p.url for p in pages] == [INDEX, "https://files.example.test/a.json", "https://files.example.test/b.json"]
    assert requested == ["/index.json", "/a.json", "/b.json"]


def test_a_linked_page_that_fails_is_recorded_and_the_others_are_still_read():
    requested = []
    transport = live({"/index.json": ok({"files": ["a.json", "gone.json", "b.json"]}),
                      "/a.json": ok({}), "/b.json": ok({})}, requested)
    fetched = fetch_all(transport, [FILES])
    assert [p.url.rsplit("/", 1)[1] for p in fetched.pages["files"]] == ["index.json", "a.json", "b.json"]
    gone = "https://files.example.test/gone.json"
    assert list(fetched.failures) == [follow_key("files", gone)]
    assert "HTTP 404" in fetched.failure("files", gone) and fetched.failure("files", INDEX.replace("index", "a")) is None


def test_without_a_failures_record_a_failing_link_fails_the_source():
    transport = live({"/index.json": ok({"files": ["gone.json"]})}, [])
    with pytest.raises(FetchError, match="gone.json"):
        fetch_source(transport, FILES)


def test_a_link_to_an_undeclared_host_fails_the_source_before_anything_is_read_there():
    requested = []
    transport = live({"/index.json": ok({"files": []})}, requested)
    elsewhere = Source("files", INDEX, kind="api", expects="application/json",
                       follow=lambda page: ["https://files.example.test/a.json", "https://other.example.test/b.json"])
    with pytest.raises(FetchError, match="links to https://other.example.test/b.json, outside the hosts"):
        fetch_all(transport, [elsewhere])
    assert requested == ["/index.json"]
    declared = Source("files", INDEX, kind="api", expects="application/json", hosts=("other.example.test",),
                      follow=lambda page: ["https://other.example.test/b.json"])
    assert follow_key("files", "https://other.example.test/b.json") in fetch_all(transport, [declared]).failures


def test_an_index_that_cannot_be_read_for_links_fails_a_required_source_and_is_recorded_for_an_optional_one():
    transport = live({"/index.json": ok({"no files": []})}, [])
    broken = Source("files", INDEX, kind="api", expects="application/json", follow=lambda page: _no_files(page))
    with pytest.raises(ParseError, match="no files"):
        fetch_all(transport, [broken])
    optional = Source("files", INDEX, kind="api", expects="application/json", required=False,
                      follow=lambda page: _no_files(page))
    fetched = fetch_all(transport, [optional])
    assert fetched.pages == {} and "no files" in fetched.failures["files"]


def _no_files(page: Page) -> list[str]:
    raise ParseError(f"{page.url}: no files listed")


def test_more_links_than_the_page_cap_is_a_loop_not_a_listing():
    transport = live({"/index.json": ok({"files": [f"{i}.json" for i in range(MAX_PAGES + 1)]})}, [])
    with pytest.raises(FetchError, match=f"links to {MAX_PAGES + 1} pages"):
        fetch_all(transport, [FILES])


def test_replay_serves_linked_pages_and_a_link_missing_from_the_capture_is_a_recorded_failure(tmp_path):
    at = "2026-11-27T00:00:00Z"
    capture = write_capture(tmp_path / "capture", {INDEX: (b'{"files": ["a.json", "b.json"]}', "application/json", at),
                                                   "https://files.example.test/a.json": (b"{}", "application/json", at)})
    fetched = fetch_all(ReplayTransport(capture), [FILES])
    assert [p.url for p in fetched.pages["files"]] == [INDEX, "https://files.example.test/a.json"]
    assert "not in the capture" in fetched.failure("files", "https://files.example.test/b.json")


def test_a_source_without_follow_reads_only_its_own_pages():
    requested = []
    plain = Source("files", INDEX, kind="api", expects="application/json")
    pages = fetch_source(live({"/index.json": ok({"files": ["a.json"]})}, requested), plain)
    assert len(pages) == 1 and requested == ["/index.json"]
