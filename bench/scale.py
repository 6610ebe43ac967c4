"""How ingest and answers scale with the corpus: generated program pages added to a copy of knowledge/.

    .venv/bin/python bench/scale.py                  # about 1,000 and 10,000 chunks
    .venv/bin/python bench/scale.py --quick          # about 1,000 chunks only
    .venv/bin/python bench/scale.py --sizes 100000   # adds a row to the earlier sizes in scale.json

For each size, in a temporary knowledge folder and a temporary data folder (the live index is never touched):

- raw embedding throughput: the packaged model embedding the chunks ingest will embed, in the same calls of
  `EMBED_BATCH` texts (by default about 2,000 texts: whole calls spread over the corpus), next to a full
  `run_ingest` (parse, validate, chunk, embed, write a new Chroma collection, flip the pointer) with the same
  loaded model; the ratio is ingest's share of the model's own speed;
- a re-ingest with nothing changed (nothing embedded), then one with one section edited;
- loading the Bot (reading every chunk and vector back, building BM25);
- warm answers over ~30 questions of eval/questions.jsonl next to one query embedding, and the parts that grow
  with the corpus: BM25 alone (`Corpus.lexical_search`) and Chroma's dense query.

Sizes are total chunks. A size at least as large as the real corpus keeps every real page and adds generated
programs; a smaller one keeps the real FAQ pages (without their links to real programs) and the configuration,
and fills up with generated programs.
Prints a Markdown table, writes bench/results/scale.json and, when matplotlib is installed, docs/scale.png
(--quick writes nothing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cte_bot.config import Settings
from cte_bot.knowledge import Document, load_facets, load_glossary, load_knowledge, source_labels
from ingest.chunking import Chunk, chunk_all
from ingest.pipeline import EMBED_BATCH, run_ingest

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "results" / "scale.json"
PLOT = ROOT / "docs" / "scale.png"
QUESTIONS = 30

# -- the generator ------------------------------------------------------------------------------------------

AG, ART, BUILD, BIZ, EDU, FASHION, HEALTH, HOSP, ICT, MFG, SALES, PUBLIC, TRANS = (
    "Agriculture & Natural Resources",
    "Arts, Media & Entertainment",
    "Building & Construction Trades",
    "Business & Finance",
    "Education, Child Development & Family Services",
    "Fashion & Interior Design",
    "Health Science & Medical Technology",
    "Hospitality, Tourism & Recreation",
    "Information & Communication Technologies",
    "Manufacturing & Product Development",
    "Marketing, Sales & Service",
    "Public Services",
    "Transportation",
)
TOPICS = [  # (English name, Spanish name, sector)
    ("Robotics", "Robótica", MFG),
    ("Drone Technology", "Tecnología de Drones", TRANS),
    ("Cybersecurity", "Ciberseguridad", ICT),
    ("Game Design", "Diseño de Videojuegos", ICT),
    ("Veterinary Assisting", "Asistencia Veterinaria", AG),
    ("Dental Assisting", "Asistencia Dental", HEALTH),
    ("Pharmacy Services", "Servicios de Farmacia", HEALTH),
    ("Athletic Training", "Entrenamiento Deportivo", HEALTH),
    ("Emergency Medical Responder", "Primeros Auxilios de Emergencia", PUBLIC),
    ("Firefighting", "Bomberos", PUBLIC),
    ("Public Safety", "Seguridad Pública", PUBLIC),
    ("Criminal Justice", "Justicia Penal", PUBLIC),
    ("Forensic Science", "Ciencia Forense", PUBLIC),
    ("Electrical Technology", "Tecnología Eléctrica", BUILD),
    ("Plumbing", "Plomería", BUILD),
    ("HVAC", "Climatización", BUILD),
    ("Carpentry", "Carpintería", BUILD),
    ("Cabinetmaking", "Ebanistería", BUILD),
    ("Masonry", "Albañilería", BUILD),
    ("Solar Installation", "Instalación Solar", BUILD),
    ("Renewable Energy", "Energía Renovable", MFG),
    ("Oil and Gas Technology", "Tecnología de Petróleo y Gas", MFG),
    ("Industrial Maintenance", "Mantenimiento Industrial", MFG),
    ("Machining", "Maquinado", MFG),
    ("CNC Manufacturing", "Manufactura CNC", MFG),
    ("Diesel Technology", "Tecnología Diésel", TRANS),
    ("Collision Repair", "Reparación de Colisiones", TRANS),
    ("Auto Body", "Carrocería", TRANS),
    ("Aviation Maintenance", "Mantenimiento de Aviación", TRANS),
    ("Supply Chain", "Cadena de Suministro", TRANS),
    ("Truck Driving", "Manejo de Camiones", TRANS),
    ("Heavy Equipment", "Equipo Pesado", AG),
    ("Landscape Design", "Diseño de Paisajes", AG),
    ("Floral Design", "Diseño Floral", AG),
    ("Horticulture", "Horticultura", AG),
    ("Animal Science", "Ciencia Animal", AG),
    ("Agricultural Mechanics", "Mecánica Agrícola", AG),
    ("Food Science", "Ciencia de los Alimentos", HOSP),
    ("Baking", "Panadería", HOSP),
    ("Hospitality Management", "Gestión Hotelera", HOSP),
    ("Event Planning", "Planeación de Eventos", HOSP),
    ("Fashion Design", "Diseño de Modas", FASHION),
    ("Interior Design", "Diseño de Interiores", FASHION),
    ("Barbering", "Barbería", FASHION),
    ("Esthetics", "Estética", FASHION),
    ("Photography", "Fotografía", ART),
    ("Film Production", "Producción de Cine", ART),
    ("Broadcast Journalism", "Periodismo de Radio y TV", ART),
    ("Graphic Design", "Diseño Gráfico", ART),
    ("Music Production", "Producción Musical", ART),
    ("Theater Technology", "Tecnología Teatral", ART),
    ("Web Development", "Desarrollo Web", ICT),
    ("Computer Programming", "Programación", ICT),
    ("Network Cabling", "Cableado de Redes", ICT),
    ("Computer Repair", "Reparación de Computadoras", ICT),
    ("Accounting", "Contabilidad", BIZ),
    ("Business Management", "Administración de Empresas", BIZ),
    ("Entrepreneurship", "Emprendimiento", SALES),
    ("Retail Management", "Gestión de Tiendas", SALES),
    ("Real Estate", "Bienes Raíces", SALES),
    ("Child Development", "Desarrollo Infantil", EDU),
    ("Teaching Careers", "Carreras en la Enseñanza", EDU),
    ("Medical Billing", "Facturación Médica", HEALTH),
    ("Physical Therapy Aide", "Auxiliar de Fisioterapia", HEALTH),
    ("Phlebotomy", "Flebotomía", HEALTH),
    ("Surgical Technology", "Tecnología Quirúrgica", HEALTH),
    ("Patient Care", "Atención al Paciente", HEALTH),
    ("Biotechnology", "Biotecnología", HEALTH),
    ("Environmental Science", "Ciencias Ambientales", AG),
]
QUALIFIERS = ["", "Applied", "Advanced", "Introduction to", "Industrial", "Digital", "Community", "Modern"]
SPANISH_QUALIFIERS = {
    "": "",
    "Applied": "Aplicada",
    "Advanced": "Avanzada",
    "Introduction to": "Introducción",
    "Industrial": "Industrial",
    "Digital": "Digital",
    "Community": "Comunitaria",
    "Modern": "Moderna",
}
CERTIFICATIONS = {  # common industry certificates per sector, beside the few the real pages name
    AG: ["Pesticide safety training", "Tractor safety certificate"],
    ART: ["Adobe Certified Professional", "FAA Part 107 remote pilot"],
    BUILD: ["OSHA 10-hour construction card", "NCCER Core"],
    BIZ: ["Microsoft Office Specialist", "QuickBooks Certified User"],
    EDU: ["CPR and First Aid", "Child development assistant permit"],
    FASHION: ["Adobe Certified Professional", "Retail customer service certificate"],
    HEALTH: ["CPR and First Aid", "HIPAA awareness certificate"],
    HOSP: ["ServSafe Food Handler", "ServSafe Manager"],
    ICT: ["CompTIA A+", "CompTIA Security+", "Cisco CCST"],
    MFG: ["OSHA 10-hour general industry card", "NIMS machining level 1"],
    SALES: ["Microsoft Office Specialist", "Entrepreneurship and small business certificate"],
    PUBLIC: ["CPR and First Aid", "FEMA incident command (ICS-100)"],
    TRANS: ["ASE Entry-Level", "EPA Section 609"],
}
CENTERS = ["ROC", "CTEC", "ROC/CTEC"]
COLLEGES = ["Bakersfield College", "Cerro Coso Community College", "Taft College", "Pasadena City College"]
SESSIONS = ["morning", "afternoon", "morning or afternoon"]
SESIONES = {"morning": "de mañana", "afternoon": "de tarde", "morning or afternoon": "de mañana o de tarde"}
PROJECTS = [
    "build a project from a written plan",
    "work in teams on a real client's request",
    "practice with the same tools professionals use",
    "keep a portfolio of finished work",
    "run safety checks before every lab",
    "present their work to local employers",
    "compete in SkillsUSA events",
    "repair equipment donated by local businesses",
    "follow industry standards and checklists",
    "shadow professionals during site visits",
]
PROYECTOS = [
    "construyen un proyecto a partir de un plano",
    "trabajan en equipo para un cliente real",
    "practican con las mismas herramientas que usan los profesionales",
    "guardan un portafolio de trabajos terminados",
    "revisan la seguridad antes de cada laboratorio",
    "presentan su trabajo a empleadores locales",
    "compiten en eventos de SkillsUSA",
    "reparan equipo donado por negocios locales",
    "siguen normas y listas de la industria",
    "acompañan a profesionales en visitas de trabajo",
]
SECTIONS = [  # heading, facet, English questions, Spanish questions ({t}: the title)
    (
        "Overview",
        "about",
        [
            "what is {t} at {c}",
            "Is {t} one of the CTE programs, and which center offers it?",
            "do they teach {l} at the career center",
        ],
        ["¿Qué es el programa de {t}?", "¿Hay clase de {e} en el {c}?"],
    ),
    (
        "Who it fits",
        "fit",
        ["i like {k} is {l} good for me", "My kid enjoys {k}. Would {t} suit them?", "who is the {l} program for"],
        ["¿Para qué tipo de estudiante es {t}?", "A mi hijo le gusta trabajar con las manos, ¿le conviene {e}?"],
    ),
    (
        "What students do",
        "about",
        ["what do u do in {l} class", "What do {t} students learn day to day?", "what's the {l} program like"],
        ["¿Qué aprenden los estudiantes en {t}?", "¿Qué hacen en la clase de {t}?"],
    ),
    (
        "Schedule",
        "daily_hours",
        [
            "how many hours a day is {l}",
            "Does {t} meet in the morning or the afternoon?",
            "how long is the {l} class each day",
        ],
        ["¿Cuántas horas al día es la clase de {t}?", "¿La clase de {t} es en la mañana o en la tarde?"],
    ),
    (
        "College credit and certifications",
        "college_credit",
        [
            "do u get college credit for {l}",
            "Does {t} offer dual enrollment or a certification?",
            "what certificate do you earn in {l}",
        ],
        ["¿Dan créditos universitarios en {t}?", "¿Mi hijo sale con certificación de {t}?"],
    ),
    (
        "Who can enroll",
        "eligibility",
        ["can sophomores take {l}", "My son is a junior. Is he eligible for {t}?", "who can sign up for {l}"],
        ["¿Quién se puede inscribir en {t}?", "¿Mi hija de 11.º grado puede entrar a {t}?"],
    ),
    (
        "Careers and next steps",
        "careers",
        ["what jobs can i get with {l}", "Can {t} lead to work as a {j}?", "what careers come after {l}"],
        ["¿Qué trabajos puede tener mi hijo después de {t}?", "¿La clase de {e} sirve para conseguir trabajo?"],
    ),
]


@dataclass(frozen=True)
class Pools:
    """What real program pages say, per sector, so generated pages read like them."""

    careers: dict[str, list[str]]
    certifications: dict[str, list[str]]
    interests: dict[str, list[str]]
    sources: list[str]

    def of(self, table: dict[str, list[str]], sector: str, k: int, rng: random.Random) -> list[str]:
        """`k` values from the sector's real programs, topped up from all programs when it has too few."""
        own = table.get(sector, [])
        picked = rng.sample(own, min(k, len(own)))
        rest = [v for v in table[""] if v not in picked]
        return picked + rng.sample(rest, k - len(picked))


