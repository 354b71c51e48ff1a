"""
Operations Command Center - Convention Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The owner's house rules as tests: file size limits, the version
    header on every Python file, docstrings (with Args when a function takes
    arguments) on public functions and classes, commit subject format, and
    no private-network address in tests, benchmarks or defaults.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "modules" / "ops_center"
LIMITS = {"routes": 300, "services": 200, "integrations": 300, "templates": 250}
HEADER_KEYS = ("Operations Command Center - ", "Version:", "Last Modified:", "Description:", "CHANGELOG:")
PY_DIRS = ("modules", "host", "tests", "benchmarks", "migrations")


def python_files():
    """Every project Python file (migrations' generated env excluded)."""
    files = [ROOT / "app.py", ROOT / "config.py", ROOT / "extensions.py"]
    for folder in PY_DIRS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if f.exists() and ".venv" not in f.parts]


@pytest.mark.parametrize("folder,limit", LIMITS.items())
def test_size_limits(folder, limit):
    offenders = []
    for path in (MODULE / folder).rglob("*"):
        if path.suffix in (".py", ".html"):
            lines = len(path.read_text().splitlines())
            if lines > limit:
                offenders.append(f"{path.relative_to(ROOT)}: {lines} > {limit}")
    assert not offenders, offenders


def test_every_python_file_has_the_version_header():
    missing = []
    for path in python_files():
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        if not all(key in doc for key in HEADER_KEYS):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"files without the version header: {missing}"


def test_public_functions_and_classes_have_docstrings():
    missing = []
    for path in python_files():
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if node.name.startswith("_"):
                continue
            doc = ast.get_docstring(node)
            where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            if not doc:
                missing.append(where)
            elif isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
                if params and "Args:" not in doc and "Attributes:" not in doc:
                    missing.append(where + " (no Args:)")
    assert not missing, missing


def test_commit_subjects_follow_the_house_format():
    try:
        out = subprocess.run(["git", "log", "--format=%s", "-n", "200"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    pattern = re.compile(r"^\[(FEAT|FIX|DOCS|TEST|REFACTOR)\] [^:]+: \S")
    bad = [s for s in out.splitlines() if s and not s.startswith("Merge") and not pattern.match(s)]
    assert not bad, bad


def test_no_private_addresses_in_tests_benchmarks_or_defaults():
    private = re.compile(r"\b(192\.168|10\.\d+\.\d+\.\d+|172\.(1[6-9]|2\d|3[01]))\.")
    hits = []
    for path in [ROOT / "config.py", ROOT / "app.py"] + sorted((ROOT / "tests").rglob("*")) + \
            sorted((ROOT / "benchmarks").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml", ".json", ".txt"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if private.search(line) and path.name != "test_conventions.py":
                    hits.append(f"{path.relative_to(ROOT)}:{n}")
    assert not hits, hits


def test_readme_systems_reference_matches_the_field_declarations():
    from modules.ops_center.cli import END, START, systems_reference

    readme = (ROOT / "README.md").read_text()
    generated = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert generated == systems_reference().strip(), \
        "README is out of date: run `flask ops-center docs --write README.md`"


def _imports(path):
    """Absolute dotted names of everything a module file imports."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return names


def test_dependencies_run_one_way():
    """Routes reach no model or integration; the CLI no route or integration; integrations no Flask,
    model or service (docs/ARCHITECTURE.md, section 1)."""
    pkg = "modules.ops_center"
    rules = [("routes/*.py", (f"{pkg}.models", f"{pkg}.integrations")),
             ("cli*.py", (f"{pkg}.routes", f"{pkg}.integrations")),
             ("integrations/**/*.py", ("flask", f"{pkg}.models", f"{pkg}.services", f"{pkg}.routes"))]
    offenders = []
    for pattern, banned in rules:
        for path in MODULE.glob(pattern):
            offenders += [f"{path.relative_to(ROOT)} imports {name}" for name in _imports(path)
                          if any(name == b or name.startswith(b + ".") for b in banned)]
    assert not offenders, offenders


def test_capabilities_are_declared_and_time_has_one_clock():
    """No hasattr() capability detection; time.time() / datetime.now() only in the one clock."""
    offenders = []
    for path in MODULE.rglob("*.py"):
        text = path.read_text()
        if "hasattr(" in text:
            offenders.append(f"{path.relative_to(ROOT)}: hasattr(")
        if path.name != "clock.py" and re.search(r"\btime\.time\(\)|datetime\.now\(", text):
            offenders.append(f"{path.relative_to(ROOT)}: reads the wall clock itself")
    assert not offenders, offenders
