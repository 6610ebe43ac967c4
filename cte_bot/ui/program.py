"""A program's page (`?program=<id>`): its key facts, every section with its sources, a link and QR code to
share, a printable one-page sheet in English and Spanish, and a chat that stays on the program.

Everything shown is quoted from the program's document in the live index; a field the document leaves out says
"not in our sources", and a time-sensitive or placeholder fact asks the reader to confirm with a counselor.
"""

from __future__ import annotations

import html
import io
from urllib.parse import urlparse

import segno
import streamlit as st

from cte_bot.chain import Bot
from cte_bot.lexicon import Lang
from cte_bot.programs import ProgramSheet, SheetSection, SourceLink
from cte_bot.ui import chat
from cte_bot.ui.links import Link, link_to
from cte_bot.ui.strings import STRINGS, text

# The key facts every program page and the compare table show, in this order (strings key suffixes).
KEY_FACTS = ("center", "sector", "session", "grades", "college_credit", "certifications", "internships", "careers")


def key_facts(sheet: ProgramSheet, lang: Lang) -> dict[str, str]:
    """A program's key facts as `label -> value`, with "not in our sources" where the document says nothing."""
    values = {
        "center": sheet.center,
        "sector": sheet.sector,
        "session": sheet.session,
        "grades": ", ".join(str(g) for g in sheet.grades),
        "college_credit": sheet.college_credit,
        "certifications": "; ".join(sheet.certifications),
        "internships": sheet.internships,
        "careers": ", ".join(sheet.careers),
    }
    return {text(f"program.field.{k}", lang): values[k] or text("program.not_in_sources", lang) for k in KEY_FACTS}


def heading(section: SheetSection, lang: Lang) -> str:
    """A section's heading in the reader's language: program pages share a few standard headings."""
    key = f"program.heading.{section.heading}"
    return text(key, lang) if key in STRINGS else section.heading


def markdown_safe(passage: str) -> str:
    """A quoted passage as Streamlit markdown shows it literally ("$15" is money, not the start of math)."""
    return passage.replace("$", "\\$")


def _readable(source: SourceLink) -> str:
    """A source's name; a web page with no label is named by its site ("roc.kernhigh.org"), linked to the page."""
    if source.url and source.label == source.source:
        return urlparse(source.url).netloc.removeprefix("www.")
    return source.label


def source_markdown(sources: tuple[SourceLink, ...]) -> str:
    """Readable names, web pages as links."""
    names = [_readable(s).replace("[", "(").replace("]", ")") for s in sources]
    return ", ".join(f"[{n}]({s.url})" if s.url else n for n, s in zip(names, sources, strict=True))


def share_url(link_params: dict[str, str | None]) -> str:
    """The page's address to share: absolute when the browser told us where the app lives, else relative."""
    base = (st.context.url or "").split("?")[0]
    return link_to(base, **link_params)


def qr_png(url: str) -> bytes:
    """A QR code of the page's address, for a flyer or a phone held up to the screen."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


# -- the printable sheet -----------------------------------------------------------------------------------
PRINT_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111;
       max-width: 48rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 18pt; margin: 0 0 .2rem; }
h2 { font-size: 11.5pt; margin: .8rem 0 .2rem; }
p { margin: .2rem 0; }
ol { margin: .2rem 0; padding-left: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; vertical-align: top; padding: .15rem .4rem; border-bottom: 1px solid #ccc; }
th { width: 28%; }
.meta, .source, .confirm, footer { font-size: 8pt; color: #333; }
.confirm { font-weight: bold; }
.qr { float: right; width: 1.1in; height: 1.1in; margin-left: .5rem; }
@page { size: letter; margin: .5in; }
@media print { body { margin: 0; max-width: none; font-size: 9pt; } a { color: #111; text-decoration: none; }
               h2 { break-after: avoid; } section { break-inside: avoid; } }
"""


def _paragraphs(passage: str) -> str:
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in passage.split("\n\n") if p.strip())


def _html_name(source: SourceLink) -> str:
    label = html.escape(source.label)
    return f'<a href="{html.escape(source.url)}">{label}</a>' if source.url else label


def _html_source_list(sources: list[SourceLink], lang: Lang) -> str:
    """The sheet's sources once, numbered, at the end: each section cites them by number to keep one page."""
    items = "".join(f"<li>{_html_name(s)}</li>" for s in sources)
    return f'<h2>{html.escape(text("program.sources", lang))}</h2><ol class="source">{items}</ol>'


def _html_cites(cited: tuple[SourceLink, ...], numbered: list[SourceLink], lang: Lang) -> str:
    numbers = ", ".join(f"[{numbered.index(s) + 1}]" for s in cited)
    return f'<p class="source">{html.escape(text("program.sources", lang))}: {numbers}</p>'


