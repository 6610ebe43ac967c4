"""Words: tokenizing, light stemming, language detection and the Spanish/slang glossary.

Shared by retrieval (query expansion), matching (interest keywords) and the composer (sentence
overlap), so all three agree on what a "word" is.
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
much give gives total wat dose u ur r pls thx hi hey hello el la los las un una unos unas de del al y o que en por
para con sin es son esta estan este esto ese esa mi mis su sus tu tus le les lo se me te nos como cual cuales cuanto
cuanta cuantos cuantas hay ser estar muy mas pero si no ya tambien donde cuando quien quienes hola favor gracias
puede pueden quiero make makes making made someday always day
""".split()
)

# Spanish (accents stripped) and teen slang -> English corpus words; applied as extra query terms.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "horas": ("hours",),
    "hora": ("hours", "time"),
    "dia": ("day",),
    "dias": ("days",),
    "centro": ("center",),
    "estudiantes": ("students",),
    "estudiante": ("student",),
    "hijo": ("son", "student"),
    "hija": ("daughter", "student"),
    "cocinar": ("cooking", "culinary"),
    "cocina": ("cooking", "culinary", "kitchen"),
    "hornear": ("baking",),
    "reposteria": ("baking", "pastry"),
    "animales": ("animals", "veterinary"),
    "mascotas": ("pets", "veterinary"),
    "carros": ("cars", "automotive"),
    "coches": ("cars", "automotive"),
    "autos": ("cars", "automotive"),
    "mecanica": ("mechanics",),
    "soldadura": ("welding",),
    "enfermera": ("nurse", "nursing"),
    "enfermeria": ("nursing",),
    "bomberos": ("firefighters", "fire"),
    "bombero": ("firefighter", "fire"),
    "policia": ("police", "law", "enforcement"),
    "dibujar": ("drawing", "animation"),
    "videojuegos": ("video", "games"),
    "juegos": ("games",),
    "computadoras": ("computers",),
    "robots": ("robotics",),
    "construccion": ("construction",),
    "belleza": ("cosmetology", "beauty"),
    "cabello": ("hair", "cosmetology"),
    "ninos": ("children", "kids"),
    "maestro": ("teacher",),
    "maestra": ("teacher",),
    "ensenar": ("teaching", "education"),
    "dinero": ("money",),
    "negocio": ("business",),
    "negocios": ("business",),
    "salud": ("health",),
    "medico": ("medical",),
    "dentista": ("dental",),
    "farmacia": ("pharmacy",),
    "drones": ("drone",),
    "aviones": ("aviation", "airplanes"),
    "moda": ("fashion",),
    "ropa": ("clothes", "fashion"),
    "deportes": ("sports",),
    "manana": ("morning",),
    "tarde": ("afternoon",),
    "sesion": ("session",),
    "sesiones": ("sessions",),
    "clases": ("classes",),
    "clase": ("class",),
    "programa": ("program",),
    "programas": ("programs",),
    "credito": ("credit",),
    "creditos": ("credits",),
    "universidad": ("college",),
    "colegio": ("college",),
    "practicas": ("internships",),
    "pasantias": ("internships",),
    "pasantia": ("internship",),
    "certificados": ("certifications",),
    "certificacion": ("certification",),
    "inscribir": ("apply", "enroll"),
    "inscribirse": ("apply", "enroll"),
    "solicitar": ("apply",),
    "solicitud": ("application",),
    "transporte": ("transportation", "bus"),
    "autobus": ("bus",),
    "camion": ("bus",),
    "costo": ("cost", "fees"),
    "cuesta": ("cost", "fees"),
    "gratis": ("free",),
    "grado": ("grade",),
    "grados": ("grades",),
    "graduan": ("graduate",),
    "graduacion": ("graduation",),
    "trabajo": ("job", "work"),
    "carrera": ("career",),
    "carreras": ("careers",),
    "cocinero": ("cook", "chef"),
    "chef": ("chef", "culinary"),
    "veterinario": ("veterinary",),
    # slang and shorthand
    "whips": ("cars",),
    "rides": ("cars",),
    "gaming": ("games", "video"),
    "vids": ("video",),
    "cooking": ("culinary",),
    "baking": ("culinary",),
    "nails": ("cosmetology",),
    "makeup": ("cosmetology",),
    "hair": ("cosmetology",),
    "coding": ("programming", "computer"),
    "code": ("programming", "computer"),
    "cops": ("police", "law"),
    "cop": ("police", "law"),
    "vet": ("veterinary",),
    "doctor": ("medical", "health"),
    "hospital": ("health", "medical"),
    "dogs": ("animals", "veterinary"),
    "cats": ("animals", "veterinary"),
    # What a question asks for -> the words the matching section uses.
    "lead": ("careers",),
    "jobs": ("careers",),
    "job": ("careers",),
    "where": ("located", "center"),
    "teaches": ("taught", "instructor"),
    "teach": ("taught", "instructor"),
    "visit": ("tours",),
    "paperwork": ("prerequisites", "requirements"),
    "requirements": ("prerequisites",),
    "transportation": ("bus", "buses"),
    "ride": ("bus", "drive"),
    "uc": ("a-g",),
    "donde": ("located", "center"),
    "queda": ("located",),
    "visitar": ("tours", "visit"),
    "requisitos": ("prerequisites", "requirements"),
    "practicantes": ("internship",),
    "fisica": ("pe",),
    "cosmo": ("cosmetology",),
    "free": ("cost", "tuition"),
    "pay": ("cost",),
    "charge": ("cost",),
    "licensing": ("license", "state", "board", "exam"),
}

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
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Texting shorthand, expanded before anything else reads the words.
SHORTHAND = {
    "u": "you",
    "ur": "your",
    "w": "with",
    "n": "and",
    "bout": "about",
    "abt": "about",
    "pls": "please",
    "plz": "please",
    "tho": "though",
    "cuz": "because",
    "wanna": "want",
    "gotta": "have",
}


def words(text: str) -> list[str]:
    return [SHORTHAND.get(w, w) for w in _WORD.findall(fold(text).replace("w/", "with "))]


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet "firefighters" with "firefighter", "fixing" with "fix"."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
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


def expand(text: str) -> list[str]:
    """Content words plus glossary translations (Spanish, slang) of each."""
    out: list[str] = []
    for word in content_words(text):
        out.append(word)
        out.extend(GLOSSARY.get(word, ()))
    return out


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


# Words that make a question about CTE even when no document matches it well (then: no_answer, not off_topic).
DOMAIN = frozenset(
    stem(w)
    for w in """
program programs class classes course courses school schools center roc ctec career careers job jobs college credit
credits unit units session sessions schedule hours apply application enroll enrollment intern internship internships
certification certifications certified certificate teacher teachers instructor student students pathway pathways
counselor district khsd kern bakersfield pasadena pusd pcc partner partners cte training trade trades apprenticeship
graduate graduation senior seniors junior juniors freshman sophomore grade grades bus transportation cost tuition
fee lab shop room campus tour tours morning afternoon evening summer semester waitlist dual articulation programa
programas clase clases escuela centro carrera carreras trabajo universidad credito creditos sesion horario maestro
maestra estudiante estudiantes consejero inscribir solicitud costo
""".split()
)
