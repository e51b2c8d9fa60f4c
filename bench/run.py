#!/usr/bin/env python3
"""The benchmark driver (started by bench/run.sh inside a private D-Bus session with an unlocked
gnome-keyring and a virtual X server). Runs every benchmark side by side with its reference,
alternating runs, and prints one table of ratios; see docs/performance.md.

  flow     `oauth-workbench run --browser follow` + `refresh` against panva's openid-client, both
           against bench/peers/auto-idp.mjs (oidc-provider, auto-approving); whole-process wall time
  startup  exec to main window exposed and painted (StartupProbe), without and with one saved
           profile, next to bench/hello; idle RSS
  scale    a generated session of K exchanges: open + scroll + select in the GUI, report HAR and
           Markdown export; times and peak RSS against the targets
"""

import argparse
import json
import os
import pathlib
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent

# Every row the table must have (bench/check-table.py checks the same list).
ROWS = [
    "flow: run+refresh vs openid-client (ms)",
    "startup: window shown vs Qt hello (ms)",
    "startup with one profile: window shown vs Qt hello (ms)",
    "idle RSS after startup vs Qt hello (MiB)",
    "scale: open session in GUI (ms)",
    "scale: scroll timeline top to bottom (ms)",
    "scale: worst event-loop stall while scrolling (ms)",
    "scale: select 100 exchanges, worst (ms)",
    "scale: GUI peak RSS (MiB)",
    "scale: export HAR (ms)",
    "scale: export HAR peak RSS (MiB)",
    "scale: export Markdown (ms)",
    "scale: export Markdown peak RSS (MiB)",
]


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def timed(cmd, env=None, stdout=subprocess.DEVNULL, timeout=300):
    """Runs cmd; returns (wall ms, peak RSS KiB of the process, exit code)."""
    t0 = time.monotonic_ns()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"timed out: {' '.join(map(str, cmd))}")
        time.sleep(0.0005)
    wall = (time.monotonic_ns() - t0) / 1e6
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{err[-2000:]}")
    return wall, usage.ru_maxrss, err


class Stats:
    def __init__(self, values):
        self.values = list(values)

    @property
    def median(self):
        return statistics.median(self.values) if self.values else float("nan")

    def spread(self):
        if not self.values:
            return "n/a"
        return f"{min(self.values):.0f}–{max(self.values):.0f}" if len(self.values) > 1 else "1 run"


