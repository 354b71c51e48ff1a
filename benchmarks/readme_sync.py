"""
Operations Command Center - README Benchmark Figures

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The README's benchmark figures come from one place: the table
    ``make bench`` writes into BENCHMARKS.md. ``sync()`` copies that table (the
    target rows, without the per-instance fetch rows) and its machine and date
    line between the README's ``bench-start`` / ``bench-end`` markers;
    ``make bench`` calls it, and a test fails when the two disagree.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench-start -->", "<!-- bench-end -->"


def readme_block(benchmarks_text):
    """The README's figures, derived from BENCHMARKS.md.

    Args:
        benchmarks_text: BENCHMARKS.md's text.

    Returns:
        str: Markdown: the run's machine and date, then the table of measures.
    """
    lines = benchmarks_text.splitlines()
    meta = {k: v.strip() for k, _, v in (line.rstrip().partition(":") for line in lines[:8]) if v}
    rows = [line for line in lines if line.startswith("|") and not line.startswith("| fetch ")]
    head = (f"Latest run ({meta.get('Machine', '?')}, {meta.get('Date', '?')}, commit "
            f"{meta.get('Commit', '?')}; every figure and how the load is made: `BENCHMARKS.md`):")
    return "\n".join([head, "", *rows])


def sync(readme=ROOT / "README.md", benchmarks=ROOT / "BENCHMARKS.md"):
    """Rewrite the README's figures from BENCHMARKS.md.

    Args:
        readme: The README path.
        benchmarks: The BENCHMARKS.md path.

    Returns:
        bool: True when the README changed.
    """
    text = readme.read_text()
    head, rest = text.split(START, 1)
    new = head + START + "\n" + readme_block(benchmarks.read_text()) + "\n" + rest[rest.index(END):]
    if new != text:
        readme.write_text(new)
    return new != text


if __name__ == "__main__":
    print("README figures updated" if sync() else "README figures already current")
