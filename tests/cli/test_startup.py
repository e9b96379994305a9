"""A fast start (issue 13) that changes nothing a user sees.

`toc` and `render` read manifests and settings with libyaml (model.quickload), load only their own
command module, and print without Rich when the output is a pipe; these tests pin what they must
still do exactly as before, and what they must not import. Timings are in bench/startup_bench.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import run_cli

PROBE = (
    "import sys\n"
    "sys.argv = ['jianbao'] + sys.argv[1:]\n"
    "try:\n"
    "    from jianbao_cli.cli import main; main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write('\\nMODULES=' + ','.join(sorted(sys.modules)))\n"
)


#: What makes jianbao hand its output to Rich; pytest-xdist's workers also set COLUMNS.
FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")
#: Rich's own output to a pipe, for comparison: TTY_COMPATIBLE set makes jianbao print through Rich, and
#: "0" tells Rich the stream is no terminal.
THROUGH_RICH = {"TTY_COMPATIBLE": "0"}


def clean_env(extra: dict | None = None) -> dict:
    import os

    return {**{k: v for k, v in os.environ.items() if k not in FORCING and k != "JIANBAO_WORKSPACE"}, **(extra or {})}


def loaded_modules(cwd, *args: str, env: dict | None = None) -> set[str]:
    """The modules a command line of `jianbao` leaves in sys.modules (run as the console script runs)."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=clean_env(env))
    assert "MODULES=" in result.stderr, result.stderr
    return set(result.stderr.rsplit("MODULES=", 1)[1].split(","))


def toc_output(cwd, env: dict | None = None) -> str:
    from tests.conftest import jianbao_exe

    result = subprocess.run([jianbao_exe(), "toc", "2008-06"], cwd=cwd, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=clean_env(env))
    assert result.returncode == 0, result.stderr
    return result.stdout


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_toc_and_render_load_neither_ruamel_nor_rich_nor_other_commands(workspace_dir):
    for args in (["toc", "2008-06"], ["render", "2008-06"], ["render", "2008-06"]):
        modules = loaded_modules(workspace_dir, *args)
        assert not roots(modules) & {"ruamel", "rich"}, (args, sorted(roots(modules) & {"ruamel", "rich"}))
        assert not {"jianbao_cli.cli.send", "jianbao_cli.cli.importing", "jianbao_cli.cli.archive"} & modules, args
    # the probe sees them where they are used: `check` explains with ruamel's line numbers
    assert "ruamel" in roots(loaded_modules(workspace_dir, "check", "2008-06"))
    assert "jianbao_cli.cli.send" in loaded_modules(workspace_dir, "--help")


def test_a_manifest_read_before_is_not_parsed_again_until_it_changes(workspace_dir):
    loaded_modules(workspace_dir, "toc", "2008-06")
    assert "yaml" not in roots(loaded_modules(workspace_dir, "toc", "2008-06"))
    path = workspace_dir / "issues/2008-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "政府创新与电子政府建设研讨会在成都召开", "改过的标题"), encoding="utf-8")
    result = run_cli("toc", "2008-06", "--format", "text", cwd=workspace_dir)
    assert result.returncode == 0, result.stderr
    assert "改过的标题" in result.stdout and "研讨会在成都召开" not in result.stdout


def test_a_damaged_cache_is_ignored(workspace_dir):
    assert run_cli("toc", "2008-06", cwd=workspace_dir).returncode == 0
    caches = list((workspace_dir / ".jianbao/cache").glob("yaml-*.bin"))
    assert caches
    for cache in caches:
        cache.write_bytes(b"\x00garbage")
    result = run_cli("toc", "2008-06", "--format", "text", cwd=workspace_dir)
    assert result.returncode == 0, result.stderr
    assert "政府创新与电子政府建设研讨会在成都召开" in result.stdout


def _with_article(workspace_dir, yaml_lines: str) -> None:
    path = workspace_dir / "issues/2008-06.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "      - title: 成都市行政审批电子监察系统在武侯区试点"
    assert anchor in text
    path.write_text(text.replace(anchor, yaml_lines + anchor, 1), encoding="utf-8")


