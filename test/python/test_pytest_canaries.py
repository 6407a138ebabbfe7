"""pytest_canaries.py, loaded with -p as the general verifier loads it, in a real pytest run."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import INTEGRITY_DIR, read


def run_pytest(tmp_path, test_source):
    (tmp_path / 'test_user.py').write_text(test_source)
    plugin = read(INTEGRITY_DIR, 'pytest_canaries.py').replace(
        '("test_check_must_pass", False), ("test_check_must_fail", True)', '("test_p1", False), ("test_f1", True)')
    (tmp_path / 'bon_checks.py').write_text(plugin)
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    done = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'bon_checks', '-p', 'no:cacheprovider',
                           '--junitxml', str(tmp_path / 'report.xml'), 'test_user.py'],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    cases = {case.get('name'): case for case in ET.parse(tmp_path / 'report.xml').iter('testcase')}
    return done, cases


def test_adds_a_passing_and_a_failing_check_and_keeps_the_exit_code_of_the_users_tests(tmp_path):
    done, cases = run_pytest(tmp_path, 'def test_ok():\n    assert True\n')
    assert done.returncode == 0, done.stdout
    assert set(cases) == {'test_ok', 'test_p1', 'test_f1'}
    assert cases['test_f1'].find('failure') is not None
    assert cases['test_p1'].find('failure') is None
    assert 'test_f1' not in done.stdout, 'the checks stay out of the terminal output'


def test_a_failing_user_test_still_fails_the_run(tmp_path):
    done, cases = run_pytest(tmp_path, 'def test_bad():\n    assert False\n')
    assert done.returncode == 1
    assert cases['test_bad'].find('failure') is not None


def test_a_keyword_filter_does_not_drop_the_checks(tmp_path):
    (tmp_path / 'pytest.ini').write_text('[pytest]\naddopts = -k nothing_matches\n')
    done, cases = run_pytest(tmp_path, 'def test_ok():\n    assert True\n')
    assert {'test_p1', 'test_f1'} <= set(cases), done.stdout
