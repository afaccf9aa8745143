"""Writing user text into documents: the one Markdown escaper, control characters neutralised, and templates
that escape every value (HTML by autoescape; Markdown by refusing any value that skipped escape_md).

Markdown is checked by rendering it with a real CommonMark parser (markdown-it-py, which Textual uses) and
reading the text back: what someone typed must come out as the same words, with no formatting."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import TemplateRuntimeError
from markdown_it import MarkdownIt

from handover.render.markdown import Markdown, escape_md
from handover.render.templates import _environment, render
from handover.render.text import neutralise

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "*bold* and **strong**",
    "_under_ and __double__",
    "a | b | c",
    "# not a heading",
    "`code` and ``more``",
    "[link](x) and ![image](y.png)",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "&amp; stays as typed",
    "~~struck~~",
    "- not a list",
    "+ not a list either",
    "3. not numbered",
    "> not a quote",
    "=====",
    "back\\slash\\",
    "<https://example.org>",
]


def rendered_text(markdown: str) -> str:
    """What a reader sees: the HTML a CommonMark renderer makes, without tags, entities decoded."""
    out = MarkdownIt("commonmark").enable("table").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


def tags_of(markdown: str) -> set[str]:
    out = MarkdownIt("commonmark").enable("table").render(markdown)
    return set(re.findall(r"<(\w+)", out))


@pytest.mark.parametrize("typed", HOSTILE)
def test_typed_text_reads_as_typed_with_no_formatting(typed: str) -> None:
    escaped = escape_md(typed)
    assert isinstance(escaped, Markdown)
    assert rendered_text(escaped) == typed
    assert tags_of(escaped) == {"p"}  # one plain paragraph: no heading, list, emphasis, code, link or tag


@pytest.mark.parametrize("typed", HOSTILE)
def test_typed_text_stays_in_its_table_cell(typed: str) -> None:
    table = f"| a | b |\n|---|---|\n| {escape_md(typed)} | next |\n"
    out = MarkdownIt("commonmark").enable("table").render(table)
    cells = re.findall(r"<td>(.*?)</td>", out)
    assert len(cells) == 2 and html.unescape(cells[0]) == typed and cells[1] == "next"


def test_line_breaks_become_spaces_or_kept_lines() -> None:
    typed = "First line\n- second line\n\n# third"
    assert escape_md(typed) == "First line - second line # third"  # mid-line, neither starts a block
    kept = escape_md(typed, keep_lines=True)
    assert rendered_text(f"- Note: {kept}") == "Note: First line\n- second line\n# third"
    assert tags_of(f"- Note: {kept}") == {"ul", "li", "br"}  # the lines stay inside their list item


def test_control_characters_are_made_visible_and_harmless() -> None:
    typed = "red\x1b[31m alert\rover\u202egnp.exe\x7f\x85\tand\nmore"
    assert neutralise(typed) == "red␛[31m alert␍over\ufffdgnp.exe␡\ufffd\tand\nmore"
    assert "\x1b" not in escape_md(typed) and "\r" not in escape_md(typed, keep_lines=True)


def test_a_markdown_template_refuses_a_value_that_skipped_the_escaper() -> None:
    env = _environment("md")
    assert env.from_string("{{ x | md }} #{{ n }}").render(x="*hi*", n=3) == r"\*hi\* #3"
    with pytest.raises(TemplateRuntimeError, match="without passing through escape_md"):
        env.from_string("{{ x }}").render(x="*hi*")


def test_an_html_template_escapes_every_value() -> None:
    env = _environment("html")
    page = env.from_string("<p>{{ x }}</p><p>{{ y | strong(words) }}</p>").render(
        x="<script>alert(1)</script> [bold]x[/bold] \x1b", y="<b>LAPSED</b>", words=("LAPSED",)
    )
    assert page == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/bold] ␛</p><p>&lt;b&gt;<strong>LAPSED</strong>&lt;/b&gt;</p>"
    )


def test_a_template_needs_a_known_escaping() -> None:
    with pytest.raises(ValueError, match="name it .html or .md"):
        render("sheet.txt")


def test_jinja2_loads_only_when_a_document_is_rendered() -> None:
    probe = "import sys, handover.sheet, handover.exports\nprint('jinja2' in sys.modules, 'markupsafe' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
