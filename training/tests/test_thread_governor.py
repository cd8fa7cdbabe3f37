"""The training's thread governor: one thread under contention, back to two when that is faster."""
from training.train import ThreadGovernor


def feed(g: ThreadGovernor, seconds: float, steps: range) -> None:
    for step in steps:
        g.observe(seconds, step)


def test_drops_to_one_thread_when_another_process_competes_and_retries_later():
    g = ThreadGovernor(max_threads=2, window=10, retry_steps=100)
    feed(g, 1.0, range(0, 10))      # the best at two threads: 1.0 s
    feed(g, 5.0, range(10, 20))     # contended: two threads wait on each other
    assert g.current == 1
    feed(g, 2.0, range(20, 30))     # one thread: faster than the contended 5 s
    assert g.current == 1
    feed(g, 2.0, range(30, 120))
    assert g.current == 2           # tried again after `retry_steps`


def test_goes_back_to_two_threads_when_the_machine_is_slower_not_contended():
    g = ThreadGovernor(max_threads=2, window=10, retry_steps=1000)
    feed(g, 1.0, range(0, 10))
    feed(g, 1.9, range(10, 20))     # the whole VM slowed down: two threads at 1.9 s
    assert g.current == 1
    feed(g, 2.9, range(20, 30))     # one thread is slower still: nothing competes
    assert g.current == 2
    feed(g, 1.9, range(30, 40))     # 1.9 s is the new normal, not a reason to drop again
    assert g.current == 2
