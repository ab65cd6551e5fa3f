"""Catalog text is data: Markdown is sanitised, plain text is escaped, Jinja stays literal."""

import re

from fieldguide.site.render import heading_text, markdown_to_html
from fieldguide.views.format import billions


def test_script_and_event_handlers_are_removed():
    html = markdown_to_html('Hi <script>alert(1)</script><img src=x onerror="alert(1)"> **there**')
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\sonerror", html)  # at most visible text, never an attribute
    assert "<strong>there</strong>" in html


def test_raw_html_is_shown_as_text_and_images_are_not_embedded():
    html = markdown_to_html('<div onclick="x">block</div>\n\nInline <b>tag</b> and ![alt](https://example.org/a.png)')
    assert "&lt;div onclick=" in html and "&lt;b&gt;tag&lt;/b&gt;" in html
    assert "<div" not in html and "<b>" not in html and "<img" not in html


def test_only_http_links_survive():
    html = markdown_to_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.org/)")
    assert html.count("<a ") == 1  # the others stay literal, inert text
    assert "[a](javascript:alert(1))" in html and "[b](data:text/html,x)" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">c</a>' in html


def test_attribute_syntax_is_not_interpreted():
    html = markdown_to_html('Text { onclick="alert(1)" }\n\n## Heading { #hijack }')
    assert not re.search(r"<[^>]*\sonclick=", html)
    assert 'id="hijack"' not in html and "<h2" not in html


def test_jinja_is_left_as_text():
    assert "{{ 7*7 }}" in markdown_to_html("Value {{ 7*7 }} and {% if x %}y{% endif %}")


def test_heading_text_escapes_markup_and_markdown():
    assert heading_text("<b>A*B_C</b> {#x}") == "&#60;b&#62;A&#42;B&#95;C&#60;&#47;b&#62; &#123;&#35;x&#125;"


def test_parameter_numbers_are_readable():
    assert [billions(0.34), billions(0.0262), billions(7.0), billions(46.7), billions(175), billions(1760)] == \
        ["340M", "26.2M", "7B", "46.7B", "175B", "1.76T"]
