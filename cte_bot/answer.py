"""Grounded answers composed only from retrieved text, always with their sources.

The composer quotes whole sentences from the best-matching sections: the direct answer first, then at
most a couple of supporting facts from other documents. It never writes a fact of its own; the only
words it adds are the frame ("You could also look at ...") in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cte_bot import lexicon
from cte_bot.conversation import mentioned_documents
from cte_bot.lexicon import Lang
from cte_bot.matching import ProgramMatch
from cte_bot.retrieval import Corpus, Hit
from cte_bot.safety import Status
from cte_bot.store import StoredChunk

MAX_LEAD_SENTENCES = 3
MAX_SUPPORT = 2
# Split after . ! ? unless the period ends an initial or an abbreviation ("501 S. Mt. Vernon Ave").
_SENTENCE = re.compile(
    r"(?<=[.!?])(?<!\s[A-Z]\.)(?<!\b(?:Mt|St|Rd|Dr|Mr|Ms|No|Jr|Sr|vs)\.)(?<!\b(?:Ave|Mrs|etc|Inc)\.)(?<!Sept\.)(?<!Asst\.)"
    r"\s+(?=[A-Z¿¡\"(0-9])"
)
_NOT_QUOTABLE = {"Profile", "Who it fits"}
# Who or what a section is about, beyond its words: a question about one must not get another's answer.
_FACETS = {
    "roc": "roc",
    "ctec": "ctec",
    "early college": "early college",
    "evening": "evening",
    "adult": "adults",
    "adults": "adults",
    "pasadena": "pasadena",
    "pcc": "pasadena",
}
_NARROW = {"early college", "evening", "adults", "pasadena"}


def facets(text: str) -> set[str]:
    plain = f" {' '.join(lexicon.words(text))} "
    return {facet for phrase, facet in _FACETS.items() if f" {phrase} " in plain}


# "X is not named in our sources": honest when X was asked about, noise as a related fact.
_UNKNOWN = re.compile(r"\b(not|no)\b[^.]{0,60}\b(in our sources|our sources)\b|\bour sources (do|does) not\b", re.I)


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    source: str
    kind: str
    path: str
    label: str = ""  # a readable name for `source` when it is a file, not a web page

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "kind": self.kind,
            "path": self.path,
            "source_label": self.label or self.source,
        }


@dataclass(frozen=True)
class Composed:
    text: str
    status: Status
    sources: list[SourceRef] = field(default_factory=list)
    context: str = ""  # the retrieved text the answer was built from, for grounding checks
    ranking: list[str] = field(default_factory=list)  # document ids, best first: what evaluation scores


FRAME: dict[str, dict[Lang, str]] = {
    "no_answer": {
        "en": "I don't have that in my information. Please ask your counselor, who can give you the current details.",
        "es": "No tengo esa información. Por favor, pregunte a su consejero, que tiene los datos actuales.",
    },
    "missing_detail": {
        "en": "I don't have {what} in my information. Please ask your counselor.",
        "es": "No tengo {what} en mi información. Por favor, pregunte a su consejero.",
    },
    "unknown_name": {
        "en": "I don't have any information about {name}. Please ask your counselor.",
        "es": "No tengo información sobre {name}. Por favor, pregunte a su consejero.",
    },
    "ask_counselor": {"en": "Please ask your counselor.", "es": "Por favor, pregunte a su consejero."},
    "verify": {
        "en": "Times, dates and offerings can change, so please confirm with your counselor.",
        "es": "Los horarios, fechas y programas pueden cambiar; por favor, confírmelo con su consejero.",
    },
    "fit_lead": {
        "en": "{name} ({center}) could be a good fit for you.",
        "es": "{name} ({center}) podría ser un buen programa para usted.",
    },
    "catalog": {
        "en": "Here are the programs in my information, by the center their sources name:",
        "es": "Estos son los programas que tengo, según el centro que indican las fuentes:",
    },
    "catalog_unconfirmed": {"en": "Center not confirmed", "es": "Centro sin confirmar"},
    "fit_more": {"en": "You could also look at {names}.", "es": "También puede ver {names}."},
    "also": {"en": "Related:", "es": "Relacionado:"},
}

# What a question asks for that only a specific kind of evidence can answer.
DETAILS: list[tuple[re.Pattern[str], re.Pattern[str], dict[Lang, str]]] = [
    (
        re.compile(
            r"\b(names? of|name is|called)\b.{0,30}\b(teacher|instructor|principal|coordinator|counselor)|"
            r"\b(teacher|instructor|principal|coordinator|counselor)'?s? name\b|"
            r"\bwho is the (teacher|instructor|principal|coordinator)\b|\bnombre del? (maestr|profesor|director)"
        ),
        re.compile(r"\b(Mr|Ms|Mrs|Dr)\.? [A-Z][a-z]+"),
        {"en": "the person's name", "es": "el nombre de esa persona"},
    ),
    (
        re.compile(r"\bwho (teaches|runs|leads|instructs)\b|\bquien (ensena|da la clase)\b"),
        re.compile(r"\b(taught by|instructor|teacher|teaches|led by|veterinarian|contractor)\b", re.IGNORECASE),
        {"en": "who teaches it", "es": "quién da la clase"},
    ),
    (
        re.compile(r"\b(phone|telephone|call them|number to call|telefono|contact|reach|contactar)\b"),
        re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}"),
        {"en": "contact details such as a phone number", "es": "datos de contacto como un teléfono"},
    ),
    (
        re.compile(r"\b(email|e-mail|correo)\b"),
        re.compile(r"[\w.+-]+@[\w-]+\.\w+"),
        {"en": "an email address", "es": "un correo electrónico"},
    ),
    (
        re.compile(r"\b(room|classroom number|salon)\b"),
        re.compile(r"\b[Rr]oom\s+[A-Z]?-?\d+"),
        {"en": "the room", "es": "el salón"},
    ),
    (
        re.compile(
            r"\b(cost|costs|price|tuition|fees?|how much (does|do|is|will)|pay for|cuesta|costo|precio|pagar)\b"
        ),
        re.compile(r"\$\s?\d|\bfree\b|\bfees?\b|\btuition\b|\bgratis\b|\bcost[oa]?\b|\bcuota", re.IGNORECASE),
        {"en": "the cost", "es": "el costo"},
    ),
    (
        re.compile(r"\b(deadline|what date|which date|due date|fecha)\b"),
        re.compile(
            r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
            r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\d{1,2}/\d{1,2}"
        ),
        {"en": "that date", "es": "esa fecha"},
    ),
    (
        re.compile(r"\b(what time|at what time|(opening|business|office) hours|a que hora|horario de atencion)\b"),
        re.compile(r"\d{1,2}:\d\d|\b\d{1,2}\s?(am|pm|a\.\s?m\.|p\.\s?m\.)", re.IGNORECASE),
        {"en": "that time", "es": "esa hora"},
    ),
]


def missing_detail(question: str, context: str) -> dict[Lang, str] | None:
    """The detail the question needs and the context lacks (a name, a phone number...), if any."""
    folded = lexicon.fold(question)
    for asks, evidence, what in DETAILS:
        if asks.search(folded) and not evidence.search(context):
            return what
    return None


def body_of(hit: Hit) -> str:
    return hit.chunk.text.split("\n", 1)[1] if "\n" in hit.chunk.text else hit.chunk.text


def sentences(text: str) -> list[str]:
    lines = (re.sub(r"\*\*(.+?)\*\*", r"\1", line).strip().lstrip("-*• ").strip() for line in text.splitlines())
    flat = " ".join(line for line in lines if line)
    return [s.strip() for s in _SENTENCE.split(flat) if len(s.strip()) > 2]


def link(meta: dict[str, object]) -> str:
    """A program's name, linked to the chat focused on it (the same link a counselor shares)."""
    title = f"**{meta['title']}**"
    return f"[{title}](?program={meta['doc_id']})" if meta.get("kind") == "program" else title


