"""Load driver, run in its own process by ``benchmarks.run`` (loopback only, bounded in time and count).

    python -m benchmarks.driver CONFIG.json OUT.json

1. Prepare: sign every applicant and participant in through the real /signin form (CSRF included).
   Prints READY and waits for a line ``GO <deadline epoch seconds>`` on stdin, so that the runner can
   set the call's deadline a few seconds after the rush starts.
2. Deadline rush: applicants (each a ``requests.Session``; a pool of threads each serving several) save
   their draft (the autosave POST) every ``save_every`` seconds (uniform in [min, max]; the form's script
   saves 4 s after typing stops) until their own moment to submit, then tick the consent
   step and submit; those whose moment falls after the deadline are refused and keep retrying every 2 s.
3. Course browsing: participants read lesson pages and their dashboard, and take quiz attempts (start,
   the attempt page, submit with answers, the review page), back to back.
4. Lessons and baseline, in three alternating slices each: the same participants read lesson pages only
   (the page the throughput target is about), then as many threads read the bare Flask page.

Every request is recorded as (phase, kind, start offset, latency, status, error); the runner summarises.
"""
from __future__ import annotations

import json
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin

import requests

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)" name="(q\.[^"]+)" value="([^"]*)"')
TIMEOUT = 60
ROUNDS = 3  # slices of lessons-only and baseline, alternating


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple] = []   # (phase, kind, t_start_epoch, latency_s, status, error)

    def call(self, phase, kind, session, method, url, **kw):
        kw.setdefault("timeout", TIMEOUT)
        kw.setdefault("allow_redirects", False)
        start = time.time()
        t0 = time.perf_counter()
        try:
            resp = session.request(method, url, **kw)
            _ = resp.content
            status, error = resp.status_code, None
        except requests.RequestException as exc:
            resp, status, error = None, 0, type(exc).__name__
        latency = time.perf_counter() - t0
        with self.lock:
            self.samples.append((phase, kind, start, latency, status, error))
        return resp


def token_of(resp) -> str:
    match = TOKEN.search(resp.text if resp is not None else "")
    if not match:
        raise RuntimeError(f"no CSRF token (status {getattr(resp, 'status_code', None)})")
    return match.group(1)


def sign_in(rec: Recorder, base: str, person: dict, token_page: str) -> dict:
    s = requests.Session()
    page = rec.call("prepare", "signin_page", s, "GET", base + "/signin")
    resp = rec.call("prepare", "signin_post", s, "POST", base + "/signin",
                    data={"csrf_token": token_of(page), "email": person["email"], "password": person["password"]})
    if resp is None or resp.status_code != 303:
        raise RuntimeError(f"sign-in of {person['email']} answered {getattr(resp, 'status_code', None)}")
    page = rec.call("prepare", "token_page", s, "GET", base + token_page.format(**person))
    return {**person, "session": s, "csrf": token_of(page)}


def rush(rec: Recorder, base: str, applicants: list[dict], threads: int, t0: float, deadline: float,
         end: float, save_every: list[float]) -> list[dict]:
    """Each applicant: autosave until ``submit_at``, then consent + submit; refused ones retry."""
    rng = random.Random(10)
    span = deadline - t0
    for a in applicants:
        a["submit_at"] = t0 + rng.uniform(0.15, 1.35) * span
        a["next"] = t0 + rng.uniform(0, save_every[1])
        a["outcome"] = None          # "acknowledged" | "refused" | "error:<status>"
        a["attempts"] = []           # (start epoch, status, location)
        a["saves"] = 0

    def act(a):
        s, tok, app_id = a["session"], a["csrf"], a["app_id"]
        now = time.time()
        if a["outcome"] is None and now < a["submit_at"]:
            a["saves"] += 1
            rec.call("rush", "draft_save", s, "POST", f"{base}/applications/{app_id}/steps/motivation",
                     headers={"X-Autosave": "1"},
                     data={"csrf_token": tok, "motivation": f"Why I apply, version {a['saves']}. " * 20,
                           "objectives": "Bring the situation of defenders to the Council. " * 10})
            a["next"] = time.time() + rng.uniform(*save_every)
            return
        # Consent (a normal, non-autosave step post that redirects to the review page), then submit.
        rec.call("rush", "consent_step", s, "POST", f"{base}/applications/{app_id}/steps/consent",
                 data={"csrf_token": tok, "consent": "y", "go": "review"})
        start = time.time()
        resp = rec.call("rush", "submit", s, "POST", f"{base}/applications/{app_id}/submit",
                        data={"csrf_token": tok})
        status = resp.status_code if resp is not None else 0
        location = resp.headers.get("Location", "") if resp is not None else ""
        a["attempts"].append((start, status, location))
        if status == 303 and location.rstrip("/").endswith(f"/applications/{app_id}"):
            a["outcome"] = "acknowledged"
            a["next"] = float("inf")
        elif status == 409:
            a["outcome"] = "refused"
            a["next"] = time.time() + 2.0     # still trying after the deadline
        else:
            a["outcome"] = f"error:{status}"
            a["next"] = time.time() + 2.0

    def worker(mine: list[dict]):
        while True:
            a = min(mine, key=lambda x: x["next"])
            if a["next"] >= end:
                return
            wait = a["next"] - time.time()
            if wait > 0:
                time.sleep(wait)
            if time.time() >= end:
                return
            act(a)

    groups = [applicants[i::threads] for i in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, [g for g in groups if g]))
    return [{"email": a["email"], "app_id": a["app_id"], "submit_at": a["submit_at"], "outcome": a["outcome"],
             "attempts": a["attempts"], "saves": a["saves"]} for a in applicants]


