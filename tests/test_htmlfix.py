"""Repairs to Material's markup that the Nu HTML Checker rejects, applied to real pages."""

from fieldguide.site.htmlfix import repair


def test_checkbox_autocomplete_and_empty_tabindex_are_removed():
    html = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="text" class="md-search__input" autocomplete="off">'
            '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">')
    fixed = repair(html)
    assert 'id="__drawer">' in fixed and 'class="md-search__input" autocomplete="off"' in fixed
    assert 'tabindex=""' not in fixed and 'for="__nav_2"' in fixed


def test_toc_label_loses_its_target_only_when_there_is_no_toc():
    label = '<label class="md-nav__title" for="__toc">'
    assert repair(label) == '<label class="md-nav__title">'
    with_toc = label + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert repair(with_toc) == with_toc


def test_built_pages_are_repaired(built_site):
    html = (built_site / "concepts" / "index.html").read_text()
    assert 'tabindex=""' not in html and 'type="checkbox" id="__drawer" autocomplete' not in html