def sheet_html(sheet: ProgramSheet, lang: Lang, url: str) -> str:
    """A self-contained one-page program sheet to print or send: key facts, sections, sources, link and QR."""
    qr = segno.make(url, error="m")
    facts = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in key_facts(sheet, lang).items()
    )
    parts = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(sheet.title)}</title><style>{PRINT_STYLE}</style></head><body>",
        f'<img class="qr" src="{qr.png_data_uri(scale=4, border=1)}" '
        f'alt="{html.escape(text("program.qr_alt", lang, program=sheet.title))}">',
        f"<h1>{html.escape(sheet.title)}</h1>",
        f'<p class="meta">{html.escape(text("program.sheet_link", lang))}: <a href="{html.escape(url)}">'
        f"{html.escape(url)}</a></p>",
    ]
    if lang == "es" and sheet.spanish_summary:
        parts.append(_paragraphs(sheet.spanish_summary))
    parts.append(f"<table>{facts}</table>")
    if lang == "es":
        parts.append(f'<p class="meta">{html.escape(text("program.facts_in_english", lang))}</p>')
    quoted = [*sheet.sections, *(f for f in sheet.facts if not f.sample)]
    numbered = list(dict.fromkeys([*sheet.sources, *(c for section in quoted for c in section.sources)]))
    parts.append(_html_cites(sheet.sources, numbered, lang))
    for section in sheet.sections:
        parts.append(f"<section><h2>{html.escape(heading(section, lang))}</h2>{_paragraphs(section.text_in(lang))}")
        if not section.has(lang):
            parts.append(f'<p class="meta">{html.escape(text("program.english_only", lang))}</p>')
        parts.append(_html_cites(section.sources, numbered, lang))
        if section.confirm:
            parts.append(f'<p class="confirm">{html.escape(text("program.confirm", lang))}</p>')
        parts.append("</section>")
    if sheet.facts:
        parts.append(f"<section><h2>{html.escape(text('program.more_details', lang))}</h2>")
        for fact in sheet.facts:
            # a sample fact is placeholder data: the sheet says it is unconfirmed, never what it says
            told = text("program.sample", lang) if fact.sample else fact.text
            parts.append(f"<p><strong>{html.escape(fact.heading)}:</strong> {html.escape(told)}</p>")
            if not fact.sample:
                parts.append(_html_cites(fact.sources, numbered, lang))
        parts.append("</section>")
    parts.append(_html_source_list(numbered, lang))
    parts.append(f"<footer><p>{html.escape(text('program.sheet_footer', lang, path=sheet.path))}</p></footer>")
    parts.append("</body></html>")
    return "".join(parts)


# -- the page ----------------------------------------------------------------------------------------------
def _sources_caption(sources: tuple[SourceLink, ...], lang: Lang, confirm: bool) -> None:
    # Plain markdown, not a caption: a caption's faded text would take links below WCAG contrast.
    st.markdown(f"{text('program.sources', lang)}: {source_markdown(sources)}")
    if confirm:
        st.caption(f"⚠️ {text('program.confirm', lang)}")


def _key_facts(sheet: ProgramSheet, lang: Lang) -> None:
    st.subheader(text("program.key_facts", lang))
    st.markdown("\n".join(f"- **{label}:** {markdown_safe(value)}" for label, value in key_facts(sheet, lang).items()))
    if lang == "es":
        st.caption(text("program.facts_in_english", lang))
    _sources_caption(sheet.sources, lang, sheet.verify)


def _sections(sheet: ProgramSheet, lang: Lang) -> None:
    for section in sheet.sections:
        st.subheader(heading(section, lang))
        st.markdown(markdown_safe(section.text_in(lang)))
        if not section.has(lang):
            st.caption(text("program.english_only", lang))
        if section.sources != sheet.sources:  # the program's own sources are listed once, under its key facts
            _sources_caption(section.sources, lang, section.confirm)
        elif section.confirm:
            st.caption(f"⚠️ {text('program.confirm', lang)}")


def _facts(sheet: ProgramSheet, lang: Lang) -> None:
    if not sheet.facts:
        return
    st.subheader(text("program.more_details", lang))
    for fact in sheet.facts:
        if fact.sample:
            # placeholder data the district has not confirmed: say what is missing, never state it as fact
            st.markdown(f"- **{fact.heading}:** {text('program.sample', lang)}")
            continue
        st.markdown(f"- **{fact.heading}:** {markdown_safe(fact.text)}")
        _sources_caption(fact.sources, lang, fact.confirm)
    if lang == "es":
        st.caption(text("program.facts_in_english", lang))


def _share(sheet: ProgramSheet, link: Link) -> None:
    lang = link.lang
    st.subheader(text("program.share", lang))
    url = share_url({"program": sheet.id, "lang": lang})
    st.caption(text("program.copy_link", lang))
    st.code(url, language=None)
    caption = text("program.qr_alt", lang, program=sheet.title)
    st.image(qr_png(url), caption=caption, alt=caption, width=180)
    st.caption(text("program.print_help", lang))
    for sheet_lang in ("en", "es"):
        sheet_url = share_url({"program": sheet.id, "lang": sheet_lang})
        st.download_button(
            text(f"program.print_{sheet_lang}", lang),
            data=sheet_html(sheet, sheet_lang, sheet_url),
            file_name=f"{sheet.id}-{sheet_lang}.html",
            mime="text/html",
            key=f"program-sheet-{sheet_lang}",
            on_click="ignore",  # a download needs no rerun: the chat below keeps its place
        )


def render(bot: Bot, link: Link) -> None:
    lang = link.lang
    sheet = bot.program(link.program or "")
    if sheet is None:  # the router only sends known ids here; a re-ingest can still drop one
        st.info(text("app.unknown_program", lang, program=link.program or ""))
        return
    st.title(sheet.title)
    st.caption(" · ".join(v for v in (sheet.center, sheet.sector) if v))
    if lang == "es" and sheet.spanish_summary:
        st.markdown(markdown_safe(sheet.spanish_summary))
    _key_facts(sheet, lang)
    _sections(sheet, lang)
    _facts(sheet, lang)
    _share(sheet, link)
    st.divider()
    st.subheader(text("program.ask", lang, program=sheet.title))
    chat.conversation(bot, link, focus=sheet.id)
