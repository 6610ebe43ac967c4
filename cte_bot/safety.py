"""What must never reach retrieval: crisis, abuse, prompt injection, junk input; and PII scrubbing for logs.

Rules are plain regular expressions over accent-folded text, in English and Spanish, tested table-driven.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cte_bot.config import MAX_QUESTION_CHARS
from cte_bot.lexicon import Lang, fold

Status = Literal["answered", "no_answer", "off_topic", "crisis", "refused"]


@dataclass(frozen=True)
class Verdict:
    status: Status
    reply: str
    reason: str


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


SELF_HARM = _rx(
    r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting) (my ?self|myself)\b",
    r"\bsuicid",
    r"\bend (my|it all|my life)\b",
    r"\b(want|wanna|going) to die\b",
    r"\bdon'?t want to (be alive|live|exist|be here)\b",
    r"\bno reason to live\b",
    r"\bbetter off dead\b",
    r"\bnot (want|wanna) to live\b",
    r"\bself[- ]harm",
    r"\bno quiero (vivir|seguir viviendo|estar viva|estar vivo)\b",
    r"\bquiero morir(me)?\b",
    r"\bmatarme\b",
    r"\bquitarme la vida\b",
    r"\b(hacerme|me hago) dano\b",
    r"\bcortarme\b",
    r"\bbetter off without me\b",
    r"\b(won'?t|will not|wont) be (around|here|alive)\b",
    r"\b(never|not|don'?t want to) wake up\b",
    r"\b(pills|overdose|od)\b.{0,40}\b(take|die|dead|end|wake|enough)\b",
    r"\bi (cut|hurt|burned) (myself )?again\b",
    r"\b(no one|nobody) would (care|miss me|notice)\b",
    r"\bno (vale la pena|quiero) seguir\b",
    r"\bmejor sin mi\b",
)
ABUSE = _rx(
    r"\b(abus(e|es|ed|ing)|molest\w*|rap(e|ed))\b.{0,20}\b(me|my)\b",
    r"\b(he|she|they|someone|my \w+) (hits|beats|touches|hurts) me\b",
    r"\bi('m| am) (being )?(abused|hurt at home|unsafe at home|not safe at home)\b",
    r"\bafraid to go home\b",
    r"\bme (pega|golpea|lastima|toca|maltrata|abusa)\b",
    r"\babus(a|an|o|aron) de mi\b",
    r"\bno estoy a salvo\b",
    r"\b(keeps?|kept|always) touching me\b",
    r"\btold me not to tell\b",
    r"\b(touch|touched|touches) me (inappropriately|where|when)\b",
    r"\bme dijo que no le dijera\b",
)
INJECTION = _rx(
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(instructions|rules|prompts?|guidelines|directions)\b",
    r"\b(system|developer|hidden) (prompt|message|instructions)\b",
    r"\b(reveal|print|show|repeat)\b.{0,20}\b(prompt|instructions)\b",
    r"\byou are now\b",
    r"\b(jailbreak|dan mode|developer mode)\b",
    r"\bpretend (you are|to be)\b",
    r"\bact as (an?|my)\b",
    r"\b(ignora|olvida)\b.{0,30}\binstrucciones\b",
    r"<\|?(system|im_start)\|?>",
    r"\bBEGIN (SYSTEM|PROMPT)\b",
    r"\brepeat (everything|all|the text|the words)\b.{0,20}\b(above|before|earlier)\b",
    r"\bverbatim\b",
    r"\b(admin|administrator|developer|debug|god)\s+(override|mode|access|command)\b",
    r"\b(safety|content) (filters?|rules?) (are |is )?(disabled|off|removed)\b",
    r"</?\s*(context|system|instructions?|prompt)\s*>",
    r"(^|\n)\s*(system|assistant)\s*:|>\s*(system|assistant)\s*:",
    r"\bapi[- ]?keys?\b",
    r"\b(hidden|secret) (rules|instructions|configuration|config)\b",
    r"\bnew instructions? from\b",
    r"\byou (must|will) now\b",
    r"\b(olvida|ignora) (tus|las|todas las) (reglas|instrucciones)\b",
    r"\binstrucciones secretas\b",
    r"\bahora eres\b",
)
OFF_TOPIC = _rx(
    r"\bcapital (city )?(of|de)\b",
    # arithmetic, not "2026-27" or "7:30-10:30": an operator other than a bare hyphen, or a spaced minus
    r"\b\d*[a-z]?\s*[+*^=]\s*\(?\d|\b\d+\s+[-/]\s+\d+|\b[a-z]\^\d",
    r"\b(derivative|integral|algebra|calculus|equation|polynomial)\b",
    r"^\s*(please |can you |could you |pls )?write\b.{0,40}"
    r"\b(essay|poem|story|song|paragraph|report|function|script|code)\b",
    r"\b(linked list|python|javascript|sql)\b.{0,30}\b(function|bug|error)\b",
    r"\b(score|scores) of the\b",
    r"\bhow do you say\b",
    r"\brecommend (me )?(a|an|some)\b.{0,20}\b(movie|movies|film|show|book|song|album|restaurant)\b",
    r"\bsolve\b.{0,20}(equation|for [a-z]\b|\d)",
    r"\b(weather|forecast)\b",
    r"\btell me a joke\b",
    r"\b(who won|super bowl|world cup|nba|nfl)\b",
    r"\b(president|prime minister) of\b",
    r"\bmeaning of life\b",
    r"\b(bitcoin|stock price|crypto)\b",
    r"\btranslate\b",
    r"\bmy homework\b",
    r"\bhomework (help|answers?)\b",
)

CRISIS_REPLY: dict[Lang, str] = {
    "en": (
        "I'm really sorry you're going through this, and I'm glad you said something. "
        "You deserve support right now.\n\n"
        "- **Call or text 988** (the 988 Suicide & Crisis Lifeline) any time, day or night, "
        "or chat at 988lifeline.org.\n"
        "- If you are in immediate danger, **call 911**.\n"
        "- Please tell a trusted adult today: a parent, a teacher, or your school counselor.\n\n"
        "I'm a career-program assistant, so I can't help with this myself, but the people at 988 can."
    ),
    "es": (
        "Siento mucho que estés pasando por esto, y me alegra que lo hayas dicho. Mereces apoyo ahora mismo.\n\n"
        "- **Llama o envía un mensaje de texto al 988** (988 Suicide & Crisis Lifeline), a cualquier hora. "
        'Para español, marca 988 y oprime 2, o envía "AYUDA" al 988.\n'
        "- Si estás en peligro inmediato, **llama al 911**.\n"
        "- Por favor, habla hoy con un adulto de confianza: tu mamá o papá, un maestro o tu consejero escolar.\n\n"
        "Soy un asistente de programas de carreras y no puedo ayudarte con esto, pero las personas del 988 sí pueden."
    ),
}
ABUSE_REPLY: dict[Lang, str] = {
    "en": (
        "I'm sorry this is happening. It is not your fault, and you deserve to be safe.\n\n"
        "- If you are in danger right now, **call 911**.\n"
        "- Tell a trusted adult or your school counselor today; they can get you help.\n"
        "- You can also **call or text 988** (the 988 Suicide & Crisis Lifeline) any time to talk to someone."
    ),
    "es": (
        "Siento que esto te esté pasando. No es tu culpa y mereces estar a salvo.\n\n"
        "- Si estás en peligro ahora, **llama al 911**.\n"
        "- Habla hoy con un adulto de confianza o con tu consejero escolar; ellos pueden ayudarte.\n"
        "- También puedes **llamar o enviar un texto al 988** (oprime 2 para español) para hablar con alguien."
    ),
}
REFUSALS: dict[str, dict[Lang, str]] = {
    "empty": {
        "en": 'Please type a question about the career programs, for example "What programs are there?"',
        "es": 'Escribe una pregunta sobre los programas, por ejemplo "¿Qué programas hay?"',
    },
    "too_long": {
        "en": f"That message is too long. Please ask in fewer than {MAX_QUESTION_CHARS:,} characters.",
        "es": f"El mensaje es demasiado largo. Pregunta en menos de {MAX_QUESTION_CHARS:,} caracteres.",
    },
    "injection": {
        "en": "I can't change my instructions. I can answer questions about the career programs.",
        "es": "No puedo cambiar mis instrucciones. Puedo responder preguntas sobre los programas.",
    },
}
OFF_TOPIC_REPLY: dict[Lang, str] = {
    "en": (
        "I can only help with the career technical education programs: what they teach, schedules, college credit, "
        'internships and how to apply. Try asking "Which program fits someone who likes building things?"'
    ),
    "es": (
        "Solo puedo ayudar con los programas de educación técnica: qué enseñan, horarios, créditos universitarios, "
        'prácticas y cómo inscribirse. Prueba: "¿Qué programa es bueno para alguien a quien le gusta construir?"'
    ),
}


def check(question: str, lang: Lang) -> Verdict | None:
    """A verdict that stops the question before retrieval, or None to go on."""
    text = question.strip()
    if not text:
        return Verdict("refused", REFUSALS["empty"][lang], "empty")
    if len(text) > MAX_QUESTION_CHARS:
        return Verdict("refused", REFUSALS["too_long"][lang], "too_long")
    folded = fold(text).replace("’", "'")
    if SELF_HARM.search(folded):
        return Verdict("crisis", CRISIS_REPLY[lang], "self_harm")
    if ABUSE.search(folded):
        return Verdict("crisis", ABUSE_REPLY[lang], "abuse")
    if INJECTION.search(folded):
        return Verdict("refused", REFUSALS["injection"][lang], "injection")
    if OFF_TOPIC.search(folded):
        return Verdict("off_topic", OFF_TOPIC_REPLY[lang], "off_topic_pattern")
    return None


_PII = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "[email]"),
    (re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b"), "[phone]"),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[ssn]"),
    (re.compile(r"\b\d{5,}\b"), "[number]"),
    (
        re.compile(r"\b\d+\s+\w+(\s\w+)?\s(street|st|avenue|ave|road|rd|drive|dr|lane|ln|blvd)\b", re.IGNORECASE),
        "[address]",
    ),
    (re.compile(r"\b((?i:my name is|i am|i'm|me llamo|mi nombre es))\s+[A-Z][a-z]+(\s[A-Z][a-z]+)?"), r"\1 [name]"),
]


def scrub(text: str) -> str:
    """Remove what could identify a student before anything is logged."""
    for pattern, replacement in _PII:
        text = pattern.sub(replacement, text)
    return text
