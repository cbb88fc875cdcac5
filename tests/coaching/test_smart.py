"""Tests for hrdap.coaching.smart: accuracy on a labelled set, actions, hints and languages."""

import json
import string
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from hrdap.coaching import smart
from hrdap.coaching.smart import HINT_KEYS, LANGS, analyse, hint_text

LABELLED = tomllib.loads(
    Path(__file__).with_name("smart_labelled.toml").read_text("utf-8"))["item"]
THRESHOLD = 0.90


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- labelled set

def test_labelled_set_is_broad_enough():
    assert len(LABELLED) >= 72
    for lang in LANGS:
        items = [i for i in LABELLED if i["lang"] == lang]
        assert len(items) >= 24, lang
        assert {i["category"] for i in items} == {1, 2, 3, 4, 5}, lang
        share = sum(i["time_bound"] for i in items) / len(items)
        assert 0.35 <= share <= 0.65, (lang, share)


def test_accuracy_on_labelled_recommendations(capsys):
    per_lang: dict[str, Counter] = {lang: Counter() for lang in LANGS}
    misses = []
    for item in LABELLED:
        report = analyse(item["text"], item["lang"])
        tally = per_lang[item["lang"]]
        tally["n"] += 1
        tally["category"] += report.action_category == item["category"]
        tally["time_bound"] += report.time_bound == item["time_bound"]
        if (report.action_category, report.time_bound) != (item["category"], item["time_bound"]):
            misses.append(f"  [{item['lang']}] expected {item['category']}/{item['time_bound']},"
                          f" got {report.action_category}/{report.time_bound}: {item['text']}")
    total = sum(per_lang.values(), Counter())
    category_acc = total["category"] / total["n"]
    time_acc = total["time_bound"] / total["n"]
    lines = [f"SMART checker on {total['n']} labelled recommendations: "
             f"category accuracy {category_acc:.1%}, time_bound accuracy {time_acc:.1%}"]
    for lang, tally in per_lang.items():
        lines.append(f"  {lang}: n={tally['n']} category {tally['category'] / tally['n']:.1%}"
                     f" time_bound {tally['time_bound'] / tally['n']:.1%}")
    lines += misses
    with capsys.disabled():   # visible without -s too
        print("\n" + "\n".join(lines))
    assert category_acc >= THRESHOLD, "\n".join(lines)
    assert time_acc >= THRESHOLD, "\n".join(lines)


# --------------------------------------------------------------------------- categories

@pytest.mark.parametrize("lang, text, category", [
    ("en", "Swiftly ratify the Convention on the Rights of Persons with Disabilities", 5),
    ("en", "That the Government should urgently adopt a law on domestic violence", 5),
    ("en", "Consider ratifying the Second Optional Protocol", 3),
    ("en", "Continue its efforts to ratify the remaining core instruments", 2),
    ("en", "Take all necessary measures to end impunity", 4),
    ("en", "Seek technical assistance to strengthen its statistical office", 1),
    ("en", "Ratifies the Convention against Torture", 5),
    ("fr", "ÉTABLIR une institution nationale des droits de l’homme", 5),
    ("fr", "Que l'État établisse une institution nationale des droits de l'homme", 5),
    ("fr", "S'attaquer aux causes de la pauvreté", 4),
    ("fr", "Continuer à adopter des lois", 2),
    ("es", "Que el Estado considere la posibilidad de ratificar el Convenio", 3),
    ("es", "Adherirse a la Convención de 1954", 5),
    ("es", "Tomar medidas para garantizar el acceso a la justicia", 4),
])
def test_category_from_leading_verb(lang, text, category):
    assert analyse(text, lang).action_category == category


@pytest.mark.parametrize("text", [
    "etablir un mecanisme", "Établit un mécanisme", "ÉTABLIR UN MÉCANISME"])
def test_accents_and_case_do_not_matter(text):
    assert analyse(text, "fr").leading_verb == "établir"


# --------------------------------------------------------------------------- actions

@pytest.mark.parametrize("lang, text, actions", [
    ("en", "Ratify the Convention against Torture and establish a national preventive mechanism",
     ("ratify", "establish")),
    ("en", "Adopt a law on defenders, allocate a budget to it and to publish yearly data",
     ("adopt", "allocate", "publish")),
    ("fr", "Abolir la peine de mort et ratifier le deuxième Protocole facultatif",
     ("abolir", "ratifier")),
    ("es", "Que el Estado ratifique la Convención y establezca un mecanismo",
     ("ratificar", "establecer")),
])
def test_multiple_actions_are_flagged(lang, text, actions):
    report = analyse(text, lang)
    assert report.actions == actions
    assert report.multiple_actions and not report.specific
    assert "multiple_actions" in report.hint_keys
    hint = report.hints[report.hint_keys.index("multiple_actions")]
    assert hint.params["count"] == len(actions)


