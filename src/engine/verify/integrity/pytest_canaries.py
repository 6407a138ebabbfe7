# Best-of-N: per-run check tests, written for one verification (canaries.ts). Not the user's.
import pathlib

import pytest

# Replaced per verification by that run's fresh names (canaries.ts); these stand in when the
# file is loaded on its own (its own tests).
_CHECKS = (("test_check_must_pass", False), ("test_check_must_fail", True))


def _check_passes():
    pass


def _check_fails():
    assert False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    module = pytest.Module.from_parent(session, path=pathlib.Path(__file__))
    for name, must_fail in _CHECKS:
        items.append(pytest.Function.from_parent(module, name=name, callobj=_check_fails if must_fail else _check_passes))


_expected_failures = []


def pytest_runtest_logreport(report):
    if report.when == "call" and report.failed and report.nodeid.rsplit("::", 1)[-1] == _CHECKS[1][0]:
        _expected_failures.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    # The must-fail check test is not the user's failure: when it is the only one, the command
    # ends as it would have without it, so `pytest && next-step` and `pytest | tee` behave.
    if exitstatus == 1 and session.testsfailed == len(_expected_failures) > 0:
        session.exitstatus = 0


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report, config):
    # Kept out of the terminal output (the empty category is left out of its summary); the
    # JUnit report and the exit code still carry them, which is where they are checked.
    if report.nodeid.rsplit("::", 1)[-1] in (_CHECKS[0][0], _CHECKS[1][0]):
        return "", "", ""
