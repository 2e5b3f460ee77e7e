"""robots.txt rules (RFC 9309): matching our agent's group, status codes, caching, size limit."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import ConfigError, FetchError
from scrapers._robots import RobotsCache, RobotsDisallowed, agent_token

AGENT = "llm-prices-tracker/0.1.0 (+https://example.test/about)"
T0 = datetime(2026, 11, 27, tzinfo=UTC)


class FakeSite:
    """A fake RobotsFetch: answers per robots URL, records every call."""

    def __init__(self, answers: dict[str, tuple[int, bytes] | Exception]) -> None:
        self.answers = dict(answers)
        self.calls: list[str] = []

    def __call__(self, url: str) -> tuple[int, bytes]:
        self.calls.append(url)
        answer = self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


class FakeClock:
    """A settable UTC clock."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def cache_for(robots: str | bytes | tuple[int, bytes] | Exception, **kwargs) -> tuple[RobotsCache, FakeSite]:
    """A cache whose only site, https://a.test, serves `robots` (a body, a (status, body) or an error)."""
    if isinstance(robots, str):
        robots = robots.encode()
    answer = (200, robots) if isinstance(robots, bytes) else robots
    site = FakeSite({"https://a.test/robots.txt": answer})
    kwargs.setdefault("clock", FakeClock())
    return RobotsCache(site, AGENT, **kwargs), site


OUR_GROUP = """\
User-agent: *
Disallow: /

User-agent: llm-prices-tracker
Disallow: /private
Crawl-delay: 3
"""


def test_agent_token_is_the_product_name():
    assert agent_token(AGENT) == "llm-prices-tracker"
    assert agent_token("curl") == "curl"
    with pytest.raises(ConfigError):
        agent_token("/1.0")


def test_our_agents_group_applies():
    cache, _ = cache_for(OUR_GROUP)
    cache.check("https://a.test/pricing")  # `*` disallows everything, but our own group wins
    with pytest.raises(RobotsDisallowed) as err:
        cache.check("https://a.test/private/models")
    message = str(err.value)
    assert "https://a.test/private/models" in message
    assert "robots.txt of https://a.test disallows it for llm-prices-tracker" in message
    assert isinstance(err.value, FetchError)


def test_star_group_applies_when_there_is_no_group_for_us():
    cache, _ = cache_for("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\n")
    cache.check("https://a.test/pricing")
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/admin/x")


def test_agent_group_is_matched_case_insensitively():
    cache, _ = cache_for("User-agent: LLM-Prices-Tracker\nDisallow: /\n")
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/pricing")


def test_longest_matching_rule_wins_not_the_first():
    cache, _ = cache_for("User-agent: *\nAllow: /\nDisallow: /private\nDisallow: /docs\nAllow: /docs/pricing\n")
    cache.check("https://a.test/docs/pricing")
    cache.check("https://a.test/")
    for path in ("/private", "/docs/models"):
        with pytest.raises(RobotsDisallowed):
            cache.check("https://a.test" + path)


def test_allow_wins_a_tie():
    cache, _ = cache_for("User-agent: *\nDisallow: /pricing\nAllow: /pricing\n")
    cache.check("https://a.test/pricing")


def test_empty_robots_allows_everything_and_sets_no_delay():
    # A parsed (even empty) file must count as read: robotparser refuses everything until it is.
    cache, _ = cache_for(b"")
    cache.check("https://a.test/anything")
    assert cache.crawl_delay("https://a.test/") is None


