"""Workers: one with Redis against one on its own, and two with Redis against one.

Each setup serves the same load: shoppers' sockets sending batches of 10 in a closed
loop, spread over the workers' ports (a websocket stays on the worker it reached, as
behind sticky sessions). ``quick`` uses a small load for a smoke run.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .live_clients import Load, run_load
from .ratio import Figure, Ratio
from .sockets import OURS, raise_fd_limit

TITLE = "Workers"
NOTES = """
Redis costs the single worker nothing measurable (one with Redis against one without,
about 1.0). Two workers with Redis against one reach 1.7 at the median and up to 1.75,
and against the embedded worker 1.3 (up to 1.7): on this 2-core machine the two load
generators' processes and Redis run on the same two cores as the two workers, so two
workers cannot have a core each; the spread between runs is the machine's other jobs.
This one is not profiled yet: a figure for scaling needs the load generated from
another machine, or each process's CPU time counted during the run on a quiet one.
"""


@contextmanager
def workers(tmp: Path, database_url: str, count: int, redis_url: str) -> Iterator[list[int]]:
    """``count`` workers on one database (and Redis when ``redis_url``); their ports."""
    from tests.servers import running_server

    settings = {**OURS, "redis_url": redis_url} if redis_url else dict(OURS)
    with ExitStack() as stack:
        yield [stack.enter_context(running_server(tmp, database_url, **settings)).port
               for _ in range(count)]


def rate(ports: list[int], key: str, clients: int, seconds: float) -> float:
    done, _, _ = run_load(Load(tuple(ports), key, clients, seconds, batch=10), 2)
    return done / seconds


def measure(runs: int, quick: bool) -> list[Ratio | Figure]:
    from tests.servers import own_redis

    from .ingest import make_site

    raise_fd_limit()
    clients, seconds = (50, 3.0) if quick else (400, 8.0)
    redis_vs_none = Ratio("one worker with Redis against one without (batches of 10)",
                          "events/s", "≥ 0.90")
    two_vs_one = Ratio("two workers with Redis against one with Redis (batches of 10)",
                       "events/s", "≥ 1.70")
    two_vs_embedded = Ratio("two workers with Redis against the embedded single worker "
                            "(batches of 10)", "events/s", "≥ 1.50")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        url = f"sqlite:///{tmp / 'bench.db'}"
        key = make_site(url)
        with own_redis(tmp) as redis:
            for _ in range(runs):
                with workers(tmp, url, 1, "") as ports:
                    embedded = rate(ports, key, clients, seconds)
                with workers(tmp, url, 1, redis.url) as ports:
                    one = rate(ports, key, clients, seconds)
                with workers(tmp, url, 2, redis.url) as ports:
                    two = rate(ports, key, clients, seconds)
                redis_vs_none.bare.append(embedded)
                redis_vs_none.ours.append(one)
                two_vs_one.bare.append(one)
                two_vs_one.ours.append(two)
                two_vs_embedded.bare.append(embedded)
                two_vs_embedded.ours.append(two)
    return [redis_vs_none, two_vs_one, two_vs_embedded]


if __name__ == "__main__":
    from .ratio import table

    quick = "--quick" in sys.argv
    print("\n".join(table(measure(1 if quick else 3, quick))))
