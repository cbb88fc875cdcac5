"""Growth benchmark (issue 10, item 5): does the cost of a page stay flat as the data grows?

    python -m benchmarks.growth [--db sqlite|postgres|both] [--requests 100] [--page-seconds 15]

Two families of pages, each measured at growing sizes of data in one fresh database per run:

- **lessons**: a synthetic course (10 modules; every lesson ~800 words in en, fr and es, made of sections of
  the real course's lessons) is written and synced with 10, then 100, then 1,000 lessons (the same course
  folder rewritten, same slug: the course grows and the lessons already there stay unchanged). A participant
  enrolled in a cohort of the course, with 10% of the lessons marked done, reads a lesson in the middle of
  the middle module, the course overview and that module's page.
- **applications**: submitted applications (accounts, encrypted answers, references; 30% reviewed by two
  other staff, 10% by the staff member measuring, 0.5% with a conflict of interest declared by them) are
  bulk-inserted into one call, cumulatively 100, 1,000, 5,000 and 20,000. A staff member signed in with
  two-factor reads the list at /staff/calls/<id>/applications: page 1, the middle page and page 1 filtered by
  region, and the balance view.

Each page: three warm-up requests, then ``--requests`` requests (stopped after ``--page-seconds``, but never
before 20), each timed with ``time.process_time`` (CPU of
this process: Flask, templates, SQLAlchemy, and SQLite itself; PostgreSQL's own CPU is in its server process
and shows only in the wall time) and ``time.perf_counter`` (wall), with the SQL statements counted by a
``before_cursor_execute`` listener on the engine. The app runs **in-process** (``create_app()`` with
production settings: no HRDAP_DEBUG, a real secret and Fernet key; only ``HRDAP_LOGIN_LIMIT`` is raised) and
is driven with Flask's test client: no HTTP server, no network, no concurrency, because what matters here is
the cost of one request as the data grows. Accounts are made with the fast test hasher
(``use_fast_hashing_for_tests``), like ``benchmarks.seed``.
The lesson page reads its text and its neighbours from the per-worker cache (``lesson_cache``): after the
warm-up it is measured hot, as a busy worker serves it.

The figures that matter are the ratios to the smallest size measured in the same run (the machine is shared
and absolute times are noisy). Nothing here passes or fails: it prints a table per database, a verdict per
page ("flat": ratio at the largest size <= 1.5 and the same number of queries; otherwise "grows"), the
statements repeated within one request (N+1 candidates), the query plans of the list at 20,000 applications,
and writes ``benchmarks/results/growth-<timestamp>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from benchmarks.growth_data import (COURSE_SLUG, MODULES, _source_material, add_applications,
                                     add_users, mark_progress, write_course)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"

LESSON_SIZES = (10, 100, 1000)
APPLICATION_SIZES = (100, 1000, 5000, 20000)
PASSWORD = "growth benchmark password for hrdap"
FLAT_RATIO = 1.5


# -------------------------------------------------------------------------------------------- measurement

class Statements:
    """Collects the SQL statements sent while ``on``."""

    def __init__(self):
        self.on = False
        self.seen: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.seen.append(statement)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


#: What counts as a row of a page (a listed lesson, a listed application), to tell an N+1 from growth.
ROW = re.compile(r'<li><a href="/learn/[^"]+/[^"]+/[^"/]+">|<td><a href="/staff/applications/\d+">')


def measure(client, url: str, statements: Statements, requests: int, budget_s: float = 0, warm_up: int = 3) -> dict:
    """Warm up, then time ``requests`` GETs of ``url`` (fewer, but at least 20, when they exceed ``budget_s``)."""
    from flask import has_app_context

    assert not has_app_context(), "a pushed app context would share g (and per-request memos) between requests"
    for _ in range(warm_up):
        resp = client.get(url)
        if resp.status_code != 200:
            raise RuntimeError(f"GET {url} answered {resp.status_code}: {resp.get_data(as_text=True)[:300]}")
    cpu, wall, queries = [], [], []
    last: list[str] = []
    size, body = 0, b""
    started = time.perf_counter()
    for n in range(requests):
        if budget_s and n >= 20 and time.perf_counter() - started > budget_s:
            break
        statements.seen = []
        statements.on = True
        c0, w0 = time.process_time(), time.perf_counter()
        resp = client.get(url)
        body = resp.get_data()
        w1, c1 = time.perf_counter(), time.process_time()
        statements.on = False
        if resp.status_code != 200:
            raise RuntimeError(f"GET {url} answered {resp.status_code}")
        cpu.append((c1 - c0) * 1000)
        wall.append((w1 - w0) * 1000)
        queries.append(len(statements.seen))
        last, size = statements.seen, len(body)
    repeated = [{"count": n, "sql": " ".join(sql.split())[:160]}
                for sql, n in Counter(last).most_common() if n > 1]
    mode = Counter(queries).most_common(1)[0][0]
    return {"url": url, "requests": len(cpu), "cpu_mean_ms": round(statistics.fmean(cpu), 2),
            "cpu_p95_ms": round(pct(cpu, 95), 2), "wall_mean_ms": round(statistics.fmean(wall), 2),
            "wall_p95_ms": round(pct(wall, 95), 2), "queries": mode, "queries_min": min(queries),
            "queries_max": max(queries),
            "kb": round(size / 1024, 1), "rows": len(ROW.findall(body.decode())), "repeated": repeated}


def measure_pages(client, pages: dict[str, str], family: str, size: int, kind: str, statements, args,
                  result: dict) -> None:
    """Measure each page at this size, keep the row and print it."""
    for name, url in pages.items():
        row = measure(client, url, statements, args.requests, args.page_seconds)
        result["rows"].append({"family": family, "kind": name, "size": size} | row)
        print(f"[{kind}]   {name:<20} {size:>6} {family}: cpu {row['cpu_mean_ms']:7.2f} ms "
              f"(p95 {row['cpu_p95_ms']:7.2f}), wall {row['wall_mean_ms']:7.2f} ms, "
              f"{row['queries']} queries, {row['kb']} KB  ({url})", flush=True)


def sign_in(client, email: str, password: str, totp_secret: str | None = None) -> None:
    """Through the real forms, CSRF token included; answers the TOTP step when there is one."""
    import pyotp

    token = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def post(url: str, data: dict):
        page = client.get(url).get_data(as_text=True)
        return client.post(url, data={**data, "csrf_token": token.search(page).group(1)})

    resp = post("/signin", {"email": email, "password": password})
    if resp.status_code != 303:
        raise RuntimeError(f"sign-in of {email} answered {resp.status_code}")
    if resp.headers["Location"].endswith("/signin/code"):
        from hrdap.clock import now
        # One code per 30-second step: each account signs in once per database.
        resp = post("/signin/code", {"code": pyotp.TOTP(totp_secret).at(now())})
        if resp.status_code != 303:
            raise RuntimeError(f"two-factor step of {email} answered {resp.status_code}")


# -------------------------------------------------------------------------------------------------- plans

def explain(kind: str, call, staff) -> dict:
    """The plans of the list's count query and of its page 1 and middle page, at the current size."""
    from sqlalchemy import func, select, text

    from hrdap.applications import review_services as reviews
    from hrdap.applications.models import Application, Status
    from hrdap.extensions import db

    query = reviews.filtered(call, staff)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    middle = max(1, -(-total // 25) // 2)
    queries = {
        "count": select(func.count()).select_from(query.order_by(None).subquery()),
        "page 1": query.limit(25).offset(0),
        f"page {middle} (middle)": query.limit(25).offset((middle - 1) * 25),
        "page 1, region filter": reviews.filtered(call, staff, region="africa").limit(25).offset(0),
        "count, region filter": select(func.count()).select_from(
            reviews.filtered(call, staff, region="africa").order_by(None).subquery()),
        "balance (shortlisted)": select(Application).where(Application.call_id == call.id,
                                                           Application.status == Status.SHORTLISTED.value),
    }
    out = {}
    for name, q in queries.items():
        sql = str(q.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        prefix = "EXPLAIN QUERY PLAN " if kind == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        rows = db.session.execute(text(prefix + sql)).all()
        lines = [f"{r[0]}|{r[1]}| {r[3]}" if kind == "sqlite" else r[0] for r in rows]
        out[name] = {"sql": " ".join(sql.split()), "plan": lines, "verdict": plan_verdict(kind, lines)}
    return out


def plan_verdict(kind: str, lines: list[str]) -> str:
    """Index or scan, for the applications and reviews tables, and whether the rows are sorted."""
    found = []
    for line in lines:
        if kind == "sqlite":
            m = re.search(r"(SCAN|SEARCH) (\w+)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+))?", line)
            if m and m.group(2) in ("applications", "reviews"):
                found.append(f"{m.group(2)}: {'index ' + m.group(3) if m.group(3) else 'FULL SCAN'}"
                             if m.group(1) == "SEARCH" or m.group(3) else f"{m.group(2)}: FULL SCAN")
            if "TEMP B-TREE" in line:
                found.append("sort: " + line.split("USE ")[-1].strip())
        else:
            m = re.search(r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)"
                          r"(?: using (\w+))? on (\w+)", line)
            if m and m.group(3) in ("applications", "reviews", "ix_applications_call_id", "ix_reviews_application_id"):
                found.append(f"{m.group(3)}: {m.group(1)}{' ' + m.group(2) if m.group(2) else ''}")
            elif "Sort Method" in line or line.strip().startswith("Sort "):
                found.append("sort: " + line.strip()[:60])
    return "; ".join(dict.fromkeys(found)) or "?"


# ------------------------------------------------------------------------------------------------- a run

def configure(kind: str, tmp: Path) -> str | None:
    """Production settings in the environment; a fresh database. Returns the PostgreSQL name to drop."""
    from cryptography.fernet import Fernet

    os.environ.update({"HRDAP_SECRET_KEY": secrets.token_urlsafe(48),
                       "HRDAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
                       "HRDAP_BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
                       # Production default is 30 per minute per address; every sign-in here comes from one.
                       "HRDAP_LOGIN_LIMIT": "100000 per minute"})
    for name in ("HRDAP_DEBUG", "HRDAP_DEMO", "HRDAP_REQUEST_MEMO"):
        os.environ.pop(name, None)
    if kind == "sqlite":
        os.environ["HRDAP_DATABASE_URL"] = f"sqlite:///{tmp / 'growth.sqlite3'}"
        return None
    import psycopg

    name = f"hrdap_growth_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["HRDAP_DATABASE_URL"] = f"{PG_SERVER}/{name}"
    return name


def run_one(kind: str, args, tmp: Path, material: dict) -> dict:
    """Seed inside short app contexts; send every measured request with no app context pushed, so each
    request gets its own (its own ``g``, session and per-request memos), as under a real server."""
    from sqlalchemy import event, func, select, text

    from hrdap import create_app
    from hrdap.applications import review_services as reviews
    from hrdap.applications.models import Call
    from hrdap.auth import passwords, two_factor
    from hrdap.auth.models import Role, User
    from hrdap.clock import now
    from hrdap.cohorts.models import Cohort, Enrolment
    from hrdap.extensions import db
    from hrdap.learning.access import geneva_today
    from hrdap.learning.models import Course
    from hrdap.learning.sync import sync_course

    passwords.use_fast_hashing_for_tests()
    pg_name = configure(kind, tmp)
    t_start = time.time()
    result: dict = {"db": kind, "rows": [], "seeding": {}, "explain": {}}

    def analyze() -> None:
        if kind == "postgres":   # as autovacuum would after a bulk load; SQLite has no automatic ANALYZE
            db.session.execute(text("ANALYZE"))
            db.session.commit()

    try:
        app = create_app()
        statements = Statements()
        with app.app_context():
            db.create_all()
            event.listen(db.engine, "before_cursor_execute", statements)
            at = now()
            password_hash = passwords.hash_password(PASSWORD)
            participants = add_users("participant", 0, 16, Role.PARTICIPANT, password_hash, at)
            staff_ids = add_users("staff", 0, 3, Role.STAFF, password_hash, at)
            secret = two_factor.new_secret()
            staff = db.session.get(User, staff_ids[0])
            two_factor.enable(staff, secret)
            # enable() burns the current 30-second step; as if two-factor had been switched on earlier.
            staff.totp_last_step = 0
            db.session.commit()

        reader = app.test_client()
        sign_in(reader, "participant0@growth.hrdap.org", PASSWORD)

        # ---- lessons
        for size in LESSON_SIZES:
            t = time.time()
            folder = write_course(tmp / kind, size, material)
            written = time.time() - t
            t = time.time()
            with app.test_request_context():
                report = sync_course(folder)
            synced = time.time() - t
            with app.app_context():
                if size == LESSON_SIZES[0]:
                    course = db.session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
                    cohort = Cohort(course_id=course.id, name="Growth cohort", weeks=10, capacity=16,
                                    starts_on=geneva_today(at) - timedelta(days=14))
                    db.session.add(cohort)
                    db.session.flush()
                    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=u, enrolled_at=at) for u in participants)
                    db.session.commit()
                done = mark_progress(participants)
                analyze()
            result["seeding"][f"lessons {size}"] = {"write_s": round(written, 1), "sync_s": round(synced, 1),
                                                    "report": report.lines(), "done_per_participant": done}
            print(f"[{kind}] course with {size} lessons: files written in {written:.1f}s, synced in "
                  f"{synced:.1f}s ({report.lines()[0]}); {done} lessons done per participant", flush=True)
            per_module = size // MODULES
            middle_module = f"module-{MODULES // 2:02d}"
            lesson = f"lesson-{max(1, (per_module + 1) // 2):03d}"
            pages = {"lesson page": f"/learn/{COURSE_SLUG}/{middle_module}/{lesson}",
                     "course overview": f"/learn/{COURSE_SLUG}/",
                     "module page": f"/learn/{COURSE_SLUG}/{middle_module}/"}
            measure_pages(reader, pages, "lessons", size, kind, statements, args, result)

        # ---- applications
        with app.app_context():
            call = Call(name="HRDAP Growth 2027", reference_prefix="GROW27", opens_at=at - timedelta(days=30),
                        closes_at=at - timedelta(days=1), capacity=16, last_number=0)
            db.session.add(call)
            db.session.commit()
            call_id = call.id
        staff_client = app.test_client()
        sign_in(staff_client, "staff0@growth.hrdap.org", PASSWORD, secret)
        have = 0
        for size in APPLICATION_SIZES:
            t = time.time()
            with app.test_request_context():   # the answers name a country in the request's language
                call, staff = db.session.get(Call, call_id), db.session.get(User, staff_ids[0])
                add_applications(call, have, size, staff.id, staff_ids[1:], password_hash, at)
                analyze()
                visible = db.session.scalar(select(func.count()).select_from(
                    reviews.filtered(call, staff).order_by(None).subquery()))
            seeded = time.time() - t
            result["seeding"][f"applications {size}"] = {"insert_s": round(seeded, 1), "added": size - have,
                                                         "visible_to_staff": visible}
            print(f"[{kind}] {size} applications ({size - have} added, with accounts, encrypted answers and "
                  f"reviews) in {seeded:.1f}s; {visible} listed for the staff member", flush=True)
            have = size
            middle = max(1, -(-visible // 25) // 2)
            base = f"/staff/calls/{call_id}"
            pages = {"list page 1": f"{base}/applications",
                     "list middle page": f"{base}/applications?page={middle}",
                     "list region filter": f"{base}/applications?region=africa",
                     "list area filter": f"{base}/applications?area=accountability",
                     "balance": f"{base}/balance"}
            measure_pages(staff_client, pages, "applications", size, kind, statements, args, result)
        with app.app_context():
            result["explain"] = explain(kind, db.session.get(Call, call_id), db.session.get(User, staff_ids[0]))
            db.session.remove()
            db.engine.dispose()
    finally:
        if pg_name:
            import psycopg
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    result["seconds"] = round(time.time() - t_start, 1)
    add_ratios(result)
    return result


def add_ratios(result: dict) -> None:
    """Ratio of each figure to the smallest size of the same page; a verdict per page.

    "flat": CPU and wall at the largest size <= FLAT_RATIO x the smallest, and the same number of queries.
    A query count that follows the number of rows shown (an N+1 bounded by the page size) is said so."""
    result["verdicts"] = {}
    kinds = list(dict.fromkeys(r["kind"] for r in result["rows"]))
    for kind in kinds:
        rows = sorted((r for r in result["rows"] if r["kind"] == kind), key=lambda r: r["size"])
        first, last = rows[0], rows[-1]
        for r in rows:
            r["cpu_ratio"] = round(r["cpu_mean_ms"] / first["cpu_mean_ms"], 2)
            r["wall_ratio"] = round(r["wall_mean_ms"] / first["wall_mean_ms"], 2)
        ratio = max(last["cpu_ratio"], last["wall_ratio"])
        same_queries = last["queries"] == first["queries"]
        flat = ratio <= FLAT_RATIO and same_queries
        text = (f"{'flat' if flat else 'GROWS'}: x{last['cpu_ratio']} CPU, x{last['wall_ratio']} wall from "
                f"{first['size']} to {last['size']}; queries {first['queries']} -> {last['queries']}")
        if not same_queries and first["rows"] != last["rows"]:
            per_row = (last["queries"] - first["queries"]) / (last["rows"] - first["rows"])
            text += (f" while rows shown went {first['rows']} -> {last['rows']} ({per_row:+.2g} query per row"
                     f"{': N+1' if per_row >= 1 else ''})")
        many = [r for r in last["repeated"] if r["count"] > 2]
        if many:
            text += f"; repeated at {last['size']}: {many[0]['count']}x {many[0]['sql'][:100]}"
        result["verdicts"][kind] = {"flat": flat, "text": text}


def print_table(result: dict) -> None:
    kinds = list(dict.fromkeys(r["kind"] for r in result["rows"]))
    print(f"\n== {result['db']} ({result['seconds']}s including seeding) ==")
    print(f"{'kind':<20}{'size':>7}{'n':>5}{'cpu ms':>9}{'p95':>8}{'wall ms':>9}{'p95':>8}{'queries':>13}{'rows':>6}"
          f"{'KB':>7}{'x cpu':>7}{'x wall':>8}")
    for r in sorted(result["rows"], key=lambda r: (kinds.index(r["kind"]), r["size"])):
        queries = (str(r["queries"]) if r["queries_min"] == r["queries_max"]
                   else f"{r['queries']}({r['queries_min']}-{r['queries_max']})")
        print(f"{r['kind']:<20}{r['size']:>7}{r['requests']:>5}{r['cpu_mean_ms']:>9.2f}{r['cpu_p95_ms']:>8.2f}{r['wall_mean_ms']:>9.2f}"
              f"{r['wall_p95_ms']:>8.2f}{queries:>13}{r['rows'] or '-':>6}{r['kb']:>7}{r['cpu_ratio']:>7.2f}"
              f"{r['wall_ratio']:>8.2f}")
    print()
    for kind, v in result["verdicts"].items():
        print(f"{kind:<20} {v['text']}")
    print(f"\nQuery plans of the staff list at {APPLICATION_SIZES[-1]} applications ({result['db']}); the one call "
          f"holds them all, so an index on call_id alone selects every row:")
    for name, e in result["explain"].items():
        print(f"-- {name}: {e['verdict']}")
        for line in e["plan"]:
            print(f"     {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page and size")
    parser.add_argument("--page-seconds", type=float, default=15,
                        help="stop timing a page after this long (but never before 20 requests); 0: no limit")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    print(f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()}; in-process test client, "
          f"{args.requests} timed requests per page and size (at most {args.page_seconds or 'unlimited'} s, at least 20) "
          f"after 3 warm-up requests", flush=True)
    material = _source_material()
    results = []
    with tempfile.TemporaryDirectory(prefix="hrdap-growth-") as tmp:
        for kind in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
            results.append(run_one(kind, args, Path(tmp), material))
            print_table(results[-1])
    out = {"timestamp": stamp, "python": sys.version.split()[0], "cpus": os.cpu_count(),
           "loadavg_at_end": os.getloadavg(), "settings": vars(args) | {
               "lesson_sizes": LESSON_SIZES, "application_sizes": APPLICATION_SIZES, "modules": MODULES,
               "flat_ratio": FLAT_RATIO, "mode": "in-process Flask test client, production settings"},
           "results": results}
    path = RESULTS / f"growth-{stamp}.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
