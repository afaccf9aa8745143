"""Writing records out as documents: plain text, Markdown and HTML.

User text is data, never markup: `text.neutralise` makes control characters visible and harmless,
`markdown.escape_md` is the one Markdown escaper, and `templates` renders the Jinja2 templates in
`handover/templates/` (HTML with autoescape; Markdown where every value must pass through `escape_md`).
"""