def test_utf8_bom_is_ignored():
    cache, _ = cache_for("\ufeffUser-agent: *\nDisallow: /x\n".encode())
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/x")


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_unavailable_robots_allows_everything_and_is_cached(status):
    cache, site = cache_for((status, b"User-agent: *\nDisallow: /\n"))
    cache.check("https://a.test/pricing")
    cache.check("https://a.test/other")
    assert cache.crawl_delay("https://a.test/") is None
    assert site.calls == ["https://a.test/robots.txt"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_unreachable_robots_disallows_and_is_not_cached(status):
    cache, site = cache_for((status, b""))
    for _ in range(2):
        with pytest.raises(FetchError) as err:
            cache.check("https://a.test/pricing")
        assert not isinstance(err.value, RobotsDisallowed)
        assert str(err.value) == (
            f"robots.txt of https://a.test could not be read (HTTP {status}); RFC 9309 says to assume "
            "the site disallows crawling, so https://a.test/pricing was not fetched")
    assert len(site.calls) == 2  # the second check tried again


def test_unreachable_host_disallows_and_is_not_cached():
    cache, site = cache_for(FetchError("connection refused"))
    with pytest.raises(FetchError, match=r"could not be read \(connection refused\)") as err:
        cache.check("https://a.test/pricing")
    assert not isinstance(err.value, RobotsDisallowed)
    site.answers["https://a.test/robots.txt"] = (200, b"")
    cache.check("https://a.test/pricing")
    assert len(site.calls) == 2


def test_rules_are_cached_for_the_ttl_then_refetched():
    clock = FakeClock()
    cache, site = cache_for(OUR_GROUP, clock=clock, ttl=timedelta(hours=24))
    cache.check("https://a.test/pricing")
    clock.now += timedelta(hours=23, minutes=59)
    cache.check("https://a.test/models")
    assert len(site.calls) == 1
    site.answers["https://a.test/robots.txt"] = (200, b"User-agent: *\nDisallow: /\n")
    clock.now += timedelta(minutes=1)
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/pricing")
    assert len(site.calls) == 2


def test_each_origin_has_its_own_robots():
    site = FakeSite({
        "https://a.test/robots.txt": (200, b"User-agent: *\nDisallow: /\n"),
        "https://b.test/robots.txt": (404, b""),
        "http://b.test/robots.txt": (200, b"User-agent: *\nDisallow: /\n"),
        "https://b.test:8443/robots.txt": (200, b"User-agent: *\nDisallow: /x\n"),
    })
    cache = RobotsCache(site, AGENT, clock=FakeClock())
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/pricing")
    cache.check("https://B.test:443/pricing")  # same origin as https://b.test
    cache.check("https://b.test/x")
    with pytest.raises(RobotsDisallowed):
        cache.check("http://b.test/pricing")
    with pytest.raises(RobotsDisallowed, match="robots.txt of https://b.test:8443 disallows"):
        cache.check("https://b.test:8443/x")
    assert sorted(site.calls) == sorted(site.answers)


def test_crawl_delay_for_our_agent():
    cache, site = cache_for(OUR_GROUP)
    assert cache.crawl_delay("https://a.test/pricing") == 3.0
    cache.check("https://a.test/pricing")
    assert len(site.calls) == 1  # crawl_delay and check share the cached rules


def test_crawl_delay_from_star_group():
    cache, _ = cache_for("User-agent: *\nCrawl-delay: 5\n")
    assert cache.crawl_delay("https://a.test/") == 5.0


def test_crawl_delay_when_robots_is_unreachable_raises():
    cache, _ = cache_for((503, b""))
    with pytest.raises(FetchError):
        cache.crawl_delay("https://a.test/")


def test_only_the_first_max_bytes_are_parsed():
    head = b"User-agent: *\nDisallow: /early\n" + b"# padding\n" * 100
    body = head + b"Disallow: /late\n"
    cache, _ = cache_for(body, max_bytes=len(head) + 12)  # the limit cuts "Disallow: /late" after "/l"
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/early")
    cache.check("https://a.test/late")  # not seen; and the cut line is not read as "Disallow: /l"
    cache.check("https://a.test/l")


def test_default_limit_parses_500_kib():
    padding = b"# padding\n" * (500 * 1024 // 10)
    cache, _ = cache_for(b"User-agent: *\n" + padding + b"Disallow: /x\n")
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/x")


def test_invalid_body_bytes_are_replaced_not_fatal():
    cache, _ = cache_for(b"User-agent: *\n# \xff\xfe\nDisallow: /x\n")
    with pytest.raises(RobotsDisallowed):
        cache.check("https://a.test/x")


def test_non_http_urls_are_a_config_error():
    cache, site = cache_for(b"")
    for url in ("/pricing", "ftp://a.test/x", "https:///x"):
        with pytest.raises(ConfigError):
            cache.check(url)
    assert site.calls == []


def test_concurrent_checks_fetch_once():
    started, release = threading.Event(), threading.Event()

    def slow_fetch(url: str) -> tuple[int, bytes]:
        calls.append(url)
        started.set()
        release.wait(5)
        return 200, b""

    calls: list[str] = []
    cache = RobotsCache(slow_fetch, AGENT, clock=FakeClock())
    threads = [threading.Thread(target=cache.check, args=("https://a.test/p",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert calls == ["https://a.test/robots.txt"]


def test_arguments_are_validated():
    with pytest.raises(ValueError, match="max_bytes"):
        RobotsCache(FakeSite({}), AGENT, max_bytes=0)
    with pytest.raises(ConfigError):
        RobotsCache(FakeSite({}), "")


def test_wildcards_and_end_anchors_are_understood():
    cache, _ = cache_for("User-agent: *\nDisallow: /*.md$\nDisallow: /docs/*/raw\nAllow: /docs/*/raw/ok\n")
    for url in ("https://a.test/pricing.md", "https://a.test/docs/v2/raw", "https://a.test/docs/v2/raw/x"):
        with pytest.raises(RobotsDisallowed):
            cache.check(url)
    for url in ("https://a.test/pricing.md.html", "https://a.test/pricing", "https://a.test/docs/v2/raw/ok"):
        cache.check(url)


def test_a_fractional_crawl_delay_is_read():
    cache, _ = cache_for("User-agent: *\nCrawl-delay: 2.5\n")
    assert cache.crawl_delay("https://a.test/pricing") == 2.5
