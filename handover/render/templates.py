"""The Jinja2 templates in `handover/templates/`: the handover sheet and the exports, as HTML and Markdown.

`.html` templates render with autoescape on: every value is HTML-escaped unless it is `Markup` the code
built on purpose (from escaped parts). `.md` templates render with autoescape off, because HTML escaping is
wrong for Markdown; instead every value must pass through the `md` or `md_lines` filter (`escape_md`), or
arrive as `Markdown` already: anything else stops the render with an error, so no value can slip through
unescaped. In both, control characters in user text are neutralised (`handover.render.text`).

Import this module only where a document is rendered (the sheet and the exports do, inside the function
that renders), so Jinja2 is never loaded on the board's start path.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateRuntimeError
from markupsafe import Markup, escape

from handover.render.markdown import Markdown, escape_md
from handover.render.text import neutralise

Kind = Literal["html", "md"]


def _html_value(value: object) -> object:
    """Every value of an HTML template, before autoescape escapes it: control characters neutralised."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return neutralise(value)
    return value


def _markdown_value(value: object) -> object:
    """Every value of a Markdown template: escaped already, or a number (an id, a count), or an error."""
    if isinstance(value, Markdown) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TemplateRuntimeError(f"A value reached a Markdown template without passing through escape_md: {value!r}")


def _md_strong(text: object, words: tuple[str, ...]) -> Markdown:
    """Escaped for Markdown, with `words` in bold (the sheet's OVERDUE, LAPSED, UNOWNED: never colour alone)."""
    escaped = escape_md(text)
    for word in words:
        escaped = Markdown(escaped.replace(word, f"**{word}**"))
    return escaped


def _html_strong(text: object, words: tuple[str, ...]) -> Markup:
    """HTML-escaped, with `words` in <strong>."""
    escaped = escape(neutralise(str(text)))
    for word in words:
        escaped = escaped.replace(word, Markup("<strong>{}</strong>").format(word))
    return escaped


def _md_lines(text: object) -> Markdown:
    return escape_md(text, keep_lines=True)


@cache
def _environment(kind: Kind) -> Environment:
    options: dict[str, Any] = {
        "loader": PackageLoader("handover", "templates"),
        "undefined": StrictUndefined,  # a misspelt name fails the render instead of printing nothing
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = Environment(autoescape=True, finalize=_html_value, **options)
        env.filters["strong"] = _html_strong
        return env
    env = Environment(autoescape=False, finalize=_markdown_value, **options)
    env.filters.update(md=escape_md, md_lines=_md_lines, md_strong=_md_strong)
    return env


def render(template: str, **context: object) -> str:
    """Render `template` ("sheet.html", "record.md"...) with `context`; its extension chooses the escaping."""
    kind = template.rsplit(".", 1)[-1]
    if kind == "html":
        return _environment("html").get_template(template).render(**context)
    if kind == "md":
        return _environment("md").get_template(template).render(**context)
    raise ValueError(f"No escaping is known for the template {template!r}: name it .html or .md.")
