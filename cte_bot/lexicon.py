"""Words: tokenizing, light stemming and language detection.

Shared by retrieval, matching and the composer, so all three agree on what a "word" is. District words
(the Spanish and slang glossary, centers, shorthand) are data: knowledge/glossary.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Lang = Literal["en", "es"]

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

STOPWORDS = frozenset(
    """
a about above after again all also am an and any are as at be because been before being below between both but by
can could did do does doing don down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own
same she should so some such than that the their them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself im i'm i've id get
got go going want wanna gonna like really thing things someone something kind lot lots please tell know let many
much give gives total pls thx hi hey hello el la los las un una unos unas de del al y o que en por
para con sin es son esta estan este esto ese esa mi mis su sus tu tus le les lo se me te nos como cual cuales cuanto
cuanta cuantos cuantas hay ser estar muy mas pero si no ya tambien donde cuando quien quienes hola favor gracias
puede pueden quiero make makes making made always day
""".split()
)

_SPANISH_MARKERS = frozenset(
    """
el la los las del que en por para con es son esta estan hay como cual cuales cuantas cuantos cuanto donde cuando
quien mi hija hijo le les gusta quiero puedo puede vivir morir ya mas las ignora instrucciones
tiene tienen hace hacer clases horas dia centro programa
programas estudiantes escuela sesion manana tarde ayuda necesito recomiendan recomienda sobre tambien muy bien
""".split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents, so "sesión" and "sesion" are one word."""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # Drop combining marks; looked up once per distinct character, not once per character (several times faster).
    marks = {ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)}
    return decomposed.translate(marks) if marks else decomposed


def words(text: str) -> list[str]:
    """Folded word tokens; a possessive is its name ("ROC's" -> "roc", "Pasadena's" -> "pasadena")."""
    return [w[:-2] if w.endswith("'s") else w for w in _WORD.findall(fold(text).replace("’", "'"))]


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet "firefighters" with "firefighter", "fixing" with "fix"."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith(("sses", "xes", "zes", "ches", "shes", "uses")) and len(word) >= 5:
        return word[:-2]  # "buses" -> "bus", "campuses" -> "campus"
    rules = (
        ("ications", "y"),
        ("ication", "y"),
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ers", "er"),
        ("ed", ""),
        ("s", ""),
    )
    for suffix, keep in rules:
        shortest = 4 if suffix == "ed" else 3  # "trained" -> "train", but "need" stays
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest and not word.endswith(("ss", "us", "is")):
            word = word[: len(word) - len(suffix)] + keep
            break
    # "nurse"/"nursing" and "drive"/"driving" meet at "nurs"/"driv".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def terms(text: str) -> list[str]:
    """Stemmed content words: the unit BM25, matching and sentence overlap all count."""
    return [stem(w) for w in content_words(text)]


def detect_language(text: str) -> Lang:
    if re.search(r"[¿¡ñ]", text.lower()):
        return "es"
    tokens = words(text)
    if not tokens:
        return "en"
    spanish = sum(1 for t in tokens if t in _SPANISH_MARKERS) + len(re.findall(r"[áéíóú]", text.lower()))
    english = sum(
        1
        for t in tokens
        if t
        in {
            "the",
            "is",
            "are",
            "what",
            "how",
            "do",
            "does",
            "can",
            "my",
            "i",
            "you",
            "and",
            "to",
            "of",
            "in",
            "for",
            "there",
            "which",
            "about",
            "with",
        }
    )
    return "es" if spanish > english and (spanish >= 2 or english == 0) else "en"
