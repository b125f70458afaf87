"""The untranslated-text detector the language tests rely on (stint.core.testing.i18n)."""

from __future__ import annotations

from stint.core.testing.i18n import untranslated, visible_texts


def test_visible_texts_reads_text_and_read_out_attributes_but_not_code():
    html = (
        '<main><h1>Find projects</h1><button aria-label="Close dialog">×</button>'
        "<script>var x = 'Hidden';</script><code>GET /api</code>"
        '<p translate="no">Acme Ltd</p><input type="submit" value="Search"><img alt="Chart"><br>'
        "<p>After</p></main>"
    )
    assert visible_texts(html) == ["Find projects", "Close dialog", "×", "Search", "Chart", "After"]


def test_untranslated_flags_english_left_in_another_language():
    en = "<h1>Find projects</h1><p>Sales dashboard</p><p>$550.00</p><p>Apply now</p><p>Total</p>"
    fr = "<h1>Trouver des projets</h1><p>Sales dashboard</p><p>550,00 $</p><p>Apply now</p><p>Total</p>"
    assert untranslated(en, fr, data={"Sales dashboard"}) == ["Apply now"]


def test_data_pieces_joined_by_punctuation_are_data():
    en = "<p>Acme · Data analysis</p><p>2027-03-03</p><p>hello@example.com</p><p>data-analysis</p>"
    assert untranslated(en, en, data={"Acme", "Data analysis"}) == []