def take_quiz(rec: Recorder, phase: str, person: dict, quiz_url: str) -> bool:
    """One attempt: start, read the questions, submit the first choice of each, read the review.

    False when the quiz can no longer be started (attempts used up), so the caller picks another."""
    s, tok = person["session"], person["csrf"]
    resp = rec.call(phase, "quiz_start", s, "POST", quiz_url + "/start", data={"csrf_token": tok})
    if resp is None or resp.status_code != 303:
        return False
    attempt_url = urljoin(quiz_url, resp.headers["Location"])
    page = rec.call(phase, "quiz_page", s, "GET", attempt_url)
    answers: dict[str, str] = {}
    for name, value in CHOICE.findall(page.text if page is not None else ""):
        answers.setdefault(name, value)
    resp = rec.call(phase, "quiz_submit", s, "POST", attempt_url,
                    data={"csrf_token": tok, "action": "submit", **answers})
    if resp is not None and resp.status_code == 303:
        rec.call(phase, "quiz_review", s, "GET", urljoin(quiz_url, resp.headers["Location"]))
    return True


def closed_loop(rec: Recorder, phase: str, people: list, pick, seconds: float) -> tuple[float, float]:
    """Each person requests back to back (no think time) for ``seconds``.

    ``pick(rng, person)`` answers (kind, url) for a page, or ("quiz", url) for a whole quiz attempt."""
    start = time.time()
    end = start + seconds
    rng = random.Random(phase)

    def worker(person):
        while time.time() < end:
            kind, url = pick(rng, person)
            if kind == "quiz":
                if not take_quiz(rec, phase, person, url):
                    person["quizzes"].remove(url)
                continue
            rec.call(phase, kind, person["session"], "GET", url)

    with ThreadPoolExecutor(len(people)) as pool:
        list(pool.map(worker, people))
    return start, time.time()


def main(config_path: str, out_path: str) -> None:
    cfg = json.loads(open(config_path).read())
    base, rec, threads = cfg["base_url"], Recorder(), cfg["threads"]
    prep_start = time.time()
    with ThreadPoolExecutor(threads) as pool:
        applicants = list(pool.map(lambda p: sign_in(rec, base, p, "/applications/{app_id}/steps/motivation"),
                                   cfg["applicants"]))
        participants = list(pool.map(lambda p: sign_in(rec, base, p, "/dashboard"), cfg["participants"]))
    prep_end = time.time()
    print("READY", flush=True)
    line = sys.stdin.readline().split()
    if not line or line[0] != "GO":
        raise SystemExit("no GO")
    deadline = float(line[1])
    print("PHASE rush", flush=True)
    t0 = time.time()
    outcomes = rush(rec, base, applicants, threads, t0, deadline, t0 + cfg["rush_seconds"], cfg["save_every"])
    rush_end = time.time()
    print("PHASE course", flush=True)  # the runner reads the processes' CPU time at each phase change

    lessons = [base + path for path in cfg["lessons"]]

    for p in participants:
        p["quizzes"] = [base + path for path in cfg["quizzes"]]

    def course_pick(rng, person):
        """A lesson mostly; the dashboard one time in five; a quiz attempt (four requests) one time in twenty."""
        roll = rng.random()
        if roll < 0.05 and person["quizzes"]:
            return "quiz", rng.choice(person["quizzes"])
        return ("dashboard", base + "/dashboard") if roll < 0.25 else ("lesson", rng.choice(lessons))

    course_window = closed_loop(rec, "course", participants, course_pick, cfg["course_seconds"])
    # The lesson page alone and the baseline, under exactly the same load, in alternating slices: this
    # machine's speed drifts by tens of percent over a minute, and the ratio must not depend on it.
    durations = {"lessons": 0.0, "baseline": 0.0}
    base_people = [{"session": requests.Session()} for _ in participants]
    picks = {"lessons": (participants, lambda rng, _p: ("lesson", rng.choice(lessons))),
             "baseline": (base_people, lambda rng, _p: ("baseline_page", cfg["baseline_url"] + "/"))}
    for _ in range(ROUNDS):
        for phase, (people, pick) in picks.items():
            print(f"PHASE {phase}", flush=True)
            w0, w1 = closed_loop(rec, phase, people, pick, cfg["course_seconds"] / ROUNDS)
            durations[phase] += w1 - w0
    # Interleaved phases are stored as [0, total seconds]: throughput is count / (end - start).
    out = {"windows": {"prepare": [prep_start, prep_end], "rush": [t0, rush_end], "course": list(course_window),
                       "lessons": [0.0, durations["lessons"]], "baseline": [0.0, durations["baseline"]]},
           "deadline": deadline, "rush_t0": t0, "outcomes": outcomes, "samples": rec.samples}
    with open(out_path, "w") as fh:
        json.dump(out, fh)
    print("PHASE end", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