@pytest.mark.parametrize("lang, text", [
    ("en", "Establish an independent monitoring and review mechanism for places of detention"),
    ("en", "Strengthen the protection and promotion of the rights of women and children"),
    ("en", "Continue to strengthen the independence of the judiciary"),
    ("fr", "Redoubler d'efforts pour lutter contre la traite"),
    ("es", "Seguir fortaleciendo la institución nacional de derechos humanos"),
])
def test_single_action_is_not_flagged(lang, text):
    report = analyse(text, lang)
    assert len(report.actions) == 1 and not report.multiple_actions


def test_specific_measurable_time_bound_recommendation_looks_smart():
    report = analyse("Ratify the Optional Protocol to the Convention against Torture by 2027")
    assert (report.action_category, report.specific, report.measurable) == (5, True, True)
    assert report.time_bound and report.deadline == "by 2027"
    assert report.hint_keys == ["looks_smart"]


# --------------------------------------------------------------------------- empty / no verb

@pytest.mark.parametrize("text", ["", "   \n ", "…;"])
def test_empty_text(text):
    report = analyse(text)
    assert report.action_category is None and not report.time_bound
    assert report.actions == () and report.hint_keys == ["empty"]


@pytest.mark.parametrize("lang, text", [
    ("en", "The situation of women in rural areas is worrying."),
    ("fr", "La situation des femmes rurales est préoccupante."),
    ("es", "La situación de las mujeres rurales es preocupante."),
])
def test_text_without_a_verb(lang, text):
    report = analyse(text, lang)
    assert report.action_category is None and report.leading_verb is None
    assert report.hint_keys[0] == "no_verb"


# --------------------------------------------------------------------------- hints

def test_hint_keys_for_a_weak_recommendation():
    report = analyse("Continue its efforts to combat racism as soon as possible")
    assert report.hint_keys == ["category_2", "vague_object", "vague_deadline"]
    assert report.hints[0].params == {"verb": "continue"}
    assert report.hints[1].params == {"phrase": "its efforts"}
    assert report.hints[2].params == {"phrase": "as soon as possible"}


@pytest.mark.parametrize("lang, text, phrase", [
    ("es", "Adoptar todas las medidas necesarias para proteger a los periodistas",
     "todas las medidas necesarias"),
    ("fr", "Redoubler d'efforts pour lutter contre la traite", "d'efforts"),
    ("en", "Adopt all necessary measures to protect journalists", "all necessary measures"),
])
def test_vague_object_of_the_leading_verb(lang, text, phrase):
    report = analyse(text, lang)
    assert report.action_category == 4 and not report.specific and not report.measurable
    assert {"key": "vague_object", "params": {"phrase": phrase}} in report.to_dict()["hints"]


def test_hint_phrases_keep_the_writers_accents():
    report = analyse("Ratifier sans délai la Convention", "fr")
    expected = {"key": "vague_deadline", "params": {"phrase": "sans délai"}}
    assert expected in report.to_dict()["hints"]


def test_general_action_without_object_is_not_measurable():
    report = analyse("Strengthen the independence of the judiciary within 12 months")
    assert report.time_bound and not report.measurable
    assert report.hint_keys == ["category_4", "not_measurable"]


def test_long_recommendation_gets_a_length_hint():
    text = "Adopt a law " + "on the protection of defenders " * 10 + "by 2027"
    hint = analyse(text).hints[-1]
    assert hint.key == "too_long" and hint.params["words"] > hint.params["limit"]


def test_every_emitted_key_is_known():
    for item in LABELLED:
        assert set(analyse(item["text"], item["lang"]).hint_keys) <= set(HINT_KEYS)


@pytest.mark.parametrize("lang", LANGS)
def test_hint_texts_complete_in_every_language(lang):
    texts = smart._load(lang).hints
    english = smart._load("en").hints
    assert set(texts) == set(HINT_KEYS)
    params = {"verb": "x", "phrase": "y", "count": 2, "actions": "a, b", "words": 60, "limit": 50}
    for key in HINT_KEYS:
        assert _placeholders(texts[key]) == _placeholders(english[key]), key
        assert hint_text(key, lang, **params).strip()


def test_report_text_renders_in_the_requested_language():
    report = analyse("Consider ratifying the Rome Statute")
    english, french, spanish = report.text(), report.text("fr"), report.text("es")
    assert len(english) == len(french) == len(spanish) == len(report.hints)
    assert english[0].startswith("“consider”") and "catégorie 3" in french[0]
    assert "categoría 3" in spanish[0]
    assert report.text("de") == english   # unknown display language: English


# --------------------------------------------------------------------------- API details

def test_language_codes():
    assert analyse("Ratifier la Convention", "fr-FR").lang == "fr"
    assert analyse("Ratificar la Convención", "ES").action_category == 5
    with pytest.raises(ValueError):
        analyse("Ratify", "de")


def test_data_is_loaded_once():
    assert smart._load("en") is smart._load("en")


def test_to_dict_is_json_ready():
    data = analyse("Ratify ILO Convention No. 189 and establish a labour inspectorate").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["multiple_actions"] is True and data["action_category"] == 5
