"""A quiz.toml with one question of every type, in English, French and Spanish (10 points in all)."""
from __future__ import annotations

ALL = ["correctness", "marks", "feedback", "answers"]

SETTINGS = """slug = "{slug}"
pass_mark = {pass_mark}
attempts = {attempts}
grading = "{grading}"
shuffle_questions = {shuffle}
shuffle_options = {shuffle}
time_limit_minutes = {time_limit}
[title]
en = "Quiz {slug} EN"
fr = "Quiz {slug} FR"
es = "Quiz {slug} ES"
[review]
immediately = {immediately}
later = {later}
after_close = {after_close}
[[band]]
min = 0
[band.feedback]
en = "Re-read the lessons."
fr = "Relisez les leçons."
es = "Relea las lecciones."
[[band]]
min = 70
[band.feedback]
en = "Well done, you know the system."
fr = "Bravo, vous connaissez le système."
es = "Muy bien, conoce el sistema."
"""

EVERY_TYPE = """
[[question]]
id = "members"
type = "single"
[question.text]
en = "How many member States sit on the Council?"
fr = "Combien d'États membres siègent au Conseil ?"
es = "¿Cuántos Estados miembros tiene el Consejo?"
[question.feedback]
en = "47 States (lesson: Welcome)."
fr = "47 États (leçon : Bienvenue)."
es = "47 Estados (lección: Bienvenida)."
[[question.option]]
id = "a"
correct = true
[question.option.text]
en = "Forty-seven"
fr = "Quarante-sept"
es = "Cuarenta y siete"
[question.option.feedback]
en = "Right: the General Assembly elects 47."
[[question.option]]
id = "b"
[question.option.text]
en = "One hundred ninety-three"
fr = "Cent quatre-vingt-treize"
es = "Ciento noventa y tres"
[question.option.feedback]
en = "No: 193 is the General Assembly."

[[question]]
id = "charter"
type = "multiple"
points = 2
[question.text]
en = "Which are Charter-based?"
fr = "Lesquels sont fondés sur la Charte ?"
es = "¿Cuáles están basados en la Carta?"
[question.feedback]
en = "The Council and the UPR (lesson: Basics)."
fr = "Le Conseil et l'EPU."
es = "El Consejo y el EPU."
[[question.option]]
id = "hrc"
correct = true
[question.option.text]
en = "Human Rights Council"
[[question.option]]
id = "upr"
correct = true
[question.option.text]
en = "Universal Periodic Review"
[[question.option]]
id = "crc"
[question.option.text]
en = "Committee on the Rights of the Child"
[[question.option]]
id = "cat"
[question.option.text]
en = "Committee against Torture"

[[question]]
id = "ngo"
type = "truefalse"
answer = true
[question.text]
en = "NGOs may speak at Council sessions."
fr = "Les ONG peuvent parler aux sessions du Conseil."
es = "Las ONG pueden hablar en las sesiones del Consejo."
[question.feedback]
en = "With ECOSOC status (lesson: Welcome)."

[[question]]
id = "mandates"
type = "numeric"
answer = 46
tolerance = 1
[question.text]
en = "How many thematic mandates are there?"
fr = "Combien de mandats thématiques ?"
es = "¿Cuántos mandatos temáticos hay?"
[question.feedback]
en = "46 as of 2025 (lesson: Basics)."

[[question]]
id = "upr-name"
type = "text"
[question.text]
en = "Name the peer review of every State."
fr = "Nommez l'examen par les pairs de chaque État."
es = "Nombre el examen entre pares de cada Estado."
[question.accepted]
en = ["Universal Periodic Review", "UPR"]
fr = ["Examen périodique universel", "EPU"]
es = ["Examen Periódico Universal", "EPU"]
[question.feedback]
en = "The UPR (lesson: Basics)."

[[question]]
id = "treaties"
type = "matching"
points = 2
[question.text]
en = "Match each treaty with its committee."
fr = "Associez chaque traité à son comité."
es = "Relacione cada tratado con su comité."
[question.feedback]
en = "Each treaty has its committee (lesson: Basics)."
[[question.pair]]
id = "ccpr"
[question.pair.left]
en = "ICCPR"
[question.pair.right]
en = "Human Rights Committee"
[[question.pair]]
id = "torture"
[question.pair.left]
en = "Convention against Torture"
[question.pair.right]
en = "Committee against Torture"
[[question.pair]]
id = "child"
[question.pair.left]
en = "Convention on the Rights of the Child"
[question.pair.right]
en = "Committee on the Rights of the Child"

[[question]]
id = "steps"
type = "ordering"
points = 2
[question.text]
en = "Put the steps of a UPR review in order."
fr = "Remettez les étapes de l'EPU dans l'ordre."
es = "Ordene las etapas del EPU."
[question.feedback]
en = "Submissions come first (lesson: Basics)."
[[question.item]]
id = "submission"
[question.item.text]
en = "Submissions to OHCHR"
[[question.item]]
id = "pre-session"
[question.item.text]
en = "Pre-session briefings"
[[question.item]]
id = "dialogue"
[question.item.text]
en = "Interactive dialogue"
"""

ONE_QUESTION = """
[[question]]
id = "council-only"
type = "truefalse"
answer = false
[question.text]
en = "The Council sits in New York."
[question.feedback]
en = "It sits in Geneva."
"""


def quiz_toml(slug: str = "intro-quiz", questions: str = EVERY_TYPE, attempts: int = 3,
              grading: str = "highest", shuffle: bool = True, time_limit: int = 0, pass_mark: int = 70,
              immediately=ALL, later=("correctness",), after_close=ALL) -> str:
    """The text of a quiz.toml with these settings."""
    def toml_list(items):
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"

    return SETTINGS.format(slug=slug, pass_mark=pass_mark, attempts=attempts, grading=grading,
                           shuffle=str(shuffle).lower(), time_limit=time_limit,
                           immediately=toml_list(immediately), later=toml_list(later),
                           after_close=toml_list(after_close)) + questions
