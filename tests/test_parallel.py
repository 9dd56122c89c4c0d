"""Pages rendered by forked processes: the same pages, in the same order, failures raised here."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pytest

from journey_maps import parallel
from journey_maps.render.pages import Renderer

pytestmark = pytest.mark.skipif(not parallel.sys.platform.startswith("linux"), reason="the plugin forks on Linux only")


@pytest.fixture(autouse=True)
def _fork_despite_idle_threads(monkeypatch, request) -> None:
    """The test runner may keep idle threads of its own (xdist, servers of earlier tests)."""
    if request.node.name != "test_no_fork_while_another_thread_runs":
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def test_every_item_in_order_and_the_forked_process_does_its_share() -> None:
    here = os.getpid()

    def work(x: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough for the forked process to start and take items too
        return x * x, os.getpid()

    results = parallel.split_map(list(range(101)), work, workers=2)
    assert [square for square, _ in results] == [x * x for x in range(101)]
    assert here in {pid for _, pid in results} and len({pid for _, pid in results}) == 2


def _here_slowly_there_by(then: Callable[[int], int]) -> Callable[[int], int]:
    """Work that is slow in this process and does ``then`` in the forked one (which so takes items)."""
    here = os.getpid()

    def work(x: int) -> int:
        if os.getpid() == here:
            time.sleep(0.01)
            return x + 1
        return then(x)

    return work


def test_a_failure_in_the_forked_process_is_raised_here() -> None:
    def broken(x: int) -> int:
        raise ValueError(f"item {x} is broken")

    with pytest.raises(ValueError, match=r"item \d+ is broken"):
        parallel.split_map(list(range(40)), _here_slowly_there_by(broken), workers=2)


def test_a_forked_process_that_dies_has_its_share_done_here() -> None:
    def dies(x: int) -> int:
        os._exit(3)  # killed before it answers

    assert parallel.split_map(list(range(40)), _here_slowly_there_by(dies), workers=2) == list(range(1, 41))


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        pids = parallel.split_map(list(range(6)), lambda _: os.getpid(), workers=2)
        assert set(pids) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_pages_rendered_by_two_processes_are_the_pages_of_one(basic_maps) -> None:
    one = Renderer(basic_maps, insights=True, splice=True).render_all()
    two = Renderer(basic_maps, insights=True, splice=True).render_all(workers=2)
    assert two == one and len(one) > 10


def test_without_shared_memory_the_work_is_done_here(monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # sem_open in a container without /dev/shm

    monkeypatch.setattr(parallel.multiprocessing.context.ForkContext, "Value", refused)
    assert parallel.split_map(list(range(5)), lambda x: (x, os.getpid()), workers=2) == [
        (x, os.getpid()) for x in range(5)
    ]
