"""Per-host pacing: concurrency bound, spacing between starts, Crawl-delay overrides."""

from __future__ import annotations

import threading

import pytest

from scrapers._pacing import HostPacer


class FakeTime:
    """A clock that only moves when sleep() is called; records the sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def pacer(fake: FakeTime, **kwargs) -> HostPacer:
    return HostPacer(clock=fake.clock, sleep=fake.sleep, **kwargs)


def starts(pacer: HostPacer, fake: FakeTime, *requests: tuple[str, float | None]) -> list[float]:
    """Run the requests one after another; return when each started."""
    started = []
    for host, interval in requests:
        with pacer.slot(host, interval):
            started.append(fake.now)
    return started


def test_sequential_requests_to_one_host_are_spaced():
    fake = FakeTime()
    assert starts(pacer(fake, min_interval=1.0), fake, *[("a.test", None)] * 3) == [100.0, 101.0, 102.0]
    assert fake.sleeps == [1.0, 1.0]  # the first request did not wait


def test_no_wait_once_the_interval_has_passed():
    fake = FakeTime()
    paced = pacer(fake, min_interval=1.0)
    starts(paced, fake, ("a.test", None))
    fake.now += 5
    starts(paced, fake, ("a.test", None))
    assert fake.sleeps == []


def test_hosts_do_not_wait_for_each_other():
    fake = FakeTime()
    assert starts(pacer(fake, min_interval=1.0), fake, ("a.test", None), ("b.test", None)) == [100.0, 100.0]
    assert fake.sleeps == []


def test_host_names_are_case_insensitive():
    fake = FakeTime()
    assert starts(pacer(fake, min_interval=1.0), fake, ("a.test", None), ("A.TEST", None)) == [100.0, 101.0]


def test_larger_crawl_delay_overrides_the_default():
    fake = FakeTime()
    assert starts(pacer(fake, min_interval=1.0), fake, ("a.test", None), ("a.test", 5.0)) == [100.0, 105.0]


def test_smaller_crawl_delay_is_ignored():
    fake = FakeTime()
    assert starts(pacer(fake, min_interval=2.0), fake, ("a.test", None), ("a.test", 0.5)) == [100.0, 102.0]


def test_concurrent_requesters_reserve_consecutive_starts():
    # Three requesters arrive at the same instant; each books the next start and sleeps outside the lock.
    sleeps: list[float] = []
    paced = HostPacer(max_concurrent=3, min_interval=1.0, clock=lambda: 100.0, sleep=sleeps.append)

    def request() -> None:
        with paced.slot("a.test"):
            pass

    threads = [threading.Thread(target=request) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sorted(sleeps) == [1.0, 2.0]  # starts at 100, 101, 102


def test_at_most_max_concurrent_inside_at_once():
    paced = HostPacer(max_concurrent=2, min_interval=0)
    lock, release, two_inside, third_inside = threading.Lock(), threading.Event(), threading.Event(), threading.Event()
    inside, peak = [0], [0]

    def request() -> None:
        with paced.slot("a.test"):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
                if inside[0] == 2:
                    two_inside.set()
                if inside[0] > 2:
                    third_inside.set()
            release.wait(5)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    assert two_inside.wait(5)
    assert not third_inside.wait(0.1)  # the others are blocked while two hold their slots
    release.set()
    for thread in threads:
        thread.join(5)
    assert not any(thread.is_alive() for thread in threads)
    assert peak[0] == 2 and inside[0] == 0


def test_a_slot_on_one_host_does_not_block_another():
    paced = HostPacer(max_concurrent=1, min_interval=0)
    with paced.slot("a.test"), paced.slot("b.test"):
        pass  # would deadlock if the hosts shared a semaphore


def test_slot_is_released_when_the_request_fails():
    paced = HostPacer(max_concurrent=1, min_interval=0)
    with pytest.raises(RuntimeError), paced.slot("a.test"):
        raise RuntimeError("boom")
    with paced.slot("a.test"):
        pass


@pytest.mark.parametrize("kwargs, message", [
    ({"max_concurrent": 0}, "max_concurrent must be at least 1"),
    ({"min_interval": -1}, "min_interval must be 0 or more"),
])
def test_arguments_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        HostPacer(**kwargs)


def test_negative_override_is_rejected():
    with pytest.raises(ValueError, match="min_interval must be 0 or more"):
        HostPacer().slot("a.test", -1.0)
