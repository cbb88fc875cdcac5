"""Benchmarks (issue 10): the deadline rush and course browsing, on SQLite and PostgreSQL, against a
bare-Flask baseline.

    python -m benchmarks.run [--db sqlite|postgres|both] [--dataset 5000] [--applicants 200] [--seconds 20]
                             [--save-every 4-8]

For each database: seed a fresh one (SQLite in a temp dir; PostgreSQL: a new ``hrdap_bench_<random>`` on
postgresql+psycopg://postgres@127.0.0.1:5432, dropped at the end), start HRDAP and the baseline under
``gunicorn -w 2``, run ``benchmarks.driver`` in its own process, check the database, read the workers'
memory, print a table and write ``benchmarks/results/<timestamp>.json`` (and a PNG if matplotlib is there).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
TARGETS = {"lesson_ratio": 0.25, "draft_save_p95_ms": 150, "submit_p95_ms": 300, "rss_mb": 150}


def save_range(text: str) -> list[float]:
    low, _, high = text.partition("-")
    return [float(low), float(high or low)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


GUNICORN = ["-w", "2"]  # two sync workers, one per core: the same for HRDAP and the baseline


def gunicorn(target: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, "-b", f"127.0.0.1:{port}", target],
                            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def workers_rss(master_pid: int) -> list[dict]:
    """VmRSS and VmHWM (peak) of the gunicorn workers, the children of ``master_pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master_pid:
                continue
            fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
            out.append({"pid": int(entry.name), "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
                        "peak_rss_mb": int(fields["VmHWM"].split()[0]) / 1024})
        except (OSError, ValueError, KeyError, IndexError):
            continue
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of ``pids`` so far (clock ticks from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summarise(raw: dict) -> dict:
    windows = raw["windows"]
    kinds: dict[tuple, list] = {}
    for phase, kind, start, latency, status, error in raw["samples"]:
        kinds.setdefault((phase, kind), []).append((start, latency, status, error))
        if phase == "rush":  # the same requests split at the deadline: accepted work, then refusals
            side = "before_deadline" if start < raw["deadline"] else "after_deadline"
            kinds.setdefault((f"rush_{side}", kind), []).append((start, latency, status, error))
    rows = {}
    for (phase, kind), items in sorted(kinds.items()):
        w0, w1 = windows["rush" if phase.startswith("rush") else phase]
        if phase == "rush_before_deadline":
            w1 = raw["deadline"]
        elif phase == "rush_after_deadline":
            w0 = raw["deadline"]
        lat = [i[1] * 1000 for i in items]
        statuses: dict[str, int] = {}
        for i in items:
            statuses[str(i[2])] = statuses.get(str(i[2]), 0) + 1
        rows[f"{phase}/{kind}"] = {
            "count": len(items), "seconds": round(w1 - w0, 2), "throughput_rps": round(len(items) / (w1 - w0), 1),
            "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1), "p99_ms": round(pct(lat, 99), 1),
            "mean_ms": round(statistics.fmean(lat), 1), "errors": sum(1 for i in items if i[3]),
            "5xx": sum(1 for i in items if i[2] >= 500), "statuses": statuses}
    base = rows.get("baseline/baseline_page", {}).get("throughput_rps") or float("nan")
    for row in rows.values():
        row["ratio_to_baseline"] = round(row["throughput_rps"] / base, 3)
    course = [r for k, r in rows.items() if k.startswith("course/")]
    if course:
        total = sum(r["count"] for r in course)
        rows["course/all"] = {"count": total, "throughput_rps": round(total / (windows["course"][1] - windows["course"][0]), 1),
                              "ratio_to_baseline": round(total / (windows["course"][1] - windows["course"][0]) / base, 3)}
    return rows


def correctness(raw: dict, db_state: dict) -> dict:
    deadline = raw["deadline"]
    apps = db_state["applications"]
    acknowledged = [o for o in raw["outcomes"] if o["outcome"] == "acknowledged"]
    refused = [o for o in raw["outcomes"] if o["outcome"] == "refused"]
    other = [o for o in raw["outcomes"] if o["outcome"] not in ("acknowledged", "refused", None)]
    lost = [o["app_id"] for o in acknowledged if apps[str(o["app_id"])][0] != "submitted" or not apps[str(o["app_id"])][1]]
    refused_but_stored = [o["app_id"] for o in refused if apps[str(o["app_id"])][0] != "draft"]
    acked_ids = {o["app_id"] for o in acknowledged}
    stored_unacked = [i for i, v in apps.items() if v[0] == "submitted" and int(i) not in acked_ids]
    late_accepted = [o["app_id"] for o in raw["outcomes"] for (start, status, _loc) in o["attempts"]
                     if start > deadline + 0.001 and status == 303]
    stored_after_deadline = [i for i, v in apps.items() if v[2] is not None and v[2] >= deadline]
    submitted = sum(1 for v in apps.values() if v[0] == "submitted")
    five = sum(1 for s in raw["samples"] if s[4] >= 500)
    quiz_posts = [s for s in raw["samples"] if s[1] == "quiz_submit"]
    return {
        "applicants": len(raw["outcomes"]), "acknowledged_before_deadline": len(acknowledged),
        "refused_after_deadline": len(refused), "other_outcomes": len(other),
        "never_reached_submit": sum(1 for o in raw["outcomes"] if o["outcome"] is None),
        "refused_submit_attempts": sum(1 for o in raw["outcomes"] for a in o["attempts"] if a[1] == 409),
        "stored_submitted": submitted, "lost": lost, "stored_but_not_acknowledged": stored_unacked,
        "refused_but_stored": refused_but_stored, "accepted_after_deadline": late_accepted,
        "stored_with_submitted_at_after_deadline": stored_after_deadline,
        "references": db_state["references"], "distinct_references": db_state["distinct_references"],
        "last_number": db_state["last_number"], "max_rows_per_applicant": db_state["rows_per_applicant_max"],
        "five_xx_total": five,
        "quiz_attempts": {"submitted_by_driver": sum(1 for s in quiz_posts if s[4] == 303),
                          "refused": sum(1 for s in quiz_posts if s[4] != 303), **db_state["quiz_attempts"]},
        "ok": not lost and not refused_but_stored and not late_accepted and not stored_after_deadline and not other
              and db_state["references"] == db_state["distinct_references"] == submitted == db_state["last_number"]
              and db_state["quiz_attempts"]["submitted"] == sum(1 for s in quiz_posts if s[4] == 303)
              and five == 0 and (db_state["rows_per_applicant_max"] or 0) <= 1,
    }


def run_one(kind: str, args, tmp: Path) -> dict:
    env = dict(os.environ)
    from cryptography.fernet import Fernet
    env.update({"HRDAP_SECRET_KEY": secrets.token_urlsafe(48), "HRDAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
                "HRDAP_BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
                # Production default is 30 per minute per address; every simulated applicant comes from 127.0.0.1.
                "HRDAP_LOGIN_LIMIT": "100000 per minute", "PYTHONUNBUFFERED": "1"})
    env.pop("HRDAP_DEBUG", None)
    pg_name = None
    if kind == "sqlite":
        env["HRDAP_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        import psycopg
        pg_name = f"hrdap_bench_{secrets.token_hex(4)}"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["HRDAP_DATABASE_URL"] = f"{PG_SERVER}/{pg_name}"
    procs: list[subprocess.Popen] = []
    try:
        t = time.time()
        seed_out = tmp / f"{kind}-seed.json"
        subprocess.run([sys.executable, "-m", "benchmarks.seed", "seed", str(max(args.dataset, args.applicants)),
                        str(args.applicants), "16", str(seed_out)], cwd=ROOT, env=env, check=True)
        seed = json.loads(seed_out.read_text())
        print(f"[{kind}] seeded {max(args.dataset, args.applicants)} applicants with drafts ({args.applicants} of them "
              f"active in the rush), 16 participants, course "
              f"({'; '.join(seed['sync'])}) in {time.time() - t:.1f}s — accounts made with the FAST TEST HASHER "
              f"(use_fast_hashing_for_tests); the first sign-in rehashes with production Argon2 parameters", flush=True)
        port, bport = free_port(), free_port()
        app_proc = gunicorn("wsgi:app", port, env, tmp / f"{kind}-gunicorn.log")
        base_proc = gunicorn("benchmarks.baseline:app", bport, env, tmp / f"{kind}-baseline.log")
        procs += [app_proc, base_proc]
        wait_up(f"http://127.0.0.1:{port}/signin", app_proc)
        wait_up(f"http://127.0.0.1:{bport}/", base_proc)
        config = {"base_url": f"http://127.0.0.1:{port}", "baseline_url": f"http://127.0.0.1:{bport}",
                  "threads": args.threads, "rush_seconds": args.seconds, "course_seconds": args.course_seconds,
                  "save_every": save_range(args.save_every),
                  "lessons": seed["lessons"], "quizzes": seed["quizzes"], "applicants": seed["applicants"],
                  "participants": seed["participants"]}
        (tmp / f"{kind}-driver.json").write_text(json.dumps(config))
        raw_path = tmp / f"{kind}-raw.json"
        driver = subprocess.Popen([sys.executable, "-m", "benchmarks.driver", str(tmp / f"{kind}-driver.json"),
                                   str(raw_path)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(driver)
        t = time.time()
        if driver.stdout.readline().strip() != "READY":
            raise RuntimeError("driver failed while signing in")
        print(f"[{kind}] {args.applicants + 16} sign-ins through /signin in {time.time() - t:.1f}s", flush=True)
        # The deadline falls 60% into the rush; setting it takes a few seconds (a subprocess), so it is set
        # ahead and the rush starts on time.
        go_at = time.time() + 12
        deadline = go_at + args.seconds * 0.6
        subprocess.run([sys.executable, "-m", "benchmarks.seed", "deadline", str(deadline)], cwd=ROOT, env=env, check=True)
        time.sleep(max(0.0, go_at - time.time()))
        driver.stdin.write(f"GO {deadline}\n")
        driver.stdin.flush()
        print(f"[{kind}] rush: {args.seconds}s, deadline {deadline - time.time():.1f}s from now; then "
              f"{args.course_seconds}s course browsing and {args.course_seconds}s baseline", flush=True)
        # CPU seconds used by each side during each phase: tells work from waiting.
        sides = {"hrdap": [w["pid"] for w in workers_rss(app_proc.pid)],
                 "baseline": [w["pid"] for w in workers_rss(base_proc.pid)], "driver": [driver.pid]}
        cpu_marks: list[tuple[str, dict]] = []
        while (line := driver.stdout.readline().strip()) != "DONE":
            if not line.startswith("PHASE "):
                raise RuntimeError(f"driver failed ({line!r})")
            cpu_marks.append((line.split()[1], {side: cpu_seconds(pids) for side, pids in sides.items()}))
        driver.wait(60)
        memory = {"hrdap": workers_rss(app_proc.pid), "baseline": workers_rss(base_proc.pid)}
        raw = json.loads(raw_path.read_text())
        state_path = tmp / f"{kind}-state.json"
        subprocess.run([sys.executable, "-m", "benchmarks.seed", "verify", str(state_path)], cwd=ROOT, env=env, check=True)
        state = json.loads(state_path.read_text())
        rows = summarise(raw)
        check = correctness(raw, state)
        cpu: dict[str, dict] = {}
        for (phase, mark), (_next, later) in zip(cpu_marks, cpu_marks[1:]):
            for side in sides:
                cpu.setdefault(phase, dict.fromkeys(sides, 0.0))[side] += round(later[side] - mark[side], 2)
        t0 = raw["rush_t0"]
        timeline = [(round(s[2] - t0, 3), round(s[3] * 1000, 1), s[1], s[4]) for s in raw["samples"] if s[0] == "rush"]
        return {"db": kind, "requests": rows, "correctness": check, "memory": memory, "cpu_seconds": cpu,
                "deadline_after_rush_start_s": round(raw["deadline"] - t0, 2), "rush_timeline": timeline}
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if pg_name:
            import psycopg
            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    return {"cpus": os.cpu_count(), "cpu": model, "memory": mem, "loadavg_at_start": os.getloadavg(),
            "python": platform.python_version(), "platform": platform.platform()}


def print_table(result: dict) -> None:
    print(f"\n== {result['db']} (deadline {result['deadline_after_rush_start_s']}s after the rush started) ==")
    print(f"{'kind':<26}{'count':>7}{'req/s':>8}{'x base':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'err':>5}{'5xx':>5}")
    for name, r in result["requests"].items():
        if "p50_ms" not in r:
            print(f"{name:<26}{r['count']:>7}{r['throughput_rps']:>8}{r['ratio_to_baseline']:>8}")
            continue
        print(f"{name:<26}{r['count']:>7}{r['throughput_rps']:>8}{r['ratio_to_baseline']:>8}{r['p50_ms']:>9}"
              f"{r['p95_ms']:>9}{r['p99_ms']:>9}{r['errors']:>5}{r['5xx']:>5}")
    c = result["correctness"]
    print(f"correctness {'OK' if c['ok'] else 'FAILED'}: {c['acknowledged_before_deadline']} acknowledged, "
          f"{c['stored_submitted']} stored, lost {len(c['lost'])}, refused {c['refused_after_deadline']} "
          f"({c['refused_submit_attempts']} refused attempts), refused-but-stored {len(c['refused_but_stored'])}, "
          f"accepted after deadline {len(c['accepted_after_deadline'])}, references {c['references']} "
          f"distinct {c['distinct_references']} last_number {c['last_number']}, 5xx {c['five_xx_total']}, "
          f"never reached submit {c['never_reached_submit']}")
    q = c["quiz_attempts"]
    print(f"quiz attempts: {q['submitted_by_driver']} submitted and acknowledged, {q['submitted']} stored as submitted "
          f"({q['started']} started; an attempt cut off by the end of the phase stays open)")
    for name, workers in result["memory"].items():
        print(f"RSS per worker ({name}): " + ", ".join(f"{w['rss_mb']:.0f} MB (peak {w['peak_rss_mb']:.0f})" for w in workers))
    r = result["requests"]
    counts = {"rush": sum(v["count"] for k, v in r.items() if k.startswith("rush/")),
              "course": r.get("course/all", {}).get("count", 0), "lessons": r.get("lessons/lesson", {}).get("count", 0),
              "baseline": r.get("baseline/baseline_page", {}).get("count", 0)}
    for phase, used in result.get("cpu_seconds", {}).items():
        per = {side: f"{1000 * s / counts[phase]:.1f}" if counts.get(phase) else "-" for side, s in used.items()}
        print(f"CPU during {phase}: " + ", ".join(f"{side} {s:.1f} s ({per[side]} ms/request)" for side, s in used.items()))
    lesson = r.get("lessons/lesson", {})
    save, submit = r.get("rush/draft_save", {}), r.get("rush/submit", {})
    early_save = r.get("rush_before_deadline/draft_save", {})
    early_submit = r.get("rush_before_deadline/submit", {})
    # Judged on the peak (VmHWM): a sign-in's Argon2 hash briefly takes 48 MiB more (hrdap/auth/passwords.py).
    rss = max((w["peak_rss_mb"] for w in result["memory"]["hrdap"]), default=float("nan"))
    print("targets: lesson page (alone) >= 25% of baseline: {} ({:.1%}); draft save p95 < 150 ms: {} ({} ms); submit p95 < 300 ms: "
          "{} ({} ms); zero lost/duplicated: {}; peak RSS < 150 MB: {} ({:.0f} MB)".format(
              "met" if lesson.get("ratio_to_baseline", 0) >= 0.25 else "NOT met", lesson.get("ratio_to_baseline", 0),
              "met" if save.get("p95_ms", 1e9) < 150 else "NOT met", save.get("p95_ms"),
              "met" if submit.get("p95_ms", 1e9) < 300 else "NOT met", submit.get("p95_ms"),
              "met" if c["ok"] else "NOT met", "met" if rss < 150 else "NOT met", rss))
    print(f"  (before the deadline only: draft save p95 {early_save.get('p95_ms')} ms, submit p95 "
          f"{early_submit.get('p95_ms')} ms; after it, every request is a refusal of someone still retrying)")


def plot(results: list[dict], path: Path) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no latency plot (pip install -e '.[bench]')")
        return
    fig, axes = plt.subplots(len(results), 1, figsize=(10, 4 * len(results)), squeeze=False)
    for ax, result in zip(axes[:, 0], results):
        for kind in ("draft_save", "consent_step", "submit"):
            pts = [(t, ms) for t, ms, k, _s in result["rush_timeline"] if k == kind]
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=4, label=kind)
        ax.axvline(result["deadline_after_rush_start_s"], color="red", label="deadline")
        ax.set(title=f"Deadline rush on {result['db']}", xlabel="seconds since rush start", ylabel="latency (ms)")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    print(f"plot: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--dataset", type=int, default=5000, help="applicants with drafts in the database")
    parser.add_argument("--applicants", type=int, default=200, help="applicants active in the rush")
    parser.add_argument("--save-every", default="4-8", help="seconds between one applicant's autosaves, as MIN-MAX; "
                        "the form's script saves 4 s after typing stops, so 4-8 is a person typing steadily")
    parser.add_argument("--seconds", type=int, default=20, help="length of the rush (deadline at ~60%%)")
    parser.add_argument("--course-seconds", type=int, default=10, help="course browsing and baseline, each")
    parser.add_argument("--threads", type=int, default=50, help="driver threads for the rush")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    info = machine()
    print(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, load average at start "
          f"{info['loadavg_at_start']}; other processes share this machine, and the driver runs on it too", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="hrdap-bench-") as tmp:
        for kind in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
            results.append(run_one(kind, args, Path(tmp)))
            print_table(results[-1])
    out = {"timestamp": stamp, "machine": info, "settings": vars(args) | {"gunicorn": " ".join(GUNICORN) + " (sync workers)",
           "hasher": "fast test hasher for seeded accounts", "login_limit": "100000 per minute"},
           "targets": TARGETS, "results": results}
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"\nresults: {path}")
    plot(results, RESULTS / f"{stamp}.png")


if __name__ == "__main__":
    main()
