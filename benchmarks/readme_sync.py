"""
Operations Command Center - README Benchmark Figures

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The README's benchmark figures come from one place: what
    ``make bench`` and ``make bench-scale`` write into BENCHMARKS.md.
    ``sync()`` copies make bench's table (the target rows, without the
    per-instance fetch rows) and its machine and date line between the
    README's ``bench-start`` / ``bench-end`` markers, and each backend's scale
    table between ``scale-start`` / ``scale-end``; both benchmarks call it,
    and a test fails when the README and BENCHMARKS.md disagree.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): The scale tables too; make bench's figures read from its own part only
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench-start -->", "<!-- bench-end -->"
SCALE_START, SCALE_END = "<!-- bench-scale-start -->", "<!-- bench-scale-end -->"  # BENCHMARKS.md's Scale part
README_SCALE_START, README_SCALE_END = "<!-- scale-start -->", "<!-- scale-end -->"  # its copy in the README


def readme_block(benchmarks_text):
    """The README's figures, derived from BENCHMARKS.md.

    Args:
        benchmarks_text: BENCHMARKS.md's text.

    Returns:
        str: Markdown: the run's machine and date, then the table of measures.
    """
    lines = benchmarks_text.split(SCALE_START, 1)[0].splitlines()  # make bench's part only
    meta = {k: v.strip() for k, _, v in (line.rstrip().partition(":") for line in lines[:8]) if v}
    rows = [line for line in lines if line.startswith("|") and not line.startswith("| fetch ")]
    head = (f"Latest run ({meta.get('Machine', '?')}, {meta.get('Date', '?')}, commit "
            f"{meta.get('Commit', '?')}; every figure and how the load is made: `BENCHMARKS.md`):")
    return "\n".join([head, "", *rows])


def scale_block(benchmarks_text):
    """The README's scale figures: each backend's table from BENCHMARKS.md's Scale part.

    Args:
        benchmarks_text: BENCHMARKS.md's text.

    Returns:
        str: Markdown: the run's machine, date and commit, then per backend the N table and its targets.
    """
    if SCALE_START not in benchmarks_text:
        return "No `make bench-scale` run recorded yet."
    part = benchmarks_text.split(SCALE_START, 1)[1].split(SCALE_END, 1)[0].splitlines()
    meta = {k: v.strip() for k, _, v in (line.rstrip().partition(":") for line in part[:8]) if v}
    out = [f"`make bench-scale` ({meta.get('Machine', '?')}, {meta.get('Date', '?')}, commit "
           f"{meta.get('Commit', '?')}; how each figure is measured: `BENCHMARKS.md`, section Scale):"]
    for line in part:
        if line.startswith("### "):
            out += ["", f"**{line[4:].strip()}**", ""]
        elif line.lstrip().startswith("|"):
            if out[-1].startswith("|") and line.lstrip().startswith("| target"):
                out.append("")
            out.append(line.strip())
    return "\n".join(out)


def _replace(text, start, end, body):
    """``text`` with the part between two markers replaced by ``body``."""
    head, rest = text.split(start, 1)
    return head + start + "\n" + body + "\n" + rest[rest.index(end):]


def sync(readme=ROOT / "README.md", benchmarks=ROOT / "BENCHMARKS.md"):
    """Rewrite the README's figures from BENCHMARKS.md.

    Args:
        readme: The README path.
        benchmarks: The BENCHMARKS.md path.

    Returns:
        bool: True when the README changed.
    """
    text = readme.read_text()
    figures = benchmarks.read_text()
    new = _replace(text, START, END, readme_block(figures))
    new = _replace(new, README_SCALE_START, README_SCALE_END, scale_block(figures))
    if new != text:
        readme.write_text(new)
    return new != text


if __name__ == "__main__":
    print("README figures updated" if sync() else "README figures already current")