def isolated_env(root):
    """Environment of the measured processes: their own config/data dirs, no stray proxies."""
    env = dict(os.environ)
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(k, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["XDG_CONFIG_HOME"] = str(root / "config")
    env["XDG_DATA_HOME"] = str(root / "data")
    env["XDG_CACHE_HOME"] = str(root / "cache")
    env["XDG_STATE_HOME"] = str(root / "state")
    return env


# ---------------------------------------------------------------------------------------- flow

def start_idp(env):
    proc = subprocess.Popen(["node", str(HERE / "peers" / "auto-idp.mjs"), "0"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"auto-idp did not start: {line!r} {proc.stderr.read()[-2000:]}")
    return proc, line.split()[1]


def parse_time(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000 if s else None


def union_ms(intervals):
    total, end = 0.0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def breakdown(doc, issuer):
    """Per step: its duration, the time spent in exchanges with the server (waiting on the
    network and the server), and the rest (the workbench's own work)."""
    exchanges = {x["id"]: x for x in doc.get("exchanges", [])}
    rows = []
    for st in doc.get("steps", []):
        spans = []
        for xid in st.get("exchange_ids", []):
            x = exchanges.get(xid)
            if not x or not x.get("url", "").startswith(issuer):
                continue
            a = parse_time(x.get("started_at"))
            if a is not None:
                spans.append((a, a + x.get("duration_ms", 0)))
        server = union_ms(spans)
        rows.append((st.get("kind", "?"), st.get("duration_ms", 0), server))
    return rows


def bench_flow(args, bins, env, results, details):
    idp, issuer = start_idp(env)
    try:
        wb = str(bins["workbench"])
        subprocess.run([wb, "profile", "add", "bench", "--issuer", issuer, "--client-id", "wb-bench",
                        "--auth-method", "none", "--scope", "openid profile email offline_access",
                        "--param", "prompt=consent", "--browser", "follow"],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        tmp = pathlib.Path(env["XDG_CACHE_HOME"])
        tmp.mkdir(parents=True, exist_ok=True)
        wb_times, ref_times, steps = [], [], {}
        run_wall, refresh_wall = [], []
        # One warm-up of each (page cache, node's compile cache), not counted.
        for i in range(args.runs + 1):
            order = ("wb", "ref") if i % 2 == 0 else ("ref", "wb")
            for who in order:
                if who == "ref":
                    ms, _, _ = timed(["node", str(HERE / "flow" / "openid-client-flow.mjs"), issuer], env=env)
                    if i:
                        ref_times.append(ms)
                    continue
                run_json, refresh_json = tmp / "run.json", tmp / "refresh.json"
                ms1, _, _ = timed([wb, "run", "--profile", "bench", "--browser", "follow", "--timeout", "60",
                                   "--save", str(run_json)], env=env)
                ms2, _, _ = timed([wb, "refresh", "--profile", "bench", "--json"], env=env,
                                  stdout=open(refresh_json, "wb"))
                if not i:
                    continue
                wb_times.append(ms1 + ms2)
                run_wall.append(ms1)
                refresh_wall.append(ms2)
                for name, path, wall in (("run", run_json, ms1), ("refresh", refresh_json, ms2)):
                    doc = json.loads(path.read_text())
                    if doc.get("outcome") != "succeeded":
                        raise RuntimeError(f"workbench {name} did not succeed: {doc.get('error')}")
                    rows = breakdown(doc, issuer)
                    for kind, dur, server in rows:
                        steps.setdefault(f"{name}: {kind}", []).append((dur, server))
                    server_total = sum(s for _, _, s in rows)
                    steps.setdefault(f"{name}: whole process", []).append((wall, server_total))
        results[ROWS[0]] = (Stats(wb_times), Stats(ref_times), "≤ 0.5")
        details["flow"] = {k: v for k, v in steps.items()}
    finally:
        idp.terminate()
        idp.wait(10)


# ------------------------------------------------------------------------------------- startup

def startup_once(cmd, env):
    env = dict(env, OAUTH_WORKBENCH_STARTUP_PROBE="500")
    t0 = time.monotonic_ns()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out, _ = proc.communicate(timeout=60)
    exposed = rss = None
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "startup-exposed-ns":
            exposed = (int(parts[1]) - t0) / 1e6
        elif parts and parts[0] == "idle-rss-kib":
            rss = int(parts[1]) / 1024
    if proc.returncode != 0 or exposed is None or rss is None:
        raise RuntimeError(f"{cmd[0]}: no startup probe output (exit {proc.returncode}): {out[-500:]!r}")
    return exposed, rss


def startup_env(env, name):
    """Configuration and data folders of their own: the no-profile row must not see the profile
    the flow benchmark created, and the profile row has exactly one, made as a user would."""
    root = pathlib.Path(env["XDG_CACHE_HOME"]).parent / name
    own = dict(env)
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_STATE_HOME", "state")):
        own[var] = str(root / sub)
        (root / sub).mkdir(parents=True, exist_ok=True)
    return own


def bench_startup(args, bins, env, results, details):
    """exec to first painted frame, three programs alternated in one loop (the order rotates):
    the workbench on empty configuration, the workbench with one saved profile (created with
    `oauth-workbench profile add`, so the window opens on it), and the Qt hello-world."""
    wb = str(bins["workbench"])
    plain = startup_env(env, "startup-empty")
    profiled = startup_env(env, "startup-profile")
    subprocess.run([wb, "profile", "add", "Example IdP", "--issuer", "https://id.example.com/",
                    "--client-id", "workbench-app", "--scope", "openid profile email"],
                   env=profiled, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    runs = {"wb": ([wb], plain), "wb+profile": ([wb], profiled), "hello": ([str(bins["hello"])], plain)}
    ms = {k: [] for k in runs}
    rss = {k: [] for k in runs}
    names = list(runs)
    for i in range(args.runs + 1):
        for who in names[i % 3:] + names[:i % 3]:
            cmd, own_env = runs[who]
            t, r = startup_once(cmd, own_env)
            if not i:
                continue  # warm-up
            ms[who].append(t)
            rss[who].append(r)
    results[ROWS[1]] = (Stats(ms["wb"]), Stats(ms["hello"]), "≤ 2.0 and < 300 ms")
    results[ROWS[2]] = (Stats(ms["wb+profile"]), Stats(ms["hello"]), "≤ 2.0 and < 300 ms")
    results[ROWS[3]] = (Stats(rss["wb"]), Stats(rss["hello"]), "")


# --------------------------------------------------------------------------------------- scale

def bench_scale(args, bins, env, results, details):
    tmp = pathlib.Path(env["XDG_CACHE_HOME"])
    tmp.mkdir(parents=True, exist_ok=True)
    session = tmp / f"session-{args.exchanges}.json"
    subprocess.run([str(bins["generate"]), "--exchanges", str(args.exchanges), "--out", str(session)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    details["scale_file_mib"] = session.stat().st_size / 2**20
    keys = {"open-ms": ROWS[4], "scroll-ms": ROWS[5], "scroll-stall-ms": ROWS[6], "select-worst-ms": ROWS[7]}
    gui = {k: [] for k in keys}
    gui_rss, har, har_rss, md, md_rss = [], [], [], [], []
    runs = max(1, min(args.runs, args.scale_runs))
    for _ in range(runs):
        proc = subprocess.run([str(bins["scale_gui"]), str(session)], env=env, capture_output=True, text=True,
                              timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"wb-bench-scale-gui failed: {proc.stderr[-2000:]}")
        values = dict(line.split(None, 1) for line in proc.stdout.splitlines() if " " in line)
        for k in keys:
            gui[k].append(float(values[k]))
        gui_rss.append(int(values["peak-rss-kib"]) / 1024)
        details["scale_rows"] = {k: values.get(k) for k in ("exchanges", "steps", "scroll-pages",
                                                               "scroll-worst-page-ms", "select-stall-ms")}
        for fmt, times, rss in (("har", har, har_rss), ("md", md, md_rss)):
            ms, kib, _ = timed([str(bins["workbench"]), "report", str(session), "--format", fmt,
                                "-o", str(tmp / f"report.{fmt}")], env=env)
            times.append(ms)
            rss.append(kib / 1024)
    for k, row in keys.items():
        target = "responsive: < 100" if "stall" in k else "< 1000"
        results[row] = (Stats(gui[k]), None, target)
    results[ROWS[8]] = (Stats(gui_rss), None, "< 300")
    results[ROWS[9]] = (Stats(har), None, "< 1000")
    results[ROWS[10]] = (Stats(har_rss), None, "< 300")
    results[ROWS[11]] = (Stats(md), None, "< 1000")
    results[ROWS[12]] = (Stats(md_rss), None, "< 300")


# --------------------------------------------------------------------------------------- table

def target_number(target):
    for word in target.replace("≤", " ").replace("<", " ").split():
        try:
            return float(word)
        except ValueError:
            pass
    return None


def print_table(results, details, args, out):
    w = max(len(r) for r in ROWS)
    lines = [f"OAuth Workbench benchmarks — N={args.runs} alternated runs, scale {args.exchanges} exchanges",
             f"{'benchmark':<{w}}  {'workbench median (min–max)':>28}  {'reference median (min–max)':>28}  "
             f"{'ratio':>6}  target"]
    for row in ROWS:
        if row not in results:
            lines.append(f"{row:<{w}}  {'not run':>28}")
            continue
        wb, ref, target = results[row]
        wb_cell = f"{wb.median:.1f} ({wb.spread()})"
        if ref is not None:
            ref_cell = f"{ref.median:.1f} ({ref.spread()})"
            ratio = wb.median / ref.median if ref.median else float("nan")
        else:
            budget = target_number(target)
            ref_cell = f"budget {budget:g}" if budget else "—"
            ratio = wb.median / budget if budget else float("nan")
        lines.append(f"{row:<{w}}  {wb_cell:>28}  {ref_cell:>28}  {ratio:>6.2f}  {target}")
    flow = details.get("flow")
    if flow:
        lines.append("")
        lines.append("flow breakdown (workbench, medians in ms): step | step time | server (exchanges with the "
                     "IdP) | workbench's own")
        for name, pairs in flow.items():
            dur = statistics.median(p[0] for p in pairs)
            server = statistics.median(p[1] for p in pairs)
            lines.append(f"  {name:<40} {dur:8.1f} {server:8.1f} {dur - server:8.1f}")
    if "scale_file_mib" in details:
        lines.append("")
        lines.append(f"scale session file: {details['scale_file_mib']:.1f} MiB; last GUI run: "
                     + ", ".join(f"{k} {v}" for k, v in details.get("scale_rows", {}).items()))
    text = "\n".join(lines)
    print(text, flush=True)
    if out:
        pathlib.Path(out).write_text(text + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin-dir", required=True, help="build directory holding src/app and bench/")
    p.add_argument("--runs", type=int, default=int(os.environ.get("WB_BENCH_RUNS", 10)),
                   help="alternated runs per benchmark (env WB_BENCH_RUNS, default 10)")
    p.add_argument("--exchanges", type=int, default=int(os.environ.get("WB_BENCH_EXCHANGES", 10000)),
                   help="exchanges in the scale session (env WB_BENCH_EXCHANGES, default 10000)")
    p.add_argument("--scale-runs", type=int, default=3, help="at most this many scale runs (default 3)")
    p.add_argument("--only", default="flow,startup,scale", help="comma-separated subset")
    p.add_argument("--out", help="also write the table to this file")
    args = p.parse_args()
    if args.runs < 1 or args.exchanges < 10:
        p.error("--runs must be >= 1 and --exchanges >= 10")
    b = pathlib.Path(args.bin_dir)
    bins = {"workbench": b / "src" / "app" / "oauth-workbench", "hello": b / "bench" / "wb-bench-hello",
            "generate": b / "bench" / "wb-bench-generate-session", "scale_gui": b / "bench" / "wb-bench-scale-gui"}
    for name, path in bins.items():
        if not os.access(path, os.X_OK):
            p.error(f"{name}: {path} is missing; build the bench-tools target")
    if not shutil.which("node"):
        p.error("node is missing (scripts/setup.sh)")
    root = pathlib.Path(tempfile.mkdtemp(prefix="wb-bench."))
    env = isolated_env(root)
    results, details, failures = {}, {}, []
    try:
        for name, fn in (("flow", bench_flow), ("startup", bench_startup), ("scale", bench_scale)):
            if name not in args.only.split(","):
                continue
            log(f"{name}…")
            try:
                fn(args, bins, env, results, details)
            except Exception as e:  # one broken benchmark must not hide the others' rows
                failures.append(f"{name}: {e}")
                log(f"{name} FAILED: {e}")
        print_table(results, details, args, args.out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
