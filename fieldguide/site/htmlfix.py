"""Small, exact repairs to Material 9.8.1's page markup that the Nu HTML Checker rejects.

Each rule names the markup it fixes; anything else passes through unchanged.
"""

from __future__ import annotations

import re

# <input type="checkbox" ... autocomplete="off">: autocomplete is not allowed on checkboxes.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
# <label ... tabindex="">: an empty tabindex is invalid; leaving it out means the same.
_EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex=""')
# <label for="__toc">: Material leaves this on pages whose table of contents is empty,
# where the __toc checkbox it points at is not rendered.
_TOC_LABEL = re.compile(r'(<label class="md-nav__(?:title|link[^"]*)"[^>]*?) for="__toc"')


def repair(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    return html
