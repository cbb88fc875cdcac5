"""Choice lists of the application form: stable stored keys, translatable labels."""
from __future__ import annotations

import functools

from flask_babel import get_locale, lazy_gettext as _l

REGIONS = {
    "africa": _l("Africa"),
    "asia_pacific": _l("Asia and the Pacific"),
    "eastern_europe_central_asia": _l("Eastern Europe and Central Asia"),
    "latin_america_caribbean": _l("Latin America and the Caribbean"),
    "middle_east_north_africa": _l("Middle East and North Africa"),
    "western_europe_north_america": _l("Western Europe and North America"),
}

AREAS = {
    "equality": _l("Equality, dignity and non-discrimination"),
    "environment": _l("Environmental justice and sustainability"),
    "accountability": _l("International accountability for the repression of defenders"),
    "rule_of_law": _l("Transparency and rule of law"),
}

THEMES = {
    "women": _l("Women's rights"),
    "indigenous": _l("Indigenous peoples' rights"),
    "lgbtiq": _l("Rights of LGBTIQ+ persons"),
    "anti_racism": _l("Anti-racism"),
    "civic_space": _l("Civic space"),
    "defenders": _l("Protection of defenders"),
    "business": _l("Business and human rights"),
    "climate": _l("Climate and environment"),
    "other": _l("Another theme"),
}

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "other": _l("I describe myself another way"),
    "undisclosed": _l("I prefer not to say"),
}

WORKING_LANGUAGES = {
    "en": _l("English"), "fr": _l("French"), "es": _l("Spanish"), "ar": _l("Arabic"),
    "ru": _l("Russian"), "zh": _l("Chinese"), "pt": _l("Portuguese"), "other": _l("Another language"),
}

ORGANISATION_KINDS = {
    "ngo": _l("Non-governmental organisation"),
    "community": _l("Community or grassroots group"),
    "network": _l("Network or coalition"),
    "legal": _l("Lawyers' or legal aid group"),
    "media": _l("Media or journalism"),
    "academic": _l("University or research"),
    "independent": _l("Independent defender"),
}

UN_MECHANISMS = {
    "hrc": _l("Human Rights Council"),
    "special_procedures": _l("Special Procedures"),
    "upr": _l("Universal Periodic Review"),
    "treaty_bodies": _l("Treaty bodies"),
    "ohchr": _l("Office of the High Commissioner (OHCHR)"),
    "regional": _l("Regional human rights mechanisms"),
}

FUNDING = {
    "full": _l("A full scholarship"),
    "partial": _l("A partial scholarship"),
    "none": _l("No funding: I or my organisation will cover the costs"),
}

AVAILABILITY = {
    "yes": _l("Yes, I can be in Geneva for the two weeks"),
    "unsure": _l("Not sure yet"),
    "no": _l("No"),
}

YES_NO = {"yes": _l("Yes"), "no": _l("No")}

#: The rubric: the selection criteria of the programme (domain/UN-MECHANISMS.md), scored 1–5.
CRITERIA = {
    "fit": _l("Fit with the programme's priorities"),
    "knowledge": _l("Knowledge of human rights and willingness to use the UN"),
    "experience": _l("National or regional advocacy experience"),
    "role": _l("Advocacy role in the organisation"),
    "peer_learning": _l("Contribution to peer learning"),
    "universality": _l("Commitment to universality and non-discrimination"),
    "communication": _l("Communication and language skills"),
}

STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "shortlisted": _l("Shortlisted"),
    "accepted": _l("Accepted"),
    "waitlisted": _l("Waiting list"),
    "declined": _l("Not selected"),
    "withdrawn": _l("Withdrawn"),
}


def pairs(mapping: dict) -> list[tuple[str, str]]:
    """(key, label) pairs for a WTForms field, labels lazily translated."""
    return list(mapping.items())


def countries() -> list[tuple[str, str]]:
    """ISO country codes with names in the reader's language (from Babel's CLDR data), sorted."""
    return list(_countries(str(get_locale() or "en")))


@functools.cache  # three languages; building a list takes milliseconds and every form step asks
def _countries(locale_name: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    locale = Locale.parse(locale_name)
    names = {code: name for code, name in locale.territories.items()
             if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"}}
    return tuple(sorted(names.items(), key=lambda pair: pair[1]))


@functools.cache
def _country_names(locale_name: str) -> dict[str, str]:
    return dict(_countries(locale_name))


def country_name(code: str | None) -> str:
    """A country's name in the reader's language ('' for none)."""
    if not code:
        return ""
    return _country_names(str(get_locale() or "en")).get(code, code)


def label(mapping: dict, key) -> str:
    """The label of one stored key, or the key itself if it is unknown."""
    if isinstance(key, list):
        return ", ".join(label(mapping, k) for k in key)
    return str(mapping.get(key, key)) if key not in (None, "") else ""
