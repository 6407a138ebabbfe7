"""assert_parser.py: model-written asserts to (call, expected) pairs, run as parseTests runs it."""
import json
import subprocess
import sys

from conftest import AGREEMENT_DIR, read


def parse(**request):
    request.setdefault('visible', [])
    request.setdefault('cap', 50)
    done = subprocess.run([sys.executable, '-I', '-c', read(AGREEMENT_DIR, 'assert_parser.py')],
                          input=json.dumps(request), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_keeps_calls_of_the_entry_with_their_expected_values():
    out = parse(entry='grow', texts=['assert grow(1) == 2\nassert grow(2) == 4\nassert other(1) == 1\n'])
    assert out['tests'] == [dict(call='grow(1)', expected='2'), dict(call='grow(2)', expected='4')]
    assert out['unusable'] == 1


def test_joins_an_assert_broken_over_lines_and_swaps_expected_first():
    out = parse(entry='grow', texts=[' \n    grow(1) == 2\nassert 6 == grow(3)\n'])
    assert out['tests'] == [dict(call='grow(1)', expected='2'), dict(call='grow(3)', expected='6')]


def test_drops_tests_that_contradict_a_visible_assert_but_not_equal_literals():
    visible = ['def test_zero():\n    assert grow(0) == 0\n    assert grow(1) == 2.0\n']
    out = parse(entry='grow', texts=['assert grow(0) == 1\nassert grow(1) == 2\n'], visible=visible)
    assert out['contradicting'] == 1
    assert out['tests'] == [dict(call='grow(1)', expected='2')]


def test_derives_nearby_inputs_from_the_users_calls_first():
    out = parse(entry='grow', texts=['nothing usable'], visible=['assert grow(5, "ab", [1, 2]) == 1\n'], mutate=10)
    assert out['extraCalls'] == ["grow(6, 'ab', [1, 2])", "grow(5, 'a', [1, 2])", "grow(5, 'ab', [1])", "grow(5, 'ab', [2, 1])"]


def test_never_keeps_more_than_the_cap():
    out = parse(entry='f', texts=['\n'.join('assert f(%d) == %d' % (i, i) for i in range(10))], cap=3)
    assert len(out['tests']) == 3
