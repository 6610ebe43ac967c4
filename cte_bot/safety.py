"""What must never reach retrieval: crisis, abuse, harmful requests, prompt injection, advice, unreadable input.

Two layers. The learned message model (classifier.py, trained on knowledge/messages/) reads any wording; a
short list of unmistakable phrases backs it up, so the most explicit crisis and injection messages never
depend on a probability. Crisis outranks everything. Also: PII scrubbing, for any deployment that logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cte_bot.answer import Status
from cte_bot.classifier import QUESTION
from cte_bot.config import MAX_QUESTION_CHARS
from cte_bot.lexicon import Lang, fold
from cte_bot.replies import for_audience, say
from cte_bot.understanding import Understanding


@dataclass(frozen=True)
class Verdict:
    status: Status
    reply: str
    reason: str


@dataclass(frozen=True)
class Policy:
    """How sure the message model must be before a message is treated as each kind.

    Calibrated by bench/calibrate.py on out-of-fold predictions of the training messages (never on the held-out
    eval/messages.jsonl): crisis and abuse are set for recall, accepting that about one ordinary question in a
    hundred gets the crisis reply; the refusals are set where the ordinary questions caught level off.
    """

    crisis: float = 0.25
    abuse: float = 0.3
    harmful: float = 0.4
    injection: float = 0.4
    advice: float = 0.5
    junk: float = 0.5
    off_topic: float = 0.4
    smalltalk: float = 0.4
    framed_lean: float = 0.3  # a message at least this likely harmful (or injection, or advice), and read
    unframed_sure: float = 0.55  # without the programs it names most likely that kind, this likely: declined
    framed_hint: float = 0.1  # ...and so is a message only hinting at that kind which read without its names is
    unframed_certain: float = 0.8  # that kind at least this likely ("the home addresses of the ROC teachers? I
    # want to show up at one of their houses": harmful 0.19 as a whole, 0.86 without "ROC")
    clause_crisis: float = 0.8  # one clause of a longer message is crisis or abuse at least this likely
    unsafe: float = 0.6  # crisis + abuse + harm together at least this likely...
    unsafe_question: float = 0.25  # ...and a question at most this likely: refused
    no_question: float = 0.15  # a question at most this likely: the likeliest other kind's reply, however unsure


POLICY = Policy()


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Unmistakable phrases only: each names self-harm, abuse or an instruction override outright. Anything
# subtler is the message model's job (knowledge/messages/).
SELF_HARM = _rx(
    r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting) (my ?self|myself)\b",
    # ...but not the car door, the baseball play or the sprint ("suicide doors" is a question for auto tech, "run
    # suicides" one for fire tech's PT): the message model reads those
    r"(?<!\brun )(?<!\bran )\bsuicid(?!es?\s+(doors?|squeeze|sprints?|drills?|runs?|lines?)\b)",
    r"\bend (it all|my life)\b",
    r"\b(wants?|wanna|going|gonna) to die\b",
    r"\bdon'?t want to (be alive|live|exist)\b",
    # passive ideation: "i won't be around by summer anyway", "just not wake up", "better off without me"
    r"\b(won'?t|will not|not gonna|wont) be (here|around|alive)\b.{0,40}\b(anyway|anymore|much longer)\b",
    r"\b(just )?(not|never) wake up\b",
    r"\bbetter off without me\b",
    r"\bself[- ]harm",
    r"\bno quiero (vivir|seguir viviendo|estar viva|estar vivo)\b",
    r"\bquiero morir(me)?\b",
    r"\bmatarme\b|\bme (voy a|quiero) matar\b",
    r"\bquitarme la vida\b",
    # someone else, told by a parent or a friend: "mi hija dice que quiere matarse"
    r"\b(quiere|quieren|piensa|pensando en) (matarse|suicidarse|quitarse la vida|morirse)\b",
    r"\bva a (matarse|suicidarse|quitarse la vida)\b",
    r"\bse quiere (matar|suicidar|morir)\b|\bse va a (matar|suicidar)\b",
    r"\bcortarme\b",
)
ABUSE = _rx(
    r"\b(he|she|they|someone|my \w+) (hits|beats|touches|rapes|molests) me\b",
    r"\bi('m| am) (being )?(abused|molested|raped)\b",
    r"\bme (pega|golpea|maltrata|abusa|viola)\b",
    r"\babus(a|an|o|aron) de mi\b",
)
INJECTION = _rx(
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|your|the system)\b.{0,20}"
    r"\b(instructions|rules|prompts?|guidelines|directions)\b",
    r"\b(system|developer|hidden|secret|initial|original) (prompt|instructions)\b",
    r"\b(jailbreak|dan mode|developer mode)\b",
    r"<\|?(system|im_start)\|?>",
    r"</?\s*(context|system|instructions?|prompt)\s*>",
    r"(^|\n)\s*(system|assistant)\s*:|>\s*(system|assistant)\s*:",
    r"\b(ignora|olvida)\b.{0,30}\b(instrucciones|reglas)\b",
    r"\binstrucciones (secretas|del sistema)\b",
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _pattern(text: str) -> str | None:
    folded = fold(text)
    if SELF_HARM.search(folded):
        return "crisis"
    if ABUSE.search(folded):
        return "abuse"
    if INJECTION.search(folded):
        return "injection"
    return None


def screen(message: Understanding, policy: Policy = POLICY) -> Verdict | None:
    """A verdict that stops the message before retrieval, or None for a question to look up."""
    lang, audience, p = message.lang, message.audience, message.message
    text = message.text.strip()
    if not text:
        return Verdict("refused", say("empty", lang), "empty")
    if len(text) > MAX_QUESTION_CHARS:
        return Verdict("refused", say("too_long", lang), "too_long")
    rule = _pattern(text)
    crisis, abuse, harmful = p.get("crisis", 0.0), p.get("abuse", 0.0), p.get("harmful", 0.0)
    # Crisis outranks everything: a harmful request that may also be a cry for help gets 988.
    if rule in ("crisis", "abuse") or crisis >= policy.crisis or abuse >= policy.abuse:
        kind = rule or ("crisis" if crisis >= abuse else "abuse")
        return Verdict("crisis", say(for_audience(kind, audience), lang), kind)
    # A clause is read alone too: "My son left a goodbye letter. He's in welding, what do I do?"
    worst = max(message.clauses, key=lambda c: c.get("crisis", 0.0) + c.get("abuse", 0.0), default={})
    if worst.get("crisis", 0.0) + worst.get("abuse", 0.0) >= policy.clause_crisis:
        kind = "crisis" if worst.get("crisis", 0.0) >= worst.get("abuse", 0.0) else "abuse"
        return Verdict("crisis", say(for_audience(kind, audience), lang), kind)
    kind = message.kind
    # No letters at all, or no word anyone knows, unless the model recognizes it ("bye", "thx").
    if not _LETTERS.search(text) or (not message.readable and kind in (QUESTION, "junk")):
        return _declined("junk", lang)
    if rule == "injection":
        return _declined("injection", lang)
    if kind == "harmful" and p[kind] >= policy.harmful:
        return _declined("harmful", lang)
    # ...and a program's name does not make a request a question: a message already leaning harmful (or towards
    # injection or advice) that is most likely that kind when read without the programs and centers it names is
    # declined as that kind
    unframed = message.unframed
    leaning = max(unframed, key=unframed.__getitem__) if unframed else None
    if leaning in _UNFRAMED_KINDS and (
        (p.get(leaning, 0.0) >= policy.framed_lean and unframed[leaning] >= policy.unframed_sure)
        or (p.get(leaning, 0.0) >= policy.framed_hint and unframed[leaning] >= policy.unframed_certain)
    ):
        return _declined(leaning, lang)
    if p.get(QUESTION, 0.0) < policy.unsafe_question and crisis + abuse + harmful >= policy.unsafe:
        # no single kind is sure, but together they are: "best knife for stabbing this kid" is no question
        return _declined("harmful", lang)
    # a program's or center's name keeps a message in scope ("welding essay" is not declined as off-topic)
    named = bool(message.documents or message.centers)
    declinable = {k for k, status in _DECLINED.items() if not (named and status == "off_topic")}
    sure = {
        "injection": policy.injection,
        "advice": policy.advice,
        "junk": policy.junk,
        "smalltalk": policy.smalltalk,
        "off_topic": policy.off_topic,
    }
    if kind in sure and kind in declinable and p[kind] >= sure[kind]:
        return _declined(kind, lang)
    # No kind is sure, but the message is surely no question ("Robert'); UPDATE waitlist SET position=1; --"):
    # the likeliest of the kinds it may be answers (crisis and abuse have their own, lower, bars above)
    if p.get(QUESTION, 0.0) < policy.no_question:
        likeliest = max((k for k in p if k in _DECLINED), key=p.__getitem__, default=None)
        if likeliest in declinable:
            return _declined(likeliest, lang)
    return None


# The kinds a message's names can disguise as a question about a program.
_UNFRAMED_KINDS = ("harmful", "injection", "advice")

# What each kind of message that is no question gets: status and reply.
_DECLINED: dict[str, Status] = {
    "harmful": "refused",
    "injection": "refused",
    "advice": "refused",
    "junk": "refused",
    "smalltalk": "off_topic",
    "off_topic": "off_topic",
}


def _declined(kind: str, lang: Lang) -> Verdict:
    return Verdict(_DECLINED[kind], say(kind, lang), kind)


_PII = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "[email]"),
    (re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b"), "[phone]"),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[ssn]"),
    (re.compile(r"\b[A-Za-z]{1,3}-?\d{5,}\b"), "[number]"),  # a student ID with a letter prefix: S9081726
    (re.compile(r"\b\d{5,}\b"), "[number]"),
    (
        re.compile(r"\b\d+\s+\w+(\s\w+)?\s(street|st|avenue|ave|road|rd|drive|dr|lane|ln|blvd)\b", re.IGNORECASE),
        "[address]",
    ),
    (re.compile(r"\b((?i:my name is|i am|i'm|me llamo|mi nombre es))\s+[A-Z][a-z]+(\s[A-Z][a-z]+)?"), r"\1 [name]"),
]


def scrub(text: str) -> str:
    """Remove what could identify a student before anything is stored."""
    for pattern, replacement in _PII:
        text = pattern.sub(replacement, text)
    return text
