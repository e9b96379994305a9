"""The labelled corpus: every back-issue text imports to its expected manifest, field by field."""

from __future__ import annotations

import pytest

from jianbao_cli.importers import import_file

from tests.importers.accuracy import (
    HELDOUT,
    WEB,
    Tally,
    compare,
    corpus_pairs,
    format_report,
    load_label,
    run_corpus,
    unwarned_total,
)

PAIRS = corpus_pairs()
WEB_PAIRS = corpus_pairs(WEB)
ALL_PAIRS = PAIRS + corpus_pairs(HELDOUT) + WEB_PAIRS


def test_corpus_is_big_enough():
    assert len(PAIRS) >= 12
    assert all(expected.is_file() for _, expected in PAIRS)


@pytest.mark.parametrize("text_path,expected_path", ALL_PAIRS, ids=[p.stem for p, _ in ALL_PAIRS])
def test_corpus_file(text_path, expected_path):
    expected = load_label(expected_path)
    result = import_file(text_path)
    comparison = compare(text_path.name, result.issue, expected, {})
    assert comparison.differences == []
    assert result.issue == expected


def test_accuracy_report(capsys):
    tallies, comparisons, warnings, failures = run_corpus()
    report = format_report(tallies, comparisons, warnings, failures)
    with capsys.disabled():
        print("\n" + report)
    assert not failures
    assert all(isinstance(t, Tally) and t.total > 0 for t in tallies.values())
    for key in ("series", "date", "article titles", "paragraphs"):
        assert tallies[key].ratio == 1.0, report


def test_warnings_in_corpus_are_where_expected():
    """Uncertain places are reported: the shortened contents title, the 专刊, the removed control character."""
    by_name = {p.name: import_file(p).warnings for p, _ in PAIRS}
    shortened = [w for w in by_name["13-special-issue-shortened-title.txt"] if w.field.endswith(".title")]
    assert shortened and "相似度" in shortened[0].message
    assert any(w.field == "supplement" for w in by_name["13-special-issue-shortened-title.txt"])
    assert any("U+0007" in w.message for w in by_name["06-total-number-noise-two-line-title.txt"])
    assert any("没有目录" in w.message for w in by_name["02-no-contents-glued-date.txt"])
    # a clean issue has no warnings at all
    assert by_name["04-chinese-numerals-enumeration.txt"] == []


def test_second_corpus_is_big_and_varied():
    assert len(WEB_PAIRS) >= 12
    suffixes = {source.suffix for source, _ in WEB_PAIRS}
    assert {".txt", ".html", ".htm", ".mhtml", ".mht"} <= suffixes


@pytest.mark.parametrize("folder", [None, HELDOUT, WEB], ids=["corpus", "heldout", "web"])
def test_no_field_is_wrong_without_a_warning_on_it(folder, capsys):
    tallies, comparisons, warnings, failures = run_corpus(*([folder] if folder else []))
    report = format_report(tallies, comparisons, warnings, failures, title=str(folder or "corpus"))
    with capsys.disabled():
        print("\n" + report)
    assert not failures
    assert unwarned_total(tallies) == 0, report
