"""What changed between two versions of a plan, per field and per recommendation (no JavaScript).

The result is a list of sections, each with lines marked "removed", "added" or "same", which the
template renders as a list with visible and spoken "Removed:" / "Added:" labels.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from flask_babel import gettext as _, lazy_gettext as _l

from hrdap.coaching.models import MECHANISMS, TEXT_FIELDS, PlanVersion

_REC_FIELDS = {"text": _l("Recommendation"), "state": _l("State addressed"),
               "mechanism": _l("Mechanism"), "time_frame": _l("Time frame")}


@dataclass
class Section:
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)   # (kind, text)

    @property
    def changed(self) -> bool:
        return any(kind != "same" for kind, _ in self.lines)


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Lines of ``old`` and ``new`` marked removed/added/same (blank lines dropped)."""
    a = [line for line in (old or "").splitlines() if line.strip()]
    b = [line for line in (new or "").splitlines() if line.strip()]
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(("same", line) for line in a[i1:i2])
            continue
        out.extend(("removed", line) for line in a[i1:i2])
        out.extend(("added", line) for line in b[j1:j2])
    return out


def _mechanisms(version: PlanVersion) -> str:
    return "\n".join(str(MECHANISMS[c]) for c in version.mechanism_codes)


def compare(old: PlanVersion, new: PlanVersion) -> list[Section]:
    """The changed sections from ``old`` to ``new``; unchanged sections are left out."""
    sections = [Section(_("Target mechanisms"), line_diff(_mechanisms(old), _mechanisms(new)))]
    old_texts, new_texts = old.texts(), new.texts()
    for name, title in TEXT_FIELDS.items():
        sections.append(Section(str(title), line_diff(old_texts[name], new_texts[name])))
    olds, news = old.recommendations, new.recommendations
    for index in range(max(len(olds), len(news))):
        before = olds[index].fields() if index < len(olds) else {}
        after = news[index].fields() if index < len(news) else {}
        section = Section(_("Recommendation %(n)d", n=index + 1))
        for key, label in _REC_FIELDS.items():
            b, a = before.get(key, ""), after.get(key, "")
            if key == "mechanism":
                b, a = str(MECHANISMS.get(b, "")), str(MECHANISMS.get(a, ""))
            for kind, text in line_diff(b, a):
                section.lines.append((kind, f"{label}: {text}"))
        sections.append(section)
    return [s for s in sections if s.changed]