def pools(documents: list[Document], labels: dict[str, str]) -> Pools:
    programs = [d for d in documents if d.kind == "program"]

    def by_sector(values: Callable[[Document], list[str]], extra: dict[str, list[str]]) -> dict[str, list[str]]:
        table: dict[str, set[str]] = {"": set()}
        for d in programs:
            table.setdefault(d.sector or "", set()).update(values(d))
            table[""].update(values(d))
        for sector, more in extra.items():
            table.setdefault(sector, set()).update(more)
            table[""].update(more)
        return {sector: sorted(v) for sector, v in table.items()}

    return Pools(
        careers=by_sector(lambda d: d.careers, {}),
        # Short certificate names only: some real entries are sentences about a certificate.
        certifications=by_sector(lambda d: [c for c in d.certifications if len(c) <= 40], CERTIFICATIONS),
        interests=by_sector(lambda d: d.keywords, {}),
        sources=sorted(set(labels) | {s for d in programs for s in d.sources}),
    )


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def generate_program(n: int, rng: random.Random, p: Pools) -> tuple[str, str]:
    """One program page (file name, text): front matter, seven sections with Spanish twins, a Spanish summary."""
    topic, tema, sector = TOPICS[n % len(TOPICS)]
    qualifier = QUALIFIERS[(n // len(TOPICS)) % len(QUALIFIERS)]
    cohort = n // (len(TOPICS) * len(QUALIFIERS))
    title = " ".join(w for w in (qualifier, topic, str(cohort + 1) if cohort else "") if w)
    doc_id = "gen-" + "-".join(title.lower().split())
    spanish = " ".join(w for w in (tema, SPANISH_QUALIFIERS[qualifier], str(cohort + 1) if cohort else "") if w)
    lower = topic.lower()
    center = rng.choice(CENTERS)
    careers = p.of(p.careers, sector, 4, rng)
    certs = p.of(p.certifications, sector, 2, rng)
    keywords = p.of(p.interests, sector, 8, rng)
    college = rng.choice(COLLEGES)
    hours = rng.choice([2, 3, 3, 3, 4])
    session = rng.choice(SESSIONS)
    grades = rng.choice([[11, 12], [10, 11, 12], [12]])
    sources = rng.sample(p.sources, 3)
    projects = rng.sample(range(len(PROJECTS)), 3)
    fill = {
        "t": title,
        "l": lower,
        "e": tema.lower(),
        "c": center,
        "k": " and ".join(keywords[:2]),
        "j": careers[0].lower(),
    }
    article = "an" if session[0] in "aeiou" else "a"
    front = [
        "---",
        f"id: {doc_id}",
        f"title: {title}",
        "kind: program",
        f"center: {center}",
        f"sector: {sector}",
        f"aliases: {_yaml_list([lower, f'{lower} class', f'{lower} program'])}",
        f"interests: {_yaml_list([*rng.sample('RIASEC', 2), *keywords])}",
        f"careers: {_yaml_list(careers)}",
        f"certifications: {_yaml_list(certs)}",
        f"college_credit: {college} credit through articulation (units vary by year)",
        f"internships: Work-based learning with local employers in {lower} during the second semester",
        f"session: {session.capitalize()} session, {hours} hours a day, for the school year",
        f"grades: {grades}",
        "sources:",
        *[f"  - {s}" for s in sources],
        "facts:",
        "  - topic: room",
        f"    text: {title} meets in lab {100 + n % 400} (sample room; the district replaces this).",
        "    sample: true",
        "verify: false",
        "sections:",
    ]
    for heading, facet, english, spanish_questions in SECTIONS:
        front += [f"  {heading}:", f"    facet: {facet}", "    questions:"]
        front += [f"      - {json.dumps(q.format(**fill), ensure_ascii=False)}" for q in english + spanish_questions]
    grade_words = ", ".join(f"{g}th" for g in grades)
    grados = ", ".join(f"{g}.º" for g in grades)
    body = {
        "Overview": (
            f"{title} is a {center} program in which students {PROJECTS[projects[0]]} and prepare for work as a "
            f"{careers[0].lower()} or {careers[1].lower()}. It draws on {', '.join(keywords[:3])}.",
            f"{spanish} ({title}) es un programa del {center} en el que los estudiantes {PROYECTOS[projects[0]]} y se "
            f"preparan para trabajar como {careers[0].lower()} o {careers[1].lower()}.",
        ),
        "Who it fits": (
            f"{title} fits students who like {', '.join(keywords[:4])}, and who enjoy hands-on work that ends in "
            "something they can show.",
            f"{spanish} ({title}) es ideal para estudiantes a quienes les gusta el trabajo práctico con resultados "
            "que pueden mostrar.",
        ),
        "What students do": (
            f"{title} students {PROJECTS[projects[1]]}, {PROJECTS[projects[2]]}, and learn the vocabulary of "
            f"{lower} step by step.",
            f"Los estudiantes de {spanish} ({title}) {PROYECTOS[projects[1]]} y {PROYECTOS[projects[2]]}.",
        ),
        "Schedule": (
            f"{title} meets {hours} hours a day in {article} {session} session for the school year.",
            f"{spanish} ({title}) se reúne {hours} horas al día en una sesión {SESIONES[session]} durante el año "
            "escolar.",
        ),
        "College credit and certifications": (
            f"{title} gives {college} credit through articulation; students can earn "
            f"{' and '.join(certs) or 'an industry certification'}.",
            f"{spanish} ({title}) da créditos de {college} mediante articulación y ofrece certificaciones de la "
            "industria.",
        ),
        "Who can enroll": (
            f"{title} is open to district students in grades {grade_words}; apply through your high school counselor.",
            f"{spanish} ({title}) está abierto a estudiantes de {grados} grado; inscríbase con su consejero.",
        ),
        "Careers and next steps": (
            f"{title} can lead toward work as a {', '.join(c.lower() for c in careers)}, or to a degree at {college}.",
            f"{spanish} ({title}) puede llevar a trabajar como {careers[0].lower()} o a estudiar en {college}.",
        ),
    }
    lines = ["---", f"# {title}", ""]
    for heading, (english_text, spanish_text) in body.items():
        if heading != "Overview":
            lines += [f"## {heading}"]
        lines += [english_text, "", "### En español", spanish_text, ""]
    lines += [
        "## En español",
        f"{spanish} ({title}) es un programa del {center} para estudiantes de {grados} grado, "
        f"{hours} horas al día en sesión {SESIONES[session]}.",
        "",
    ]
    return f"{doc_id}.md", "\n".join(front + lines)


def chunks_of(root: Path) -> tuple[int, list[Chunk]]:
    """(documents, chunks) exactly as ingest makes them."""
    documents = load_knowledge(root)
    chunks = chunk_all(documents, source_labels(root), load_facets(root), load_glossary(root).default_district)
    return len(documents), chunks


def chunk_count(root: Path) -> tuple[int, int]:
    documents, chunks = chunks_of(root)
    return documents, len(chunks)


def build_knowledge(target: int, into: Path) -> dict[str, int]:
    """A copy of knowledge/ grown with generated programs to about `target` chunks."""
    real = ROOT / "knowledge"
    documents = load_knowledge(real)
    _, real_chunks = chunk_count(real)
    shutil.copytree(real, into)
    keep_all = target >= real_chunks
    if not keep_all:  # the FAQ pages and the configuration, without the real programs they link to
        for folder in ("programs", "pathways", "partners"):
            for path in (into / folder).glob("*.md"):
                path.unlink()
        for path in (into / "faq").glob("*.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^programs: \[.*\]$", "programs: []", text), encoding="utf-8")
    rng = random.Random(9)
    p = pools(documents, source_labels(real))
    probe = Path(tempfile.mkdtemp(prefix="cte-scale-probe-"))
    try:  # chunks per generated page, measured on a sample
        shutil.copytree(into, probe / "k")
        base_docs, base = chunk_count(probe / "k")
        for n in range(10):
            name, text = generate_program(n, random.Random(n), p)
            (probe / "k" / "programs" / name).write_text(text, encoding="utf-8")
        per_page = (chunk_count(probe / "k")[1] - base) / 10
    finally:
        shutil.rmtree(probe)
    pages = max(1, round((target - base) / per_page))  # at least one: the re-ingest edits a generated page
    for n in range(pages):
        name, text = generate_program(n, rng, p)
        (into / "programs" / name).write_text(text, encoding="utf-8")
    documents_now, chunks_now = chunk_count(into)
    return {"real_documents": base_docs, "generated_programs": pages, "documents": documents_now, "chunks": chunks_now}


# -- the measurements ---------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def questions() -> list[str]:
    from cte_bot.evaluation import load_items

    items = [i for i in load_items(ROOT / "eval" / "questions.jsonl") if not i.history and len(i.question) < 300]
    step = max(1, len(items) // QUESTIONS)
    return [i.question for i in items[::step]][:QUESTIONS]


def measure(target: int, embeddings: Any, work: Path, raw_sample: int = 0) -> dict[str, Any]:
    from cte_bot.chain import Bot

    knowledge = work / "knowledge"
    row: dict[str, Any] = {"target": target, **build_knowledge(target, knowledge)}
    settings = Settings(knowledge_dir=knowledge, data_dir=work / "data", collection_prefix="scale")
    print(f"\n== {row['chunks']} chunks ({row['generated_programs']} generated programs)", file=sys.stderr)

    texts = [c.text for c in chunks_of(knowledge)[1]]  # what a fresh ingest embeds, in its order
    calls = [texts[i : i + EMBED_BATCH] for i in range(0, len(texts), EMBED_BATCH)]  # and in its calls
    if raw_sample and len(texts) > raw_sample:  # some of those same calls, spread evenly over the corpus
        wanted = max(1, -(-raw_sample // EMBED_BATCH))
        calls = [calls[round(i * (len(calls) - 1) / max(1, wanted - 1))] for i in range(wanted)]
    start = time.perf_counter()
    for call in calls:
        embeddings.embed_documents(call)
    raw_s = time.perf_counter() - start
    raw_n = sum(map(len, calls))
    row["embedded_texts"] = len(texts)
    row["mean_chars"] = sum(map(len, texts)) / len(texts)
    row["raw_texts"] = raw_n
    row["raw_embed_s"] = raw_s
    row["raw_chunks_per_s"] = raw_n / raw_s
    print(f"raw embedding: {raw_n} of {len(texts)} texts in {raw_s:.1f} s", file=sys.stderr)

    report = run_ingest(settings, embeddings=embeddings, progress=False)
    row["ingest_s"] = report.seconds
    row["ingest_chunks_per_s"] = report.embedded / report.seconds
    row["ingest_vs_raw"] = row["ingest_chunks_per_s"] / row["raw_chunks_per_s"]
    print(report.summary(), file=sys.stderr)

    again = run_ingest(settings, embeddings=embeddings, progress=False)
    row["reingest_unchanged_s"] = again.seconds
    row["reingest_unchanged_embedded"] = again.embedded
    edited = next(iter(sorted((knowledge / "programs").glob("*.md"))))
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n## Schedule\n", "\n## Schedule\nEdited. "), "utf-8")
    one = run_ingest(settings, embeddings=embeddings, progress=False)
    row["reingest_one_edit_s"] = one.seconds
    row["reingest_one_edit_embedded"] = one.embedded

    start = time.perf_counter()
    bot = Bot(settings, embeddings=embeddings)
    row["load_bot_s"] = time.perf_counter() - start
    row["units"] = len(bot.corpus.units)
    bot.answer("warm up: which programs are there?")
    asked = questions()
    model = embeddings._model  # the embedding call itself, without PackagedEmbeddings' query cache
    embeddings._embed_query.cache_clear()  # an earlier size asked the same questions
    answer_ms, cached_ms, embed_ms, bm25_ms, dense_ms = [], [], [], [], []
    for q in asked:  # interleaved, so a busy moment on the machine weighs on every column alike
        t0 = time.perf_counter()
        model.embed_query(q)
        embed_ms.append((time.perf_counter() - t0) * 1000)
        answer_ms.append(bot.answer(q).latency_ms)  # a new question: its embedding is not cached yet
        cached_ms.append(bot.answer(q).latency_ms)  # the same again: everything but the embedding
        read = bot.reader.read(q)
        t0 = time.perf_counter()
        bot.corpus.lexical_search(read.lexical_query, 24)
        bm25_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        bot.search.dense_search(read.vector, 48)
        dense_ms.append((time.perf_counter() - t0) * 1000)
    row.update(
        questions=len(asked),
        answer_p50_ms=percentile(answer_ms, 0.5),
        answer_p95_ms=percentile(answer_ms, 0.95),
        answer_cached_p50_ms=percentile(cached_ms, 0.5),
        embed_p50_ms=percentile(embed_ms, 0.5),
        bm25_p50_ms=percentile(bm25_ms, 0.5),
        dense_p50_ms=percentile(dense_ms, 0.5),
    )
    row["answer_vs_embed"] = row["answer_p50_ms"] / row["embed_p50_ms"]
    del bot
    return row


def bm25_only(target: int, work: Path) -> dict[str, Any]:
    """BM25 alone, without embedding anything: the in-memory Corpus over the same chunks (with dummy vectors),
    built, then searched with the lexical query the Reader makes for each question. Cheap enough for 100k."""
    from cte_bot.retrieval import Corpus
    from cte_bot.store import StoredChunk

    knowledge = work / "knowledge"
    row: dict[str, Any] = {"target": target, **build_knowledge(target, knowledge)}
    stored = [StoredChunk(id=c.id, text=c.text, metadata=dict(c.metadata)) for c in chunks_of(knowledge)[1]]
    start = time.perf_counter()
    corpus = Corpus(stored, [[0.0]] * len(stored))
    row["corpus_build_s"] = time.perf_counter() - start
    row["units"] = len(corpus.units)
    glossary = load_glossary(knowledge)
    queries = []
    for q in questions():
        words = corpus.spell(glossary.normalize(q))
        queries.append(" ".join([words, *glossary.expansions(words)]))
    times = []
    for query in queries * 3:
        t0 = time.perf_counter()
        corpus.lexical_search(query, 24)
        times.append((time.perf_counter() - t0) * 1000)
    row["bm25_p50_ms"] = percentile(times, 0.5)
    row["bm25_p95_ms"] = percentile(times, 0.95)
    print(f"BM25 alone at {row['chunks']} chunks: p50 {row['bm25_p50_ms']:.1f} ms", file=sys.stderr)
    return row


# -- the report ---------------------------------------------------------------------------------------------

COLUMNS = [  # header, key, format
    ("chunks", "chunks", "{:,}"),
    ("programs added", "generated_programs", "{:,}"),
    ("raw embed (chunks/s)", "raw_chunks_per_s", "{:.0f}"),
    ("ingest (s)", "ingest_s", "{:.1f}"),
    ("ingest (chunks/s)", "ingest_chunks_per_s", "{:.0f}"),
    ("ingest / raw", "ingest_vs_raw", "{:.0%}"),
    ("re-ingest, unchanged (s)", "reingest_unchanged_s", "{:.2f}"),
    ("re-ingest, one edit (s)", "reingest_one_edit_s", "{:.1f}"),
    ("load bot (s)", "load_bot_s", "{:.1f}"),
    ("answer p50 / p95 (ms)", "", ""),
    ("query embedding p50 (ms)", "embed_p50_ms", "{:.1f}"),
    ("answer / embedding", "answer_vs_embed", "{:.1f}x"),
    ("answer without embedding p50 (ms)", "answer_cached_p50_ms", "{:.0f}"),
    ("BM25 units", "units", "{:,}"),
    ("BM25 p50 (ms)", "bm25_p50_ms", "{:.1f}"),
    ("Chroma dense p50 (ms)", "dense_p50_ms", "{:.1f}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(h for h, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [
            f"{row['answer_p50_ms']:.0f} / {row['answer_p95_ms']:.0f}" if not key else fmt.format(row[key])
            for _, key, fmt in COLUMNS
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bm25_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| chunks | BM25 units | build Corpus + BM25 (s) | BM25 p50 (ms) | BM25 p95 (ms) | ms per 1,000 units |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['chunks']:,} | {r['units']:,} | {r['corpus_build_s']:.1f} | {r['bm25_p50_ms']:.1f} | "
            f"{r['bm25_p95_ms']:.1f} | {1000 * r['bm25_p50_ms'] / r['units']:.2f} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]]) -> str:
    if importlib.util.find_spec("matplotlib") is None:
        return "matplotlib is not installed in this environment: no plot drawn (pip install matplotlib to get one)"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["chunks"] for r in rows]
    figure, left = plt.subplots(figsize=(6, 4))
    left.plot(sizes, [r["ingest_s"] for r in rows], "o-", color="tab:blue", label="full ingest (s)")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("full ingest (s)", color="tab:blue")
    right = left.twinx()
    # without the query embedding, which does not depend on the corpus and swings with the machine's load
    right.plot(sizes, [r["answer_cached_p50_ms"] for r in rows], "s--", color="tab:red", label="answer p50 (ms)")
    right.set_ylabel("answer p50 without the query embedding (ms)", color="tab:red")
    right.set_ylim(bottom=0)
    figure.suptitle("cte-bot: ingest time and answer latency vs corpus size")
    figure.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(PLOT, dpi=120)
    return f"plot written to {PLOT.relative_to(ROOT)}"


def merged(key: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's rows plus earlier runs' rows of other sizes, so a long 100k run can be added on its own."""
    earlier = json.loads(RESULTS.read_text(encoding="utf-8")).get(key, []) if RESULTS.exists() else []
    ours = {row["target"] for row in rows}
    return sorted([row for row in earlier if row["target"] not in ours] + rows, key=lambda row: row["target"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="target chunk counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="about 1,000 chunks only")
    parser.add_argument(
        "--bm25-sizes",
        default="1000,10000,100000",
        help="sizes for BM25 alone (nothing embedded; cheap); --quick: 1000",
    )
    parser.add_argument(
        "--raw-sample",
        type=int,
        default=2048,
        help="texts for the raw embedding rate: whole ingest calls spread over the corpus (0: all of them)",
    )
    args = parser.parse_args(argv)
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]

    from cte_bot.embeddings import PackagedEmbeddings

    embeddings = PackagedEmbeddings(device=Settings.from_env().device)  # CTE_BOT_DEVICE=cuda on a GPU machine
    embeddings.embed_documents(["warm up the model"])
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="cte-scale-") as work:
            rows.append(measure(size, embeddings, Path(work), args.raw_sample))
    bm25_sizes = [1000] if args.quick else [int(s) for s in args.bm25_sizes.split(",") if s.strip()]
    bm25_rows = []
    for size in bm25_sizes:
        with tempfile.TemporaryDirectory(prefix="cte-scale-bm25-") as work:
            bm25_rows.append(bm25_only(size, Path(work)))
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}"
    try:
        import torch

        machine += ", CUDA" if torch.cuda.is_available() else ", no GPU (CPU embedding)"
    except ImportError:  # pragma: no cover - torch ships with the model
        pass
    print(f"\nScale on {machine}; embedding in calls of {EMBED_BATCH} texts\n")
    print(table(rows))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    print("\nBM25 alone (Corpus.lexical_search over the answerable units, no embedding)\n")
    print(bm25_table(bm25_rows))
    if args.quick:  # a smoke run: its numbers are not the recorded ones, nor the plot's
        return
    rows, bm25_rows = merged("rows", rows), merged("bm25_rows", bm25_rows)
    results = {"machine": machine, "embed_batch": EMBED_BATCH, "rows": rows, "bm25_rows": bm25_rows}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {RESULTS.relative_to(ROOT)}; {plot(rows)}")


if __name__ == "__main__":
    main()
