"""
Operations Command Center - Scale Lab Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: A small scale lab (2 PDUs and 2 switches served by one helper
    process on loopback) is imported through the TOML import, and every
    generated instance polls OK through the app; and the two writers of
    BENCHMARKS.md (``make bench``, ``make bench-scale``) keep each other's part.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import pytest

from benchmarks import readme_sync
from benchmarks.scale import SCALE_END, SCALE_START, extract_block, replace_block
from benchmarks.scale_lab import SITES, ScaleLab
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.conftest import make_app


@pytest.fixture(scope="module")
def small_lab():
    """Two PDUs and two switches in one helper process (no REST fakes)."""
    lab = ScaleLab(4, helpers=1, with_rest=False).start()
    yield lab
    lab.stop()


def test_the_generated_instances_poll_ok_through_the_app(tmp_path, small_lab):
    assert small_lab.mix(4) == (0, 2, 2)
    app = make_app(tmp_path)
    with app.app_context():
        created, _updated = import_systems(small_lab.toml(4))
        session().commit()
        snap = get_aggregator(app).snapshot(force=True)
    assert sorted(created) == ["pdu-001", "pdu-002", "sw-001", "sw-002"]
    sources = {s["name"]: s for s in snap["sources"]}
    assert set(sources) == set(created)
    assert all(s["ok"] for s in sources.values()), [(s["name"], s["error"]) for s in sources.values()]
    assert len(snap["pdus"]) == 2 and all(len(p["outlets"]) == 24 for p in snap["pdus"])
    assert len(snap["switches"]) == 2 and all(len(s["ports"]) >= 48 for s in snap["switches"])
    ports = {p for p in small_lab.pdus + small_lab.switches}
    assert len(ports) == 4  # every device on a port of its own


def test_the_instances_are_spread_over_sites(small_lab):
    text = small_lab.toml(4)
    assert all(f'site = "{site}"' in text for site in SITES)
    assert "site =" not in small_lab.toml(4, sites=False)


def test_the_two_benchmarks_md_writers_keep_each_others_part():
    main = "# Benchmarks\n\nMachine: m  \nDate: d  \nCommit: c  \n\n| measure | value |\n|---|---|\n| cold poll | 1 |\n"
    block = f"{SCALE_START}\n## Scale\n\n | N | full refresh |\n |---|---|\n | 10 | 1.6 s |\n{SCALE_END}"
    both = replace_block(main, block)
    assert both.startswith(main) and extract_block(both) == block
    newer = block.replace("1.6 s", "1.7 s")
    assert replace_block(both, newer) == both.replace(block, newer)  # bench-scale rewrites its block only
    # The README's figures come from make bench's rows only: the scale rows (one space first) stay out.
    assert readme_sync.readme_block(both) == readme_sync.readme_block(main)