@pytest.mark.parametrize("command", ["toc", "render"])
def test_errors_the_fast_reader_cannot_see_are_still_reported_with_their_line(workspace_dir, command):
    # A duplicated key: PyYAML alone would silently keep the last one.
    _with_article(workspace_dir, "      - title: 重复\n        title: 重复的键\n        paragraphs: [正文]\n")
    result = run_cli(command, "2008-06", cwd=workspace_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "issues/2008-06.yaml" in result.stderr and "Traceback" not in result.stderr
    line = next(n for n, text in enumerate((workspace_dir / "issues/2008-06.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if "title: 重复的键" in text)
    assert f"issues/2008-06.yaml:{line}" in result.stderr, result.stderr


@pytest.mark.parametrize("scalar", ["0o10", "0x1F", "1e3", "1_000", ".5"])
def test_number_forms_are_judged_as_the_full_loader_judges_them(workspace_dir, scalar):
    """`title: 0x1F` is a number to ruamel (so not a title): the fast reader must not accept it as text."""
    from jianbao_cli.model.quickload import quick_issue
    from jianbao_cli.model.yamlio import load_manifest

    _with_article(workspace_dir, f"      - title: {scalar}\n        paragraphs: [正文]\n")
    path = workspace_dir / "issues/2008-06.yaml"
    assert quick_issue(path) is None
    with pytest.raises(Exception) as full:
        load_manifest(path, "issues/2008-06.yaml")
    result = run_cli("toc", "2008-06", cwd=workspace_dir)
    assert result.returncode == 2
    assert str(full.value).splitlines()[0] in result.stderr


def test_the_fast_reader_reads_what_the_full_loader_reads(workspace_dir):
    from jianbao_cli.model.quickload import quick_issue, quick_validate, save_cache
    from jianbao_cli.model.yamlio import load_manifest, parse_tree, to_plain
    from jianbao_cli.settings import Settings
    from jianbao_cli.workspace import Workspace

    _with_article(workspace_dir, (
        "      - title: 'no'  # a comment\n"
        "        note: &n 编者按\n"
        "        paragraphs: [on, yes, '1:30', 1:30, 2008-1-2, 12h, *n, \"\\t制表\"]\n"
        "        source: |\n          市信息办供稿\n"))
    path = workspace_dir / "issues/2008-06.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("copies: null", "copies: 010"), encoding="utf-8")
    full = load_manifest(path).issue
    quick = quick_issue(path, workspace_dir / ".jianbao/cache")
    assert quick is not None and quick == full
    save_cache()
    assert quick_issue(path, workspace_dir / ".jianbao/cache") == full  # from the cache
    settings = workspace_dir / "jianbao.yaml"
    assert quick_validate(settings, Settings) == Workspace(workspace_dir).settings
    expected = Settings.model_validate(to_plain(parse_tree(settings.read_text(encoding="utf-8"), "x")))
    assert quick_validate(settings, Settings, workspace_dir / ".jianbao/cache") == expected


def test_dates_and_times_survive_the_cache(tmp_path):
    import datetime as dt

    from jianbao_cli.model.quickload import quick_data, save_cache

    path = tmp_path / "x.yaml"
    path.write_text("a: 2008-10-28\nb: 2008-10-28T09:00:00+08:00\nc: 2008-10-28 09:00:00.5\nd: [1.5, null, true]\n",
                    encoding="utf-8")
    first = quick_data(path, tmp_path / "cache")
    save_cache()
    second = quick_data(path, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir())
    assert first == second == {
        "a": dt.date(2008, 10, 28),
        "b": dt.datetime(2008, 10, 28, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        "c": dt.datetime(2008, 10, 28, 9, 0, 0, 500000),
        "d": [1.5, None, True],
    }
    assert type(second["a"]) is dt.date


def test_settings_errors_keep_their_line(workspace_dir):
    settings = workspace_dir / "jianbao.yaml"
    assert run_cli("render", "2008-06", cwd=workspace_dir).returncode == 0  # the good file is cached
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("masthead_size_pt: 42", "masthead_size_pt: 大"), encoding="utf-8")
    line = next(n for n, t in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if "masthead_size_pt" in t)
    result = run_cli("render", "2008-06", cwd=workspace_dir)
    assert result.returncode == 2, result.stderr
    assert "jianbao.yaml" in result.stderr and str(line) in result.stderr and "masthead_size_pt" in result.stderr


def test_the_plain_tree_is_the_tree_rich_prints(workspace_dir):
    """toc without Rich (output to a pipe) prints what Rich printed to a pipe."""
    path = workspace_dir / "issues/2008-06.yaml"
    text = path.read_text(encoding="utf-8")
    # a section without a title puts its articles on the tree's first level
    path.write_text(text.replace("  - title: 市政府门户网站动态", "  - title: ''", 1), encoding="utf-8")

    def both_ways():
        return toc_output(workspace_dir), toc_output(workspace_dir, THROUGH_RICH)

    plain, rich = both_ways()
    assert "rich" not in roots(loaded_modules(workspace_dir, "toc", "2008-06"))  # the plain way was taken
    narrow = {"COLUMNS": "40"}  # Rich crops at COLUMNS: the plain way must leave such lines to it
    assert toc_output(workspace_dir, narrow) == toc_output(workspace_dir, {**narrow, **THROUGH_RICH}) != plain
    assert plain == rich
    assert plain.splitlines()[1] == "├── ☞ 政府创新与电子政府建设研讨会在成都召开"
    assert plain.splitlines()[-1] == "    └── ☞ 新都区全面启用四川省道路运政信息系统"
    # markup, emoji codes and lines near 80 columns go to Rich, which prints (and crops) them as before
    for title in ("'含有[bold]方括号[/bold]和 :smile: 的标题'", "很长的标题" * 20):
        _with_article(workspace_dir, f"      - title: {title}\n        paragraphs: [正文]\n")
        assert "rich" in roots(loaded_modules(workspace_dir, "toc", "2008-06"))
        plain, rich = both_ways()
        assert plain == rich


def test_the_tree_is_printed_without_rich_only_to_a_pipe(workspace_dir):
    assert "rich" not in roots(loaded_modules(workspace_dir, "toc", "2008-06"))
    assert "rich" in roots(loaded_modules(workspace_dir, "toc", "2008-06", env={"FORCE_COLOR": "1"}))


def test_the_command_modules_map_names_the_module_that_registers_each_command():
    from jianbao_cli.cli import COMMAND_GROUPS, COMMAND_MODULES, app

    registered = {c.name: c.callback.__module__ for c in app.registered_commands}
    registered.update({g.name: g.typer_instance.registered_commands[0].callback.__module__
                       for g in app.registered_groups})
    for name, module in COMMAND_MODULES.items():
        assert registered[name] == f"jianbao_cli.cli.{module}", name
    assert {module.rsplit(".", 1)[1] for module in registered.values()} == set(COMMAND_GROUPS)


@pytest.mark.parametrize(("args", "expected"), [
    (["toc", "2008-06"], "toc"),
    (["-w", "dir", "render", "x"], "render"),
    (["--workspace", "dir", "toc"], "toc"),
    (["--workspace=dir", "toc"], "toc"),
    (["--version"], None),
    (["--help", "toc"], None),
    (["-h", "toc"], None),
    ([], None),
    (["toc", "--help"], "toc"),
])
def test_the_command_is_found_behind_the_root_options(args, expected):
    from jianbao_cli.cli import invoked_command

    assert invoked_command(args) == expected


def test_root_help_before_a_fast_command_still_lists_every_command(workspace_dir):
    result = run_cli("--help", "toc", cwd=workspace_dir)
    assert result.returncode == 0
    for name in ("send", "import", "search", "doctor", "template"):
        assert name in result.stdout
    misspelt = run_cli("rendr", "2008-06", cwd=workspace_dir)
    assert misspelt.returncode == 2 and "render" in misspelt.stderr
    assert run_cli("-w", str(workspace_dir), "toc", "2008-06", cwd=workspace_dir.parent).returncode == 0


def test_a_refused_command_leaves_no_cache_behind(workspace_dir):
    path = workspace_dir / "issues/2008-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 6", "number: 六"), encoding="utf-8")
    for command in ("toc", "render"):
        assert run_cli(command, "2008-06", cwd=workspace_dir).returncode == 2
    assert not (workspace_dir / ".jianbao/cache").exists() or not list((workspace_dir / ".jianbao/cache").glob("yaml-*"))


def test_help_loads_no_model_and_no_pydantic(workspace_dir):
    """`--help` only prints: it needs neither the manifest models nor Typer's pydantic adapters."""
    modules = loaded_modules(workspace_dir, "--help")
    assert "jianbao_cli.cli.send" in modules  # every command is listed
    assert not {"pydantic", "yaml", "ruamel"} & roots(modules)
    assert not {m for m in modules if m.startswith("jianbao_cli.model")}
