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
        "en": "We couldn't find a program called \"{program}\". Here is the main page instead.",
        "es": "No encontramos un programa llamado \"{program}\". Aquí está la página principal.",
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
    # -- program page --------------------------------------------------------------------------------------
    # -- browse and compare --------------------------------------------------------------------------------
    # -- schedule ------------------------------------------------------------------------------------------
    # -- finder --------------------------------------------------------------------------------------------
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The string for `key` in `lang` (English when a Spanish entry is missing), with `values` filled in."""
    entry = STRINGS[key]
    return entry.get(lang, entry["en"]).format(**values) if values else entry.get(lang, entry["en"])
