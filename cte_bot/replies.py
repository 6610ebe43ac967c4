"""Every sentence the bot says that is not quoted from a knowledge file, in English and Spanish.

Frames speak to whoever asked: `{you}` is "you" for a student and "your child" for a parent. Nothing here
states a fact about a program; facts come only from the knowledge files.
"""

from __future__ import annotations

from cte_bot.config import MAX_QUESTION_CHARS
from cte_bot.lexicon import Lang

Texts = dict[Lang, str]

REPLIES: dict[str, Texts] = {
    # -- answers -------------------------------------------------------------------------------------------
    "no_answer": {
        "en": "I don't have that in my information.",
        "es": "No tengo esa información.",
    },
    "missing": {
        "en": "I don't have {what} in my information.",
        "es": "No tengo {what} en mi información.",
    },
    "missing_about": {
        "en": "I don't have {what} for {subject} in my information.",
        "es": "No tengo {what} de {subject} en mi información.",
    },
    "unknown_name": {
        "en": "I don't have information about {name}.",
        "es": "No tengo información sobre {name}.",
    },
    "unknown_count": {
        "en": "I don't have the number of {name} in my information.",
        "es": "No tengo el número de {name} en mi información.",
    },
    "unknown_but": {
        "en": "I don't have details about {name}, but here is what I have:",
        "es": "No tengo detalles sobre {name}, pero esto es lo que tengo:",
    },
    "nearest": {"en": "The closest thing I have:", "es": "Lo más cercano que tengo:"},
    "ask_counselor": {
        "en": "Please ask {your} counselor, who has the current details.",
        "es": "Por favor, pregunte a {your} consejero, que tiene los datos actuales.",
    },
    "verify": {
        "en": "Times, dates and offerings can change, so please confirm with {your} counselor.",
        "es": "Los horarios, fechas y programas pueden cambiar; confírmelo con {your} consejero.",
    },
    "only_english": {
        "en": "",
        "es": "Esta información solo la tengo en inglés:",
    },
    "fit_lead": {
        "en": "{name} ({center}) could be a good fit for {you}",
        "es": "{name} ({center}) podría ser un buen programa para {you}",
    },
    "fit_why": {"en": ": it matches {why}.", "es": ": coincide con {why}."},
    "fit_more": {"en": "Also worth a look:", "es": "También puede ver:"},
    "catalog": {
        "en": "Here are the programs in my information, by the center their sources name:",
        "es": "Estos son los programas que tengo, según el centro que indican las fuentes:",
    },
    "catalog_unconfirmed": {"en": "Center not confirmed", "es": "Centro sin confirmar"},
    "compare": {"en": "Here is what I have on each:", "es": "Esto es lo que tengo de cada uno:"},
    "also": {"en": "Also:", "es": "Además:"},
    # -- who is asking -------------------------------------------------------------------------------------
    "you:student": {"en": "you", "es": "usted"},
    "you:parent": {"en": "your child", "es": "su hijo o hija"},
    "your:student": {"en": "your", "es": "su"},
    "your:parent": {"en": "your child's", "es": "su"},
    # -- messages that are not questions about the programs -------------------------------------------------
    "crisis": {
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
            "Soy un asistente de programas de carreras y no puedo ayudarte con esto, "
            "pero las personas del 988 sí pueden."
        ),
    },
    "crisis:parent": {
        "en": (
            "I'm so sorry. What your child said matters, and you are right to take it seriously.\n\n"
            "- **Call or text 988** (the 988 Suicide & Crisis Lifeline) now, any time, day or night, or chat at "
            "988lifeline.org. They help parents too, and can tell you what to say and do.\n"
            "- If your child is in immediate danger, **call 911** and stay with them.\n"
            "- Stay with your child, keep medicines and anything they could hurt themselves with out of reach, "
            "and let the school counselor know.\n\n"
            "I'm a career-program assistant, so I can't help with this myself, but the people at 988 can."
        ),
        "es": (
            "Lo siento mucho. Lo que dijo su hijo o hija es importante y hace bien en tomarlo en serio.\n\n"
            "- **Llame o envíe un mensaje de texto al 988** (988 Suicide & Crisis Lifeline) ahora, a cualquier hora. "
            'Para español, marque 988 y oprima 2, o envíe "AYUDA" al 988. También ayudan a los padres.\n'
            "- Si su hijo o hija está en peligro inmediato, **llame al 911** y quédese con él o ella.\n"
            "- Quédese con su hijo o hija, guarde medicinas y objetos peligrosos, y avise al consejero escolar.\n\n"
            "Soy un asistente de programas de carreras y no puedo ayudar con esto, pero las personas del 988 sí pueden."
        ),
    },
    "abuse": {
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
    },
    "abuse:parent": {
        "en": (
            "I'm sorry. Your child deserves to be safe, and you are right to act.\n\n"
            "- If your child is in danger right now, **call 911**.\n"
            "- Tell the school counselor or principal today; schools must act on reports of abuse and bullying.\n"
            "- You can **call or text 988** (the 988 Suicide & Crisis Lifeline) any time for support and advice."
        ),
        "es": (
            "Lo siento. Su hijo o hija merece estar a salvo y hace bien en actuar.\n\n"
            "- Si está en peligro ahora, **llame al 911**.\n"
            "- Avise hoy al consejero o al director de la escuela; la escuela debe actuar ante el abuso o el acoso.\n"
            "- Puede **llamar o enviar un texto al 988** (oprima 2 para español) a cualquier hora para recibir apoyo."
        ),
    },
    "harmful": {
        "en": (
            "I can't help with that. I'm here for questions about the career technical education programs. "
            "If someone could get hurt, please talk to a trusted adult or call 911."
        ),
        "es": (
            "No puedo ayudar con eso. Estoy aquí para preguntas sobre los programas de educación técnica. "
            "Si alguien podría salir lastimado, hable con un adulto de confianza o llame al 911."
        ),
    },
    "injection": {
        "en": "I can't change my instructions. I can answer questions about the career programs.",
        "es": "No puedo cambiar mis instrucciones. Puedo responder preguntas sobre los programas.",
    },
    "advice": {
        "en": (
            "I can't give medical, legal or financial advice. Please ask a professional: a doctor, nurse or "
            "pharmacist for health questions, a lawyer or legal aid office for legal ones, and a financial "
            "adviser for money decisions. I can help with questions about the career programs."
        ),
        "es": (
            "No puedo dar consejos médicos, legales ni financieros. Consulte a un profesional: un médico, una "
            "enfermera o un farmacéutico para la salud, un abogado para asuntos legales, y un asesor financiero "
            "para el dinero. Puedo ayudar con preguntas sobre los programas de carreras."
        ),
    },
    "smalltalk": {
        "en": (
            "Hi! I answer questions about the district's career technical education programs: what they teach, "
            'schedules, college credit, internships and how to apply. Try "Which program fits someone who likes '
            'building things?"'
        ),
        "es": (
            "¡Hola! Respondo preguntas sobre los programas de educación técnica del distrito: qué enseñan, "
            'horarios, créditos universitarios, prácticas y cómo inscribirse. Pruebe: "¿Qué programa es bueno '
            'para alguien a quien le gusta construir?"'
        ),
    },
    "off_topic": {
        "en": (
            "I can only help with the career technical education programs: what they teach, schedules, college "
            'credit, internships and how to apply. Try asking "Which program fits someone who likes building things?"'
        ),
        "es": (
            "Solo puedo ayudar con los programas de educación técnica: qué enseñan, horarios, créditos "
            'universitarios, prácticas y cómo inscribirse. Pruebe: "¿Qué programa es bueno para alguien a quien '
            'le gusta construir?"'
        ),
    },
    "junk": {
        "en": (
            "I couldn't read a question in that. Please ask about the career programs, "
            'for example "What programs are there?"'
        ),
        "es": 'No pude leer una pregunta en eso. Pregunte sobre los programas, por ejemplo "¿Qué programas hay?"',
    },
    "empty": {
        "en": 'Please type a question about the career programs, for example "What programs are there?"',
        "es": 'Escriba una pregunta sobre los programas, por ejemplo "¿Qué programas hay?"',
    },
    "too_long": {
        "en": f"That message is too long. Please ask in fewer than {MAX_QUESTION_CHARS:,} characters.",
        "es": f"El mensaje es demasiado largo. Pregunte en menos de {MAX_QUESTION_CHARS:,} caracteres.",
    },
}


def say(key: str, lang: Lang, audience: str = "student", **values: str) -> str:
    """A reply in the user's language, addressed to whoever asked."""
    text = REPLIES[key][lang]
    person = {
        "you": REPLIES[f"you:{audience}"][lang] if f"you:{audience}" in REPLIES else REPLIES["you:student"][lang],
        "your": REPLIES[f"your:{audience}"][lang] if f"your:{audience}" in REPLIES else REPLIES["your:student"][lang],
    }
    return text.format(**{**person, **values})


def for_audience(key: str, audience: str) -> str:
    """The audience's own version of a reply when it has one ("crisis:parent"), else the general one."""
    return f"{key}:{audience}" if f"{key}:{audience}" in REPLIES else key
