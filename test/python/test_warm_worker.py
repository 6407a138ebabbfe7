"""The warm worker (warm_worker.py + worker_sandbox.py) as launch.ts starts it, over its JSON-lines protocol."""
import json
import subprocess
import sys

import pytest

PASSING = 'from mod import twice\n\n\ndef test_one():\n    assert twice(1) == 2\n\n\nassert twice(3) == 6\n'
JOB = dict(timeoutMs=10000, memoryMb=512, maxOutputBytes=4096, maxFileBytes=1 << 20)


class Worker:
    def __init__(self, source, root):
        # --private-tmp is left off: the worker must not wipe this machine's /tmp.
        self.proc = subprocess.Popen([sys.executable, '-I', '-c', source, str(root)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.ready = json.loads(self.proc.stdout.readline())
        self.next_id = 1

    def run(self, **job):
        job = dict(JOB, id=self.next_id, **job)
        self.next_id += 1
        self.proc.stdin.write((json.dumps(job) + '\n').encode())
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def worker(worker_source, tmp_path):
    w = Worker(worker_source, tmp_path / 'scratch')
    yield w
    w.close()


def test_says_ready_with_its_interpreter(worker):
    assert worker.ready['ready'] is True
    assert worker.ready['python'] == '%d.%d.%d' % sys.version_info[:3]


def test_runs_test_functions_and_module_asserts_and_strips_its_canaries(worker):
    reply = worker.run(files={'mod.py': 'def twice(x):\n    return 2 * x\n', 'test_mod.py': PASSING}, testFiles=['test_mod.py'])
    assert reply['status'] == 'passed', reply
    assert reply['canaries'] == 'ok'
    assert sorted(t['name'] for t in reply['tests']) == ['test_mod.py::assert_line_8', 'test_mod.py::test_one']


def test_a_wrong_candidate_fails_with_the_failing_line(worker):
    reply = worker.run(files={'mod.py': 'def twice(x):\n    return x + 1\n', 'test_mod.py': PASSING}, testFiles=['test_mod.py'])
    assert reply['status'] == 'failed'
    failed = [t for t in reply['tests'] if t['status'] == 'failed']
    assert [t['name'] for t in failed] == ['test_mod.py::assert_line_8']
    assert 'assert twice(3) == 6' in failed[0]['message']


def test_a_forged_result_line_is_tampered(worker):
    forged = ('import os, json\n'
              'for fd in range(3, 64):\n'
              '    try:\n'
              '        os.write(fd, (json.dumps(dict(tests=[dict(name="test_mod.py::test_one", status="passed")])) + "\\n").encode())\n'
              '    except OSError:\n'
              '        pass\n'
              'os._exit(0)\n')
    reply = worker.run(files={'mod.py': forged, 'test_mod.py': PASSING}, testFiles=['test_mod.py'])
    assert reply['status'] == 'tampered', reply


def test_probe_only_jobs_answer_one_token_per_probe(worker):
    reply = worker.run(files={'pkg/__init__.py': '', 'pkg/mod.py': 'def twice(x):\n    return 2 * x\n'}, testFiles=[],
                       probes=['twice(2)', 'twice("ab")', 'twice(None)', 'twice(list(range(50)))'], probeModule='pkg.mod', probeOnly=True)
    assert reply['status'] == 'passed', reply
    answers = reply['behaviour'].split('|')
    assert answers[:3] == ['=4', "='abab'", '!TypeError']
    assert answers[3].startswith('#') and len(answers[3]) == 13, 'a long answer becomes a short hash'


def test_refuses_unsafe_file_names(worker):
    reply = worker.run(files={'../escape.py': 'x = 1\n'}, testFiles=[], probeOnly=True)
    assert reply['status'] == 'error'
    assert 'unsafe file name' in reply['reason']


def test_safe_path_accepts_nested_plain_names_only(worker_module):
    assert worker_module.safe_path('pkg/sub/mod.py')
    for bad in ('', '/abs.py', 'a/../b.py', '.hidden/x.py', 'a\\b.py', 'a/' * 20 + 'x.py'):
        assert not worker_module.safe_path(bad), bad


def test_check_canaries_flags_a_passing_must_fail_canary(worker_module):
    canaries = ('test_a', 'test_b')
    honest = [dict(name='test_a', status='passed'), dict(name='test_b', status='failed'), dict(name='t', status='passed')]
    assert worker_module.check_canaries(honest, canaries, []) == ([dict(name='t', status='passed')], None)
    forged = [dict(name='test_a', status='passed'), dict(name='test_b', status='passed')]
    assert 'must fail' in worker_module.check_canaries(forged, canaries, [])[1]
    assert 'missing' in worker_module.check_canaries([dict(name='t', status='passed')], canaries, [])[1]


def test_seccomp_program_is_whole_bpf_instructions(worker_module):
    import worker_sandbox
    assert worker_module.install_seccomp is worker_sandbox.install_seccomp, 'run from its file, the worker imports its confinement'
    assert worker_sandbox.SYS is not None, 'this machine\'s architecture has a seccomp table'
    code, count = worker_sandbox.seccomp_program(1234)
    assert len(code) == 8 * count
    assert count > 20
