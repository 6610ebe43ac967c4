"""Every word the app shows, in English and Spanish: one table, so a district edits text in one place.

`text(key, lang, **values)` looks a string up and fills its `{placeholders}`. Views never hold literals.
Each view keeps its keys in its own block below (prefix = view name).
"""

from __future__ import annotations

from cte_bot.lexicon import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    # -- app: title, navigation, language, footer, link errors ---------------------------------------------
    "app.title": {"en": "CTE Pathways Assistant", "es": "Asistente de Trayectorias CTE"},
    "app.language": {"en": "Language", "es": "Idioma"},
    "app.nav": {"en": "Go to", "es": "Ir a"},
    "nav.chat": {"en": "Ask a question", "es": "Hacer una pregunta"},
    "nav.finder": {"en": "Find my pathway", "es": "Encontrar mi trayectoria"},
    "nav.browse": {"en": "Browse and compare programs", "es": "Explorar y comparar programas"},
    "nav.schedule": {"en": "Schedules and logistics", "es": "Horarios y logística"},
    "app.unknown_program": {
        "en": 'We couldn\'t find a program called "{program}". Here is the main page instead.',
        "es": 'No encontramos un programa llamado "{program}". Aquí está la página principal.',
    },
    "app.unknown_lang": {
        "en": "That language isn't available yet; showing English.",
        "es": "Ese idioma aún no está disponible; se muestra en inglés.",
    },
    "app.footer": {
        "en": "Answers come only from the district's program information (Kern High School District ROC and CTEC, "
        "and Pasadena's CTE pilot), each with its source. Please confirm details with your counselor.",
        "es": "Las respuestas vienen solo de la información de programas del distrito (ROC y CTEC del Distrito Kern "
        "High School, y el programa piloto CTE de Pasadena), cada una con su fuente. Confirme los detalles con su "
        "consejero.",
    },
    # -- chat ----------------------------------------------------------------------------------------------
    "chat.intro": {
        "en": "Ask about Career Technical Education programs, schedules, college credit, internships and how to "
        "apply. Answers come only from the district's program information, with sources.",
        "es": "Pregunte sobre los programas de Educación Técnica Profesional (CTE), horarios, créditos "
        "universitarios, prácticas y cómo inscribirse. Las respuestas vienen solo de la información de programas "
        "del distrito, con sus fuentes.",
    },
    "chat.try": {"en": "Try one of these:", "es": "Pruebe una de estas preguntas:"},
    "chat.starter.1": {
        "en": "Which program fits me if I like working with my hands?",
        "es": "¿Qué programa me conviene si me gusta trabajar con las manos?",
    },
    "chat.starter.2": {
        "en": "Are there morning and afternoon classes?",
        "es": "¿Hay clases en la mañana y en la tarde?",
    },
    "chat.starter.3": {
        "en": "Can students earn college credit?",
        "es": "¿Pueden los estudiantes obtener créditos universitarios?",
    },
    "chat.starter.4": {"en": "Do students get internships?", "es": "¿Los estudiantes hacen prácticas?"},
    "chat.starter.5": {"en": "How do I apply?", "es": "¿Cómo me inscribo?"},
    "chat.starter.6": {
        "en": "How many hours a day do students go to the center?",
        "es": "¿Cuántas horas al día van los estudiantes al centro?",
    },
    "chat.program_starter.1": {
        "en": "What do students do in {title}?",
        "es": "¿Qué hacen los estudiantes en {title}?",
    },
    "chat.program_starter.2": {
        "en": "Can I earn college credit or certifications in {title}?",
        "es": "¿Puedo obtener créditos universitarios o certificaciones en {title}?",
    },
    "chat.program_starter.3": {
        "en": "What careers can {title} lead to?",
        "es": "¿A qué carreras puede llevar {title}?",
    },
    "chat.program_starter.4": {"en": "Who can enroll in {title}?", "es": "¿Quién puede inscribirse en {title}?"},
    "chat.placeholder": {
        "en": "Ask about programs, schedules, college credit...",
        "es": "Pregunte sobre programas, horarios, créditos...",
    },
    "chat.thinking": {"en": "Looking that up...", "es": "Buscando la respuesta..."},
    "chat.loading": {
        "en": "Getting ready... you can already type your question.",
        "es": "Preparando todo... ya puede escribir su pregunta.",
    },
    "chat.sources": {"en": "Sources ({count})", "es": "Fuentes ({count})"},
    "chat.file": {"en": "file", "es": "archivo"},
    "chat.follow_ups": {"en": "You could also ask:", "es": "También puede preguntar:"},
    "chat.share": {"en": "Share this question", "es": "Compartir esta pregunta"},
    "chat.share_help": {
        "en": "Copy this link: it opens the app and asks this question.",
        "es": "Copie este enlace: abre la aplicación y hace esta pregunta.",
    },
    "chat.start_over": {"en": "Start over", "es": "Empezar de nuevo"},
    # -- program page --------------------------------------------------------------------------------------
    "program.key_facts": {"en": "Key facts", "es": "Datos principales"},
    "program.field.center": {"en": "Center", "es": "Centro"},
    "program.field.sector": {"en": "Industry sector", "es": "Sector industrial"},
    "program.field.session": {"en": "Sessions", "es": "Sesiones"},
    "program.field.grades": {"en": "Grades", "es": "Grados"},
    "program.field.college_credit": {"en": "College credit", "es": "Crédito universitario"},
    "program.field.certifications": {"en": "Certifications", "es": "Certificaciones"},
    "program.field.internships": {"en": "Internships", "es": "Prácticas (internships)"},
    "program.field.careers": {"en": "Careers", "es": "Carreras"},
    "program.not_in_sources": {
        "en": "Not in our sources — ask your counselor",
        "es": "No está en nuestras fuentes — pregunte a su consejero",
    },
    "program.facts_in_english": {
        "en": "Key facts are quoted in English from the program file.",
        "es": "Los datos principales se citan en inglés, tal como aparecen en el archivo del programa.",
    },
    "program.english_only": {
        "en": "Our sources have this part in English only.",
        "es": "Nuestras fuentes tienen esta parte solo en inglés.",
    },
    "program.sources": {"en": "Sources", "es": "Fuentes"},
    "program.confirm": {
        "en": "Please confirm with your counselor: this may change from year to year.",
        "es": "Por favor confirme con su consejero: esto puede cambiar de un año a otro.",
    },
    "program.more_details": {"en": "More details", "es": "Más detalles"},
    "program.sample": {
        "en": "not confirmed in our sources yet — please confirm with your counselor.",
        "es": "aún no está confirmado en nuestras fuentes — por favor confirme con su consejero.",
    },
    "program.heading.Overview": {"en": "Overview", "es": "Resumen"},
    "program.heading.Who it fits": {"en": "Who it fits", "es": "Para quién es"},
    "program.heading.What students do": {"en": "What students do", "es": "Qué hacen los estudiantes"},
    "program.heading.Schedule": {"en": "Schedule", "es": "Horario"},
    "program.heading.College credit and certifications": {
        "en": "College credit and certifications",
        "es": "Crédito universitario y certificaciones",
    },
    "program.heading.Who can enroll": {"en": "Who can enroll", "es": "Quién se puede inscribir"},
    "program.heading.Careers and next steps": {"en": "Careers and next steps", "es": "Carreras y siguientes pasos"},
    "program.heading.Where it meets": {"en": "Where it meets", "es": "Dónde se reúne"},
    "program.heading.Internships": {"en": "Internships", "es": "Prácticas (internships)"},
    "program.share": {"en": "Share or print this page", "es": "Compartir o imprimir esta página"},
    "program.copy_link": {
        "en": "Link to this page (select it and copy, or use the copy button):",
        "es": "Enlace a esta página (selecciónelo y cópielo, o use el botón de copiar):",
    },
    "program.qr_alt": {
        "en": "QR code that opens the {program} page",
        "es": "Código QR que abre la página de {program}",
    },
    "program.print_help": {
        "en": "A one-page program sheet to print or send (open it in a browser, then print):",
        "es": "Una hoja del programa de una página para imprimir o enviar (ábrala en un navegador e imprímala):",
    },
    "program.print_en": {"en": "Download the program sheet (English)", "es": "Descargar la hoja del programa (inglés)"},
    "program.print_es": {
        "en": "Download the program sheet (Spanish)",
        "es": "Descargar la hoja del programa (español)",
    },
    "program.sheet_link": {"en": "Online", "es": "En línea"},
    "program.sheet_footer": {
        "en": "From the district's program information ({path}). Please confirm details with your counselor.",
        "es": "De la información de programas del distrito ({path}). Por favor confirme los detalles con su consejero.",
    },
    "program.ask": {"en": "Ask about {program}", "es": "Pregunte sobre {program}"},
    # -- browse and compare --------------------------------------------------------------------------------
    "browse.title": {"en": "Browse and compare programs", "es": "Explorar y comparar programas"},
    "browse.intro": {
        "en": "Every program in the district's program information. Narrow the list, open a program's page, or "
        "compare two or three side by side.",
        "es": "Todos los programas de la información del distrito. Reduzca la lista, abra la página de un programa "
        "o compare dos o tres lado a lado.",
    },
    "browse.search": {"en": "Search programs", "es": "Buscar programas"},
    "browse.search_hint": {
        "en": "A program, a career or an interest (welding, nurse, animals)",
        "es": "Un programa, una carrera o un interés (welding, nurse, animals)",
    },
    "browse.any": {"en": "Any", "es": "Cualquiera"},
    "browse.center": {"en": "Center", "es": "Centro"},
    "browse.sector": {"en": "Industry sector", "es": "Sector industrial"},
    "browse.session": {"en": "Session", "es": "Sesión"},
    "browse.time.morning": {"en": "Morning", "es": "Mañana"},
    "browse.time.afternoon": {"en": "Afternoon", "es": "Tarde"},
    "browse.time.evening": {"en": "Evening", "es": "Noche"},
    "browse.time.full_day": {"en": "Full school day", "es": "Día escolar completo"},
    "browse.credit": {"en": "College credit", "es": "Crédito universitario"},
    "browse.certification": {"en": "Certification", "es": "Certificación"},
    "browse.internship": {"en": "Internship", "es": "Prácticas (internship)"},
    "browse.named.any": {"en": "Any", "es": "Cualquiera"},
    "browse.named.yes": {"en": "Yes", "es": "Sí"},
    "browse.named.no": {"en": "Not in our sources", "es": "No está en nuestras fuentes"},
    "browse.count": {"en": "Programs shown: {shown}", "es": "Programas que se muestran: {shown}"},
    "browse.none": {
        "en": "No program matches all of these. Try fewer filters, or ask your counselor.",
        "es": "Ningún programa cumple con todo esto. Pruebe con menos filtros o pregunte a su consejero.",
    },
    "browse.compare": {"en": "Compare programs", "es": "Comparar programas"},
    "browse.compare_pick": {"en": "Programs to compare (up to 3)", "es": "Programas para comparar (hasta 3)"},
    "browse.compare_placeholder": {"en": "Choose programs", "es": "Elija programas"},
    "browse.compare_help": {
        "en": "Choose two or three programs to see them side by side.",
        "es": "Elija dos o tres programas para verlos lado a lado.",
    },
    "browse.compare_alt": {
        "en": "The chosen programs' key facts side by side, one column per program",
        "es": "Los datos principales de los programas elegidos lado a lado, una columna por programa",
    },
    "browse.field": {"en": "Key fact", "es": "Dato"},
    # -- schedule ------------------------------------------------------------------------------------------
    "schedule.title": {"en": "Schedules and logistics", "es": "Horarios y logística"},
    "schedule.intro": {
        "en": "What families ask before signing up, in the words of the district's program information. "
        "Each answer shows its source; please confirm details with your counselor.",
        "es": "Lo que las familias preguntan antes de inscribirse, con las palabras de la información de programas "
        "del distrito. Cada respuesta muestra su fuente; por favor confirme los detalles con su consejero.",
    },
    "schedule.topic.session_times": {"en": "Sessions and times", "es": "Sesiones y horarios"},
    "schedule.topic.daily_hours": {"en": "Hours per day", "es": "Horas por día"},
    "schedule.topic.hours_per_year": {"en": "Length of the program", "es": "Duración del programa"},
    "schedule.topic.eligibility": {"en": "Who can attend (grades)", "es": "Quién puede asistir (grados)"},
    "schedule.topic.transport": {"en": "Getting there", "es": "Transporte"},
    "schedule.topic.apply": {"en": "How and when to apply", "es": "Cómo y cuándo inscribirse"},
    "schedule.topic.cost": {"en": "Cost", "es": "Costo"},
    "schedule.by_program": {"en": "Each program's session", "es": "La sesión de cada programa"},
    "schedule.by_program_help": {
        "en": "As each program's file states it (in English), with the source that file cites first.",
        "es": "Tal como lo indica el archivo de cada programa (en inglés), con la primera fuente que cita ese archivo.",
    },
    "schedule.col.center": {"en": "Center", "es": "Centro"},
    "schedule.col.program": {"en": "Program", "es": "Programa"},
    "schedule.col.session": {"en": "Session", "es": "Sesión"},
    "schedule.col.grades": {"en": "Grades", "es": "Grados"},
    "schedule.table_alt": {
        "en": "Each program's center, session and grades, with its source",
        "es": "El centro, la sesión y los grados de cada programa, con su fuente",
    },
    # -- finder --------------------------------------------------------------------------------------------
    "finder.title": {"en": "Find a pathway that fits you", "es": "Encuentra una trayectoria para ti"},
    "finder.intro": {
        "en": "Answer a few quick questions, say what you like in your own words, or both. We never ask your name, "
        "and nothing you enter here is saved.",
        "es": "Responde unas preguntas rápidas, di con tus palabras lo que te gusta, o las dos cosas. Nunca pedimos "
        "tu nombre y nada de lo que escribas aquí se guarda.",
    },
    "finder.quiz": {"en": "How much would you like to...", "es": "¿Cuánto te gustaría..."},
    "finder.scale.0": {"en": "Not really", "es": "No mucho"},
    "finder.scale.1": {"en": "A little", "es": "Un poco"},
    "finder.scale.2": {"en": "A lot", "es": "Mucho"},
    "finder.item.r1": {"en": "Fix or build things with tools", "es": "Arreglar o construir cosas con herramientas"},
    "finder.item.r2": {"en": "Care for animals or work outdoors", "es": "Cuidar animales o trabajar al aire libre"},
    "finder.item.i1": {
        "en": "Find out how things work, like in a science lab",
        "es": "Descubrir cómo funcionan las cosas, como en un laboratorio de ciencias",
    },
    "finder.item.i2": {
        "en": "Solve puzzles, math or tricky problems",
        "es": "Resolver acertijos, matemáticas o problemas difíciles",
    },
    "finder.item.a1": {"en": "Draw, design or make art", "es": "Dibujar, diseñar o hacer arte"},
    "finder.item.a2": {
        "en": "Create music, videos, stories or games",
        "es": "Crear música, videos, historias o juegos",
    },
    "finder.item.s1": {"en": "Help people who are sick or hurt", "es": "Ayudar a personas enfermas o lastimadas"},
    "finder.item.s2": {"en": "Teach, coach or look after others", "es": "Enseñar, entrenar o cuidar a otros"},
    "finder.item.e1": {
        "en": "Lead a team or start my own business",
        "es": "Dirigir un equipo o empezar mi propio negocio",
    },
    "finder.item.e2": {
        "en": "Sell, persuade or speak in front of people",
        "es": "Vender, convencer o hablar en público",
    },
    "finder.item.c1": {
        "en": "Keep things organized and follow clear steps",
        "es": "Mantener las cosas organizadas y seguir pasos claros",
    },
    "finder.item.c2": {
        "en": "Work with numbers, records or computers",
        "es": "Trabajar con números, registros o computadoras",
    },
    "finder.free": {
        "en": "Or in your own words: what do you like to do?",
        "es": "O con tus palabras: ¿qué te gusta hacer?",
    },
    "finder.free_placeholder": {"en": "I like fixing cars and drawing", "es": "Me gusta arreglar carros y dibujar"},
    "finder.submit": {"en": "Show programs that fit", "es": "Mostrar programas para mí"},
    "finder.empty": {
        "en": "Pick a few activities above or tell us what you like, then press “Show programs that fit”.",
        "es": "Elige algunas actividades o cuéntanos qué te gusta, y luego presiona “Mostrar programas para mí”.",
    },
    "finder.none": {
        "en": "We couldn't match that to a program yet. Try other words (a hobby, a class you like, a job you "
        "imagine) or answer the quick questions.",
        "es": "Todavía no encontramos un programa para eso. Prueba con otras palabras (un pasatiempo, una clase "
        "que te guste, un trabajo que te imagines) o responde las preguntas rápidas.",
    },
    "finder.results": {"en": "Programs that may fit you", "es": "Programas que te pueden interesar"},
    "finder.your_letters": {"en": "Your strongest interests: {letters}", "es": "Tus intereses más fuertes: {letters}"},
    "finder.why_interests": {
        "en": "Matches what you like: {interests}",
        "es": "Coincide con lo que te gusta: {interests}",
    },
    "finder.why_letters": {"en": "Fits your answers: {letters}", "es": "Coincide con tus respuestas: {letters}"},
    "finder.letter.R": {"en": "Doer (hands-on)", "es": "Hacedor (práctico)"},
    "finder.letter.I": {"en": "Thinker (science)", "es": "Pensador (ciencia)"},
    "finder.letter.A": {"en": "Creator (arts)", "es": "Creador (arte)"},
    "finder.letter.S": {"en": "Helper (people)", "es": "Ayudante (personas)"},
    "finder.letter.E": {"en": "Persuader (leading)", "es": "Persuasor (liderazgo)"},
    "finder.letter.C": {"en": "Organizer (details)", "es": "Organizador (detalles)"},
    "finder.center": {"en": "Center", "es": "Centro"},
    "finder.session": {"en": "Sessions", "es": "Sesiones"},
    "finder.credit": {"en": "College credit", "es": "Créditos universitarios"},
    "finder.certifications": {"en": "Certifications", "es": "Certificaciones"},
    "finder.not_listed": {"en": "not in our sources", "es": "no aparece en nuestras fuentes"},
    "finder.open": {"en": "Open the program page", "es": "Ver la página del programa"},
    "finder.ask": {"en": "Ask about it in the chat", "es": "Preguntar en el chat"},
    "finder.ask_question": {"en": "Tell me about {title}", "es": "¿Qué es {title}?"},
    # -- feedback ------------------------------------------------------------------------------------------
    "feedback.thanks": {"en": "Thanks for the feedback!", "es": "¡Gracias por tu opinión!"},
    "feedback.comment": {
        "en": "Anything to add? (optional; please no names or contact details)",
        "es": "¿Algo más? (opcional; por favor sin nombres ni datos de contacto)",
    },
    "feedback.send": {"en": "Send", "es": "Enviar"},
    "feedback.sent": {
        "en": "Thanks! A counselor reviews these comments.",
        "es": "¡Gracias! Un consejero revisa estos comentarios.",
    },
    "feedback.unavailable": {
        "en": "Feedback can't be saved right now; the answer above is unaffected.",
        "es": "Ahora no se puede guardar tu opinión; la respuesta de arriba no cambia.",
    },
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The string for `key` in `lang` (English when a Spanish entry is missing), with `values` filled in."""
    entry = STRINGS[key]
    return entry.get(lang, entry["en"]).format(**values) if values else entry.get(lang, entry["en"])
