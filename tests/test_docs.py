"""
Operations Command Center - The Documentation Stays True

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The README names only CLI commands and options that exist (each
    ``flask ops-center ...`` / ``flask user ...`` line is resolved against the
    real click commands, every ``--option`` on it against that command's
    parameters); ``docs/ARCHITECTURE.md`` names only module paths that exist;
    and the README points at nothing outside the repository.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): The README's scale tables are BENCHMARKS.md's
"""

import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
ARCHITECTURE = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
COMMAND_LINE = re.compile(r"flask (ops-center|user)((?: [\w-]+)*)([^`\n#]*)")


def _documented_commands():
    """(group, words, rest of the line) for every documented module or user command."""
    found = []
    for match in COMMAND_LINE.finditer(README):
        words = match.group(2).split()
        found.append((match.group(1), words, match.group(2) + match.group(3)))
    return found


def _resolve(group, words):
    """The click command a documented line names, and the words that were arguments."""
    command = group
    while words and isinstance(command, click.Group) and words[0] in command.commands:
        command = command.commands[words.pop(0)]
    return command


def test_the_readme_documents_commands_that_exist(app):
    groups = {"ops-center": app.cli.get_command(None, "ops-center"), "user": app.cli.get_command(None, "user")}
    lines = _documented_commands()
    assert len(lines) >= 15, "the README documents the CLI"
    problems = []
    for group, words, text in lines:
        if not words:  # "flask user ..." as prose
            continue
        command = _resolve(groups[group], list(words))
        if isinstance(command, click.Group):
            problems.append(f"flask {group} {' '.join(words)}: names no command")
            continue
        known = {opt for param in command.params for opt in param.opts + param.secondary_opts}
        for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", text):
            if option not in known:
                problems.append(f"flask {group} {' '.join(words)}: no option {option}")
    assert not problems, problems


@pytest.mark.parametrize("option", ["--password", "--password-stdin", "--yes", "--json", "--generate", "--since"])
def test_options_a_newcomer_needs_are_documented(option):
    assert option in README


def test_architecture_names_only_paths_that_exist():
    paths = set(re.findall(r"`(modules/ops_center/[\w./-]+)`", ARCHITECTURE))
    assert len(paths) >= 20
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"docs/ARCHITECTURE.md names paths that do not exist: {missing}"


def test_the_readme_points_inside_the_repository():
    assert "../shared" not in README and "docs/ARCHITECTURE.md" in README
    for link in re.findall(r"\]\(((?!https?:|#)[^)\s]+)\)", re.sub(r"`[^`]*`", "", README)):
        assert (ROOT / link.split("#")[0]).exists(), f"README links to a missing file: {link}"


def test_the_readme_benchmark_figures_are_the_latest_benchmarks_md():
    from benchmarks.readme_sync import END, START, readme_block

    block = README.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == readme_block((ROOT / "BENCHMARKS.md").read_text()).strip(), \
        "README figures differ from BENCHMARKS.md: run python -m benchmarks.readme_sync"
    assert "| cold poll" in block and "Latest run (" in block
    from benchmarks.readme_sync import README_SCALE_END, README_SCALE_START, scale_block

    scale = README.split(README_SCALE_START, 1)[1].split(README_SCALE_END, 1)[0].strip()
    assert scale == scale_block((ROOT / "BENCHMARKS.md").read_text()).strip(), \
        "README scale figures differ from BENCHMARKS.md: run python -m benchmarks.readme_sync"
