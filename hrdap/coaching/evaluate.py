"""How well the SMART checker does on real UPR recommendations (smart_data/upr_real.csv).

    python -m hrdap.coaching.evaluate                # every item, then tuned and held-out apart
    python -m hrdap.coaching.evaluate --split tune --misses

The set and its sources are described in smart_data/README.md. Items whose ``split`` is "holdout"
were never looked at while the rules were tuned: their figure is the honest one.
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hrdap.coaching.smart import LANGS, analyse

DATA = Path(__file__).with_name("smart_data") / "upr_real.csv"
CATEGORIES = (1, 2, 3, 4, 5)
NONE = "-"   # the checker found no action verb


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    split: str
    category: int
    time_bound: bool
    text: str


def load(path: Path = DATA) -> list[Item]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [Item(row["id"], row["lang"], row["split"], int(row["category"]),
                     row["time_bound"] == "true", row["text"]) for row in csv.DictReader(fh)]


@dataclass
class Scores:
    """Category and deadline accuracy over a group of items, with the confusion matrix."""
    n: int = 0
    category_ok: int = 0
    time_ok: int = 0
    confusion: Counter = field(default_factory=Counter)   # (expected, predicted) -> count
    misses: list[str] = field(default_factory=list)

    def add(self, item: Item) -> None:
        report = analyse(item.text, item.lang)
        predicted = report.action_category or NONE
        self.n += 1
        self.category_ok += predicted == item.category
        self.time_ok += report.time_bound == item.time_bound
        self.confusion[(item.category, predicted)] += 1
        if predicted != item.category or report.time_bound != item.time_bound:
            self.misses.append(f"  {item.id}: expected {item.category}/{item.time_bound}, "
                               f"got {predicted}/{report.time_bound}: {item.text}")

    @property
    def category_accuracy(self) -> float:
        return self.category_ok / self.n if self.n else 0.0

    @property
    def time_accuracy(self) -> float:
        return self.time_ok / self.n if self.n else 0.0


def score(items: list[Item]) -> Scores:
    result = Scores()
    for item in items:
        result.add(item)
    return result


def confusion_table(scores: Scores) -> str:
    """Rows: the UPR Info category; columns: what the checker said ("-" = no verb found)."""
    columns = [*CATEGORIES, NONE]
    lines = ["expected \\ checker " + " ".join(f"{c:>4}" for c in columns) + "   n  recall"]
    for expected in CATEGORIES:
        counts = [scores.confusion[(expected, c)] for c in columns]
        total = sum(counts)
        recall = f"{counts[expected - 1] / total:6.1%}" if total else "     -"
        lines.append(f"{expected:>18} " + " ".join(f"{n:>4}" for n in counts) + f" {total:>3}  {recall}")
    return "\n".join(lines)


def report(items: list[Item], misses: bool = False) -> str:
    everything = score(items)
    lines = [f"SMART checker on {everything.n} real UPR recommendations: "
             f"action category {everything.category_accuracy:.1%}, "
             f"time-bound {everything.time_accuracy:.1%}"]
    for split in ("tune", "holdout"):
        part = score([i for i in items if i.split == split])
        lines.append(f"  {split:<8} n={part.n:<4} category {part.category_accuracy:6.1%}  "
                     f"time-bound {part.time_accuracy:6.1%}")
    lines.append("Per language:")
    for lang in LANGS:
        part = score([i for i in items if i.lang == lang])
        if part.n:
            lines.append(f"  {lang}  n={part.n:<4} category {part.category_accuracy:6.1%}  "
                         f"time-bound {part.time_accuracy:6.1%}")
    lines.append("Per category (UPR Info):")
    for category in CATEGORIES:
        part = score([i for i in items if i.category == category])
        lines.append(f"  {category}  n={part.n:<4} category {part.category_accuracy:6.1%}  "
                     f"time-bound {part.time_accuracy:6.1%}")
    deadlines = [i for i in items if i.time_bound]
    found = sum(analyse(i.text, i.lang).time_bound for i in deadlines)
    false_alarms = sum(analyse(i.text, i.lang).time_bound for i in items if not i.time_bound)
    lines.append(f"Deadlines: {found}/{len(deadlines)} found, {false_alarms} false alarms "
                 f"among {len(items) - len(deadlines)} without one")
    lines.append("Confusion matrix (all items):")
    lines.append(confusion_table(everything))
    if misses:
        lines.append("Misses:")
        lines += everything.misses or ["  none"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "holdout"), help="only this part of the set")
    parser.add_argument("--misses", action="store_true", help="list every item the checker gets wrong")
    args = parser.parse_args(argv)
    items = [i for i in load() if args.split in (None, i.split)]
    print(report(items, misses=args.misses))


if __name__ == "__main__":
    main()
