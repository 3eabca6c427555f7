from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from tests.audit_log import empty_committed_log

# In CI property tests are derandomized: the same examples every run, so a red build is
# reproducible; every failure they found is kept as an ordinary test beside its property.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def _commits_for_real(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_log_emptied_after_committing_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests that really commit end with pytest-django emptying every table, which the
    append-only audit log refuses while it holds entries: empty it first, triggers off."""
    if not _commits_for_real(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    empty_committed_log()


# Figures a test wants in the terminal summary travel as user properties of its report, so
# they reach the summary when tests run in xdist workers too: (name, lines).
RELEVANCE_PROPERTY = "search_relevance"
_summaries: list[tuple[str, list[str]]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _summaries.extend((n, v) for n, v in report.user_properties if n == RELEVANCE_PROPERTY)


def pytest_terminal_summary(terminalreporter) -> None:
    """Show the search relevance figure at the end of every run that measured it."""
    for _name, lines in _summaries:
        terminalreporter.section("catalogue search relevance")
        for line in lines:
            terminalreporter.write_line(line)