def plain(text: str) -> str:
    """Markdown links and bold removed, for a terminal."""
    return re.sub(r"\*\*([^*]+)\*\*", r"\1", re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text))


def source_ref(hit: Hit) -> SourceRef:
    meta = hit.meta
    return SourceRef(
        id=str(meta["doc_id"]),
        title=str(meta["title"]),
        source=str(meta["source"]),
        kind=str(meta["kind"]),
        path=str(meta.get("path", "")),
        label=str(meta.get("source_label", "")),
    )


class Composer:
    """Turns ranked hits into a short answer a person would write, quoting the knowledge files."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def _weight(self, terms: set[str]) -> float:
        return sum(self.corpus.idf.get(t, 0.5) for t in terms)

    def coverage(self, query_terms: set[str], hit: Hit) -> float:
        """Share of the question's (IDF-weighted) terms that the chunk, heading included, contains.

        Key facts repeat the title in every sentence, so there only the words beyond the title count:
        "What does Fire Technology teach?" must not land on "Fire Technology college credit: ...".
        """
        if hit.meta.get("section") == "Key facts":
            query_terms = query_terms - set(lexicon.terms(str(hit.meta.get("title", ""))))
        total = self._weight(query_terms)
        return self._weight(query_terms & set(lexicon.terms(hit.chunk.text))) / total if total else 0.0

    def _sentence_score(self, query_terms: set[str], sentence: str, position: int) -> float:
        return self._weight(query_terms & set(lexicon.terms(sentence))) + (0.6 if position == 0 else 0.0)

    def query_terms(self, question: str) -> set[str]:
        return set(lexicon.terms(self.corpus.normalize_query(question)))

    def rank(self, question: str, hits: list[Hit]) -> list[tuple[float, Hit]]:
        """Re-rank fused hits: meaning (dense), words covered (body and heading), fused rank, and a prior.

        The prior: a question that names a program prefers that program's sections; a general question
        prefers FAQ pages over one program's page, whose generic sentences would otherwise answer it.
        """
        terms = self.query_terms(question)
        total = self._weight(terms) or 1.0
        top = hits[0].score if hits else 1.0
        named = self._named(question)
        asked_facets = facets(question)
        scored = []
        for hit in hits:
            heading = set(lexicon.terms(hit.chunk.text.split("\n", 1)[0]))
            heading_facets = facets(str(hit.meta.get("section", "")))
            score = (
                1.0 * hit.dense
                + 0.5 * self.coverage(terms, hit)
                + 0.4 * self._weight(terms & heading) / total
                + 0.2 * hit.score / top
            )
            if asked_facets and heading_facets and not asked_facets & heading_facets:
                score -= 0.6  # "a bus to ROC?" is not answered by "Is there a bus to CTEC?"
            elif not asked_facets and heading_facets & _NARROW:
                score -= 0.15  # a general question prefers the general answer to the Early College one
            if named:
                score += 0.3 if hit.doc_id in named else 0.0
            elif hit.meta.get("kind") == "faq":
                score += 0.15
            elif hit.meta.get("kind") == "program":
                score -= 0.1
            scored.append((score, hit))
        return sorted(scored, key=lambda pair: -pair[0])

    def _named(self, question: str) -> set[str]:
        """Documents the question names, typos forgiven ("cosmotology")."""
        return set(mentioned_documents(self.corpus.spell(question), self.corpus))

    def _says_unknown(self, terms: set[str], hit: Hit) -> str | None:
        """The section's closest match to the question, when that is "X is not in our sources" and no
        positive sentence matches as well: the honest answer is then that we do not know."""
        found = sentences(body_of(hit))
        unknown: list[tuple[float, str]] = []
        known: list[float] = []
        for sentence in found:
            weight = self._weight(terms & _evidence_terms(sentence))
            if self._only_unknown(terms, sentence):
                unknown.append((weight, sentence))
            else:
                known.append(weight)
        if not unknown:
            return None
        weight, sentence = max(unknown, key=lambda pair: pair[0])
        return sentence if weight > 0 and weight > max(known, default=0.0) else None

    def _positive_alternative(self, terms: set[str], lead: Hit, ranked: list[Hit]) -> Hit | None:
        lead_coverage = self.coverage(terms, lead)
        nearby = sorted(ranked[:6], key=lambda h: (-self.coverage(terms, h), h.doc_id != lead.doc_id))
        for hit in nearby:
            if hit is lead or hit.meta.get("lang") != lead.meta.get("lang"):
                continue
            similar = hit.doc_id == lead.doc_id or hit.dense >= lead.dense - 0.1
            close = similar and self.coverage(terms, hit) >= max(0.6, lead_coverage - 0.1)
            if (
                close
                and self._says_unknown(terms, hit) is None
                and not _UNKNOWN.search(" ".join(self._lead(terms, hit)))
            ):
                return hit
        return None

    def _only_unknown(self, terms: set[str], sentence: str) -> bool:
        """Every clause that speaks to the question says "not in our sources" ("earn BC credit; the units
        are not published" still answers "is there credit?")."""
        clauses = [c for c in re.split(r";|, but | but |: ", sentence) if terms & _evidence_terms(c)]
        return bool(clauses) and all(_UNKNOWN.search(c) for c in clauses)

    def _gist(self, sentence: str, hit: Hit) -> set[str]:
        """A sentence's terms without its document's title: templated sentences share a gist."""
        return set(lexicon.terms(sentence)) - set(lexicon.terms(str(hit.meta.get("title", ""))))

    def _quotable(self, hit: Hit) -> bool:
        return hit.meta.get("section") not in _NOT_QUOTABLE and not hit.meta.get("sample")

    def _lead(self, terms: set[str], hit: Hit) -> list[str]:
        found = sentences(body_of(hit))
        if not found:
            return []
        scores = [self._sentence_score(terms, s, i) for i, s in enumerate(found)]
        if hit.meta.get("section") == "Key facts":  # a list of facts: only the one asked about
            return [found[max(range(len(found)), key=lambda i: (scores[i], -i))]]
        # Sections are written answer-first, so the first sentence always leads; the best others follow.
        others = sorted((i for i in range(1, len(found)) if scores[i] > 0), key=lambda i: (-scores[i], i))
        return [found[i] for i in sorted([0, *others[: MAX_LEAD_SENTENCES - 1]])]

    def _spanish_section(self, doc_id: str) -> Hit | None:
        for chunk in self.corpus.chunks_of(doc_id):
            if chunk.metadata.get("lang") == "es":
                return Hit(chunk=chunk, score=0.0, dense=0.0, lexical=0.0)
        return None

    def _stand_in(self, terms: set[str], hit: Hit) -> Hit | None:
        """A matching profile means its document is relevant: use the document's best quotable section."""
        if self._quotable(hit):
            return hit
        if hit.meta.get("sample"):
            return None
        sections = [
            Hit(chunk=c, score=hit.score, dense=hit.dense, lexical=hit.lexical)
            for c in self.corpus.chunks_of(hit.doc_id)
            if c.metadata.get("lang") == "en"
        ]
        sections = [h for h in sections if self._quotable(h)]
        if not sections:
            return None
        return max(sections, key=lambda h: (self.coverage(terms, h), -int(h.meta.get("position", 0))))

    def compose(self, question: str, lang: Lang, hits: list[Hit]) -> Composed:
        terms = self.query_terms(question)
        seen: set[str] = set()
        quotable = []
        for hit in hits:
            stand_in = self._stand_in(terms, hit)
            if stand_in is not None and stand_in.chunk.id not in seen:
                seen.add(stand_in.chunk.id)
                quotable.append(stand_in)
        if not quotable:
            return Composed(FRAME["no_answer"][lang], "no_answer")
        ranked = [h for _, h in self.rank(question, quotable)]
        ranking = list(dict.fromkeys(h.doc_id for h in ranked))
        lead_hit = ranked[0]
        if lang == "es" and lead_hit.meta.get("lang") != "es":
            # Retrieval picks the document; a Spanish reader gets that document's Spanish section.
            lead_hit = self._spanish_section(lead_hit.doc_id) or lead_hit
        what = missing_detail(question, body_of(lead_hit))
        if what is not None:
            return Composed(FRAME["missing_detail"][lang].format(what=what[lang]), "no_answer", ranking=ranking)
        unknown = self._says_unknown(terms, lead_hit)
        caveat: Hit | None = None
        if unknown is not None:
            # Another close section may answer what this one cannot ("a bus to ROC" beside "busing to CTEC is
            # not stated"): lead with it and keep the caveat; with none, say honestly that we do not know.
            better = self._positive_alternative(terms, lead_hit, ranked)
            if better is None:
                text = (
                    unknown
                    if "counselor" in unknown or "consejer" in unknown
                    else f"{unknown} {FRAME['ask_counselor'][lang]}"
                )
                context = _context([lead_hit])
                return Composed(text, "no_answer", [source_ref(lead_hit)], context=context, ranking=ranking)
            caveat, lead_hit = lead_hit, better

        used = [lead_hit]
        parts = [" ".join(self._lead(terms, lead_hit))]
        if caveat is not None and unknown is not None:
            parts[0] += f" {unknown}"
            used.append(caveat)
        said = [self._gist(parts[0], lead_hit)]
        named = self._named(question)
        support: list[str] = []
        if lang == "en":
            for hit in ranked[1:]:
                if len(support) >= MAX_SUPPORT or hit.doc_id in {u.doc_id for u in used}:
                    continue
                if named and hit.doc_id not in named:
                    continue
                if self.coverage(terms, hit) < 0.5 or hit.dense < max(0.45, lead_hit.dense - 0.1):
                    continue  # related in words but not in meaning: "free" quiz beside "is ROC free?"
                best = self._lead(terms, hit)[:1]
                if best and (
                    self._weight(terms & set(lexicon.terms(best[0]))) < 0.4 * self._weight(terms)
                    or _UNKNOWN.search(best[0])
                ):
                    continue
                if best and not any(_similar(self._gist(best[0], hit), gist) for gist in said):
                    support.append(f"- {link(hit.meta)}: {best[0]}")
                    said.append(self._gist(best[0], hit))
                    used.append(hit)
        if support:
            parts.append(FRAME["also"][lang] + "\n" + "\n".join(support))
        if any(h.meta.get("verify") for h in used):
            parts.append(FRAME["verify"][lang])
        sources = _dedupe([source_ref(h) for h in used])
        return Composed("\n\n".join(parts), "answered", sources, context=_context(used), ranking=ranking)

    def compose_catalog(self, lang: Lang, center: str | None) -> Composed:
        """ "What programs are there (at CTEC)?": every program page, grouped by the center its sources name."""
        programs = sorted(
            (p for p in self.corpus.documents().values() if p.metadata.get("kind") == "program"),
            key=lambda p: str(p.metadata["title"]),
        )
        groups: dict[str, list[StoredChunk]] = {}
        for profile in programs:
            where = str(profile.metadata["center"])
            if center is None or where == center or center in where.split("/"):
                groups.setdefault(where if where in ("ROC", "CTEC") else "unconfirmed", []).append(profile)
        if not groups:
            return Composed(FRAME["no_answer"][lang], "no_answer")
        lines = [FRAME["catalog"][lang]]
        for where in ("ROC", "CTEC", "unconfirmed"):
            if where in groups:
                label = FRAME["catalog_unconfirmed"][lang] if where == "unconfirmed" else where
                lines.append(f"- **{label}**: " + ", ".join(link(p.metadata) for p in groups[where]))
        used = [Hit(chunk=p, score=0.0, dense=0.0, lexical=0.0) for group in groups.values() for p in group]
        text = "\n".join(lines) + "\n\n" + FRAME["verify"][lang]
        sources = _dedupe([source_ref(h) for h in used])
        return Composed(text, "answered", sources, context=_context(used), ranking=[s.id for s in sources])

    def compose_fit(self, question: str, lang: Lang, matches: list[ProgramMatch], hits: list[Hit]) -> Composed:
        """An interest question: name the best program, say why, and offer two more."""
        first = matches[0]
        chunks = self.corpus.chunks_of(first.doc_id)
        overview = next(
            (
                c
                for c in chunks
                if c.metadata.get("lang") == lang and c.metadata.get("section") in ("Overview", "En español")
            ),
            None,
        ) or next(c for c in chunks if c.metadata.get("section") != "Profile")
        overview_hit = Hit(chunk=overview, score=0.0, dense=0.0, lexical=0.0)
        why = sentences(body_of(overview_hit))[:2]
        profiles = self.corpus.documents()
        lead = FRAME["fit_lead"][lang].format(name=link(profiles[first.doc_id].metadata), center=first.center)
        parts = [lead + " " + " ".join(why)]
        used = [overview_hit]
        if len(matches) > 1:
            names = ", ".join(f"{link(profiles[m.doc_id].metadata)} ({m.center})" for m in matches[1:])
            parts.append(FRAME["fit_more"][lang].format(names=names))
            used += [Hit(chunk=profiles[m.doc_id], score=0.0, dense=0.0, lexical=0.0) for m in matches[1:]]
        if any(h.meta.get("verify") for h in used[:1]):
            parts.append(FRAME["verify"][lang])
        ranking = list(dict.fromkeys([*(m.doc_id for m in matches), *(h.doc_id for h in hits)]))
        sources = _dedupe([source_ref(h) for h in used])
        return Composed("\n\n".join(parts), "answered", sources, context=_context(used), ranking=ranking)


_IMPLIED = [
    (re.compile(r"\d{1,2}:\d\d|\b\d{1,2}\s?(am|pm)\b", re.I), ("time", "hour", "start", "begin", "end")),
    (re.compile(r"\$\s?\d|\bfree\b|\bno fees?\b", re.I), ("cost", "price", "pay", "fee")),
    (
        re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"),
        ("date", "when", "deadline"),
    ),
]


def _evidence_terms(sentence: str) -> set[str]:
    """A sentence's terms plus what its evidence implies: "7:30" answers "what time"."""
    found = set(lexicon.terms(sentence))
    for pattern, implied in _IMPLIED:
        if pattern.search(sentence):
            found.update(lexicon.stem(w) for w in implied)
    return found


def _similar(a: set[str], b: set[str]) -> bool:
    """Mostly the same facts: the smaller term set largely inside the larger one."""
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.5


def _context(used: list[Hit]) -> str:
    return "\n".join(h.chunk.text for h in used)


def _dedupe(refs: list[SourceRef]) -> list[SourceRef]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out
