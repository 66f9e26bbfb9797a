"""HTTP load from a separate process: wrk when installed, else a Python generator.

Both keep every connection alive and send requests back to back (closed loop), cycling
through a list of bodies (one visitor each), and count the answers that were 2xx.
``python -m bench.load`` is the Python generator (asyncio, one process), used when wrk
(the Debian package ``wrk``) is not installed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HEADERS = {"Origin": "https://shop.test", "Content-Type": "text/plain",
           "User-Agent": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                          "(KHTML, like Gecko) Chrome/126.0 Safari/537.36")}


@dataclass
class Load:
    """What one load run got: answers, how many of them 2xx, over how long."""

    requests: int
    ok: int
    seconds: float

    @property
    def ok_per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def tool() -> str:
    """The load generator in use: ``wrk`` or ``python``."""
    return "wrk" if shutil.which("wrk") else "python"


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def wrk_script(path: str, bodies: list[str]) -> str:
    """A wrk script posting ``bodies`` in turn and printing one RESULT line."""
    headers = ", ".join(f"[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in HEADERS.items())
    items = ",\n".join(_lua_string(b) for b in bodies)
    return f"""
local headers = {{{headers}}}
local bodies = {{{items}}}
local prepared = {{}}
for i, body in ipairs(bodies) do
  prepared[i] = wrk.format("POST", {_lua_string(path)}, headers, body)
end
local n = 0
request = function()
  n = n + 1
  return prepared[n % #prepared + 1]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d\\n", summary.requests, summary.duration,
                         summary.errors.status))
end
"""


def run_wrk(port: int, path: str, bodies: list[str], connections: int, seconds: float
            ) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(path, bodies))
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s",
             script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=seconds + 60, check=True)
    finally:
        Path(script.name).unlink()
    line = next((li for li in out.stdout.splitlines() if li.startswith("RESULT ")), None)
    if line is None or out.stderr.strip():
        raise RuntimeError(f"wrk failed: {out.stderr or out.stdout}")
    requests, micros, bad = (int(x) for x in line.split()[1:])
    return Load(requests, requests - bad, micros / 1e6)


def run_python(port: int, path: str, bodies: list[str], connections: int, seconds: float
               ) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as given:
        json.dump(bodies, given)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench.load", "--port", str(port), "--path", path,
             "--bodies", given.name, "--connections", str(connections),
             "--seconds", str(seconds)],
            capture_output=True, text=True, timeout=seconds + 60, check=True,
            cwd=Path(__file__).resolve().parent.parent).stdout
    finally:
        Path(given.name).unlink()
    result = json.loads(out.splitlines()[-1])
    return Load(result["requests"], result["ok"], result["seconds"])


def run(port: int, path: str, bodies: list[str], connections: int, seconds: float) -> Load:
    """``connections`` keep-alive clients posting ``bodies`` to ``path`` for ``seconds``."""
    runner = run_wrk if tool() == "wrk" else run_python
    return runner(port, path, bodies, connections, seconds)


async def _client(port: int, requests: list[bytes], stop: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = 0
    while time.perf_counter() < stop:
        writer.write(requests[n % len(requests)])
        n += 1
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await reader.readexactly(length)
        counts[0] += 1
        counts[1] += 200 <= status < 300
    writer.close()


async def _generate(port: int, path: str, bodies: list[str], connections: int,
                    seconds: float) -> Load:
    head = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
    requests = [(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{head}"
                 f"Content-Length: {len(b.encode())}\r\n\r\n{b}").encode() for b in bodies]
    counts = [0, 0]
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(*(_client(port, requests[i::connections] or requests, stop, counts)
                           for i in range(connections)))
    return Load(counts[0], counts[1], time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description="keep-alive HTTP load, closed loop")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/api/collect")
    parser.add_argument("--bodies", required=True, help="a JSON file: a list of bodies")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    bodies = json.loads(Path(args.bodies).read_text())
    load = asyncio.run(_generate(args.port, args.path, bodies, args.connections,
                                 args.seconds))
    print(json.dumps({"requests": load.requests, "ok": load.ok, "seconds": load.seconds}))


if __name__ == "__main__":
    main()
