"""Shared paths for the tests of the Python files the extension ships (see shippedScripts.test.ts)."""
import os
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
WARM_DIR = os.path.join(REPO, 'src', 'engine', 'verify', 'warm')
AGREEMENT_DIR = os.path.join(REPO, 'src', 'engine', 'agreement')
INTEGRITY_DIR = os.path.join(REPO, 'src', 'engine', 'verify', 'integrity')


def read(folder, name):
    with open(os.path.join(folder, name), encoding='utf-8') as handle:
        return handle.read()


@pytest.fixture
def worker_source():
    # The same script launch.ts builds: the confinement first, then the worker.
    return read(WARM_DIR, 'worker_sandbox.py') + '\n' + read(WARM_DIR, 'warm_worker.py')


@pytest.fixture
def worker_module():
    # Importing runs no job and touches no stream: main() only runs as a script.
    sys.path.insert(0, WARM_DIR)
    try:
        import warm_worker
        yield warm_worker
    finally:
        sys.path.remove(WARM_DIR)
