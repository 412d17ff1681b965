"""Serves Lantern with gunicorn and times each page of issue 13 against the floor view.

    .venv/bin/python benchmarks/pages.py --db sqlite --scale 1          # latency table
    .venv/bin/python benchmarks/pages.py --db both --concurrency        # + requests/second

Needs data made by generate.py (same scale): SQLite in var/bench/sqlite-<scale>,
PostgreSQL in the database lantern_bench (scale 1) or lantern_bench_<scale> on
127.0.0.1:5432 (or --data-dir / --database-url). Signs in as the generated Business
Manager; the API is called with a token made for the run. Each page gets warm-up requests,
then --requests timed ones (fewer if a page would take longer than --page-seconds, shown
in the n column). The last line is the worst ratio to the floor's p50.
"""

import argparse
import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
QUERIES = "X-Bench-Queries"


def database_env(db: str, scale: str, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LANTERN_DATA_DIR")}
    env["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    env["PYTHONPATH"] = str(ROOT)
    if db == "sqlite":
        env["LANTERN_DATA_DIR"] = args.data_dir or str(ROOT / "var" / "bench" / f"sqlite-{scale}")
    else:
        name = "lantern_bench" if scale == "1" else f"lantern_bench_{scale.replace('.', '_')}"
        env["DATABASE_URL"] = args.database_url or f"postgres://postgres@127.0.0.1:5432/{name}"
        env["LANTERN_DATA_DIR"] = str(ROOT / "var" / "bench" / "postgres-files")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn with the bench settings on a free port, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = VENV_BIN / "gunicorn"
        if not gunicorn.exists():
            raise SystemExit(f"gunicorn is not installed: {VENV_BIN / 'pip'} install gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [
                str(gunicorn),
                "lantern.wsgi:application",
                "--chdir",
                str(ROOT),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "600",
                "--log-level",
                "warning",
            ],
            env=env,
        )

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped (status {self.process.returncode}).")
            try:
                if requests.get(f"{self.base}/healthz", timeout=30).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("gunicorn did not answer /healthz within 120 s.")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def sign_in(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/account/sign-in/", timeout=60)
    reply = session.post(
        f"{base}/account/sign-in/",
        data={
            "username": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/account/sign-in/"},
        timeout=60,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"Could not sign in as {email} (status {reply.status_code}).")
    return session


def get(session: requests.Session, url: str, token: str, is_api: bool) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if is_api else {}
    reply = session.get(url, headers=headers, timeout=600, allow_redirects=False)
    if reply.status_code != 200:
        raise SystemExit(f"{url} answered {reply.status_code}, not 200.")
    return reply


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_page(session, base, path, token, args) -> dict:
    is_api = path.startswith("/api/")
    url = base + path
    started = time.monotonic()
    for _ in range(args.warmup):
        get(session, url, token, is_api)
    warm = (time.monotonic() - started) / max(1, args.warmup)
    n = args.requests
    if warm * n > args.page_seconds:
        n = max(args.min_requests, int(args.page_seconds / max(warm, 1e-6)))
    times, reply = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        reply = get(session, url, token, is_api)
        times.append((time.perf_counter() - t0) * 1000)
    assert reply is not None
    return {
        "n": n,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "queries": reply.headers.get(QUERIES, "?"),
        "kb": len(reply.content) / 1024,
    }


def latency(db: str, env: dict[str, str], plan: dict, args: argparse.Namespace) -> list[dict]:
    rows = []
    with Server(env, workers=1) as server:
        session = sign_in(server.base, plan["email"], plan["password"])
        for name, path in plan["pages"]:
            print(f"  {db}: {name} ...", file=sys.stderr, flush=True)
            rows.append(
                {
                    "page": name,
                    "path": path,
                    "db": db,
                    **time_page(session, server.base, path, plan["token"], args),
                }
            )
        # The floor again at the end: the machine is shared, so take the better of the two.
        again = time_page(session, server.base, "/bench/floor/", plan["token"], args)
        if again["p50"] < rows[0]["p50"]:
            rows[0] |= again
    floor = rows[0]["p50"]
    for row in rows:
        row["ratio"] = row["p50"] / floor
    return rows


def _client(url: str, cookies: dict, stop: float, done: list[int], i: int) -> None:
    own = requests.Session()
    own.cookies.update(cookies)
    while time.monotonic() < stop:
        get(own, url, "", False)
        done[i] += 1


def throughput(env: dict[str, str], plan: dict, args: argparse.Namespace) -> list[dict]:
    """Requests per second with 4 gunicorn workers, --threads clients, --seconds per page."""
    wanted = {"floor", "My work", "tracker"}
    results = []
    with Server(env, workers=4) as server:
        session = sign_in(server.base, plan["email"], plan["password"])
        cookies = session.cookies.get_dict()
        for name, path in plan["pages"]:
            if name not in wanted:
                continue
            done = [0] * args.threads
            stop = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=_client, args=(server.base + path, cookies, stop, done, i))
                for i in range(args.threads)
            ]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            results.append({"page": name, "rps": sum(done) / (time.monotonic() - started)})
    floor = results[0]["rps"]
    for r in results:
        r["share"] = r["rps"] / floor
    return results


def machine() -> str:
    uname = platform.uname()
    return (
        f"{uname.node}, {os.cpu_count()} cores, {uname.system} {uname.release} "
        f"{uname.machine}, Python {platform.python_version()}"
    )


def report(all_rows: list[dict], rates: dict[str, list[dict]], args: argparse.Namespace) -> str:
    now = datetime.datetime.now(datetime.UTC)
    lines = [
        f"# Page benchmark, scale {args.scale}",
        "",
        f"{now:%Y-%m-%d %H:%M} UTC on {machine()}; load average at the end "
        f"{os.getloadavg()[0]:.1f} (the machine is shared).",
        "",
        f"gunicorn, 1 sync worker; signed in as the Business Manager; {args.warmup} warm-up "
        f"request(s), then up to {args.requests} timed (n) per page, one at a time.",
        "",
        "| db | page | n | p50 ms | p95 ms | × floor | queries | KB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in all_rows:
        lines.append(
            f"| {r['db']} | {r['page']} `{r['path']}` | {r['n']} | {r['p50']:,.1f} | "
            f"{r['p95']:,.1f} | {r['ratio']:.1f}× | {r['queries']} | {r['kb']:,.0f} |"
        )
    for db, results in rates.items():
        lines += [
            "",
            f"Requests per second, gunicorn with 4 workers, {args.threads} client "
            f"threads for {args.seconds} s each ({db}):",
            "",
            "| page | requests/s | share of the floor's |",
            "|---|---|---|",
        ]
        lines += [f"| {r['page']} | {r['rps']:.1f} | {r['share']:.0%} |" for r in results]
    worst = max((r for r in all_rows if r["page"] != "floor"), key=lambda r: r["ratio"])
    lines += ["", f"worst ratio: {worst['ratio']:.1f}× ({worst['page']}, {worst['db']})"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--scale", default="1", choices=["0.002", "0.05", "1", "10"])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--min-requests", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--page-seconds", type=float, default=120, help="time budget per page")
    parser.add_argument("--concurrency", action="store_true", help="also measure requests/s")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--data-dir", help="SQLite: LANTERN_DATA_DIR of the generated data")
    parser.add_argument("--database-url", help="PostgreSQL: DATABASE_URL of the generated data")
    parser.add_argument("--out", help="also write the report (Markdown) to this file")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.min_requests < 1:
        parser.error("--requests and --min-requests must be at least 1, --warmup at least 0.")
    all_rows, rates = [], {}
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = database_env(db, args.scale, args)
        made = subprocess.run(  # noqa: S603 (this interpreter, our own script)
            [sys.executable, str(ROOT / "benchmarks" / "targets.py")],
            env=env,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise SystemExit(
                made.stderr.strip().splitlines()[-1] if made.stderr else "targets failed"
            )
        plan = json.loads(made.stdout)
        all_rows += latency(db, env, plan, args)
        if args.concurrency:
            rates[db] = throughput(env, plan, args)
    text = report(all_rows, rates, args)
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
