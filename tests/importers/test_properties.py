"""Properties of the text importer: it never crashes, and where it is wrong it has said so."""

from __future__ import annotations

import importlib.util
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao_cli.importers import ImportFailed, import_file, import_text
from tests.conftest import REPO, SEED_TEXT
from tests.importers.accuracy import compare

LINES = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["本期导读", "目录", "第 6 期", "2008 年 10 月 28 日", "☞ 标题", "送：甲 乙", "（共印 5 份）",
                         "— 2 —", "", "编者按：", "一是", "抄送：", "2008 第 6 期（总第 7 期）", "增刊", "内部资料"]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(LINES)
def test_never_crashes_on_odd_text(lines):
    try:
        result = import_text("\n".join(lines))
    except ImportFailed as exc:
        assert str(exc)
    else:
        assert result.issue.article_count >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_seed_with_noise_lines_never_crashes(data):
    lines = SEED_TEXT.read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, len(lines)))
        lines.insert(position, data.draw(st.text(max_size=30)))
    try:
        import_text("\n".join(lines))
    except ImportFailed:
        pass


def _generator():
    spec = importlib.util.spec_from_file_location("import_bench", REPO / "bench" / "import_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def test_generated_back_issues_are_right_or_warned_on_the_wrong_field():
    """300 generated back issues in many layouts: each imports exactly, or every field that is wrong
    carries a warning on that field (a warning elsewhere does not count)."""
    generate = _generator()
    rng = random.Random(4)
    exact = 0
    for index in range(300):
        truth, text, _ = generate(rng, index)
        result = import_text(text)
        if result.issue == truth:
            exact += 1
        else:
            comparison = compare("g", result.issue, truth, {}, result.warnings)
            assert comparison.differences and not comparison.unwarned, (index, comparison.unwarned)
    assert exact >= 270  # about 95 % exact; the rest are the ambiguous hard wraps, all warned


def test_generated_web_pages_are_right_or_warned_on_the_wrong_field(tmp_path):
    """60 generated office web pages (three site styles, clutter, 【栏目】 contents, masthead pictures)."""
    spec = importlib.util.spec_from_file_location("import_web_bench", REPO / "bench" / "import_web_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = random.Random(11)
    exact = 0
    for index in range(60):
        truth, data, suffix = module.generate_page(rng, index)
        page = tmp_path / f"{index}{suffix}"
        page.write_bytes(data)
        result = import_file(page)
        if result.issue == truth:
            exact += 1
        else:
            comparison = compare("g", result.issue, truth, {}, result.warnings)
            assert not comparison.unwarned, (index, comparison.unwarned)
    assert exact >= 54
