"""Searches run while the gallery changes, and every answer is exactly right.

Each mutation returns the version it produced and each search reports the
version it saw, so after the run the test replays the writes in version
order and checks every search against a brute force of *that* state. A
half-written row, a stale norm or a torn swap-remove would show up as a
wrong id or distance.
"""

from __future__ import annotations

import threading
from functools import cache

import numpy as np
import pytest

from matching.batching import BatchSearcher
from matching.gallery import Gallery
from matching.rwlock import RWLock
from tests.matching.reference import brute_force

STABLE = 150  # ids 0..149 are never removed (writers update them)
OPS_PER_WRITER = 120


@cache
def template_of(template_id: int, generation: int = 0) -> np.ndarray:
    raw = np.random.default_rng([template_id, generation]).standard_normal(128)
    return (raw / np.linalg.norm(raw)).astype(np.float32)


class Progress:
    """Writers wait until a search has seen their write, so the run interleaves."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.seen = 0
        self.done = False

    def saw(self, version: int) -> None:
        with self.cond:
            self.seen = max(self.seen, version)
            self.cond.notify_all()

    def wait_for(self, version: int) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: self.seen >= version, timeout=30), \
                "no search completed after a write"


def churn_writer(gallery: Gallery, first_id: int, rng: np.random.Generator,
                 log: list, progress: Progress) -> None:
    """Adds and removes its own ids, and updates stable ids."""
    mine: list[int] = []
    next_id = first_id
    for step in range(OPS_PER_WRITER):
        action = step % 3
        if action == 0 or not mine:
            ids = list(range(next_id, next_id + int(rng.integers(1, 6))))
            next_id += len(ids)
            version = gallery.add(ids, np.stack([template_of(i) for i in ids]))
            mine += ids
            log.append((version, "add", {i: template_of(i) for i in ids}))
        elif action == 1:
            gone = [mine.pop(int(rng.integers(len(mine)))) for _ in range(min(3, len(mine)))]
            log.append((gallery.remove(gone), "remove", gone))
        else:
            stable_id = int(rng.integers(STABLE))
            generation = step + 1000 * first_id
            template = template_of(stable_id, generation)
            log.append((gallery.update(stable_id, template), "add", {stable_id: template}))
        progress.wait_for(log[-1][0])


def reader(search, rng: np.random.Generator, out: list, progress: Progress) -> None:
    while not progress.done:
        if rng.random() < 0.5:
            base = template_of(int(rng.integers(STABLE)))
            query = base + np.float32(0.1) * template_of(int(rng.integers(10**6, 2 * 10**6)))
        else:
            query = template_of(int(rng.integers(2 * 10**6, 3 * 10**6)))
        query = query.astype(np.float32)
        k = int(rng.integers(1, 6))
        cutoff = None if rng.random() < 0.7 else 0.8
        result = search(query, k, cutoff)
        out.append((query, k, cutoff, result))
        progress.saw(result.version)


def replay_and_check(initial: dict, log: list, answers: list) -> int:
    """Check each answer against the state at its version; return versions seen."""
    state = dict(initial)
    events = sorted(log, key=lambda e: e[0])
    answers = sorted(answers, key=lambda a: a[3].version)
    position, current = 0, 1
    for query, k, cutoff, result in answers:
        while position < len(events) and events[position][0] <= result.version:
            version, kind, payload = events[position]
            if kind == "add":
                state.update(payload)
            else:
                for template_id in payload:
                    del state[template_id]
            position, current = position + 1, version
        assert current == result.version or result.version == 1
        ids = np.array(sorted(state), dtype=np.int64)
        templates = np.stack([state[i] for i in ids.tolist()])
        want_ids, want_dist = brute_force(ids, templates, query, k, "euclidean", cutoff)
        np.testing.assert_array_equal(result.ids, want_ids)
        np.testing.assert_allclose(result.distances, want_dist, atol=1e-5)
    return len({a[3].version for a in answers})


def test_hammer_adds_removes_updates_and_searches_stay_exact():
    gallery = Gallery(initial_capacity=16)  # small, so growth and shrink happen too
    initial = {i: template_of(i) for i in range(STABLE)}
    assert gallery.add(list(initial), np.stack(list(initial.values()))) == 1
    progress = Progress()
    logs: list[list] = [[], []]
    answers: list[list] = [[] for _ in range(6)]
    with BatchSearcher(gallery, workers=2) as batcher:
        direct = lambda q, k, c: gallery.search(q, k=k, max_distance=c)  # noqa: E731
        batched = lambda q, k, c: batcher.search(q, k=k, max_distance=c, timeout=30)  # noqa: E731
        readers = [threading.Thread(target=reader, args=(direct if i < 3 else batched,
                                                         np.random.default_rng(i), answers[i],
                                                         progress)) for i in range(6)]
        writers = [threading.Thread(target=churn_writer,
                                    args=(gallery, 10_000 * (w + 1), np.random.default_rng(99 + w),
                                          logs[w], progress)) for w in range(2)]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join()
        progress.done = True
        for thread in readers:
            thread.join()
    all_answers = [a for per_reader in answers for a in per_reader]
    assert all(len(per_reader) > 0 for per_reader in answers)
    distinct = replay_and_check(initial, logs[0] + logs[1], all_answers)
    assert distinct >= OPS_PER_WRITER // 2  # the searches really ran between the writes
    assert gallery.version == 1 + 2 * OPS_PER_WRITER


# -- the lock itself ----------------------------------------------------------------


def run_in_thread(target) -> tuple[threading.Thread, threading.Event]:
    done = threading.Event()

    def body() -> None:
        target()
        done.set()

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread, done


def test_readers_share_the_lock():
    lock = RWLock()
    lock.acquire_read()
    _, second = run_in_thread(lambda: (lock.acquire_read(), lock.release_read()))
    assert second.wait(10), "a second reader was blocked by the first"
    lock.release_read()


def test_a_writer_waits_for_readers_then_runs_alone():
    lock = RWLock()
    lock.acquire_read()
    _, wrote = run_in_thread(lambda: (lock.acquire_write(), lock.release_write()))
    assert not wrote.wait(0.2)
    lock.release_read()
    assert wrote.wait(10)


def test_a_waiting_writer_goes_before_new_readers():
    lock = RWLock()
    order: list[str] = []
    lock.acquire_read()
    writer, _ = run_in_thread(lambda: (lock.acquire_write(), order.append("writer"),
                                       lock.release_write()))
    while lock._writers_waiting == 0:  # noqa: SLF001  (wait until the writer queues)
        threading.Event().wait(0.001)
    late_reader, _ = run_in_thread(lambda: (lock.acquire_read(), order.append("reader"),
                                            lock.release_read()))
    threading.Event().wait(0.1)
    assert order == []
    lock.release_read()
    writer.join(10)
    late_reader.join(10)
    assert order == ["writer", "reader"]


def test_an_exception_inside_releases_the_lock():
    lock = RWLock()
    with pytest.raises(RuntimeError), lock.write():
        raise RuntimeError("boom")
    with lock.read():
        pass
    _, wrote = run_in_thread(lambda: (lock.acquire_write(), lock.release_write()))
    assert wrote.wait(10)
