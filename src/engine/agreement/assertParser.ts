import { spawn } from 'node:child_process';

/** One model-written test reduced to what it checks: `assert CALL == EXPECTED`. */
export interface ParsedTest {
  /** The call of the entry point, as normalised Python source (`ast.unparse`). */
  call: string;
  /** The expected value's source, or null when the assert only calls (`assert f(x)`). */
  expected: string | null;
}

/** What the parser kept and why it dropped the rest. */
export interface ParsedTests {
  tests: ParsedTest[];
  /** Generated tests dropped because a visible test expects a different value for the same call. */
  contradicting: number;
  /** Asserts that were not a comparison of a call of the entry point (or did not parse). */
  unusable: number;
  /**
   * Extra inputs near the user's and the generated calls (one argument nudged: n+1, a shorter
   * list or string, a reversed list), outputs only: more inputs split groups that agree only
   * by chance, and they exist even when the model wrote no usable test.
   */
  extraCalls: string[];
}

/**
 * Python that turns asserts into (call, expected) pairs. It parses only and runs nothing
 * (`ast` and `ast.literal_eval`), so hostile model text cannot execute here.
 */
const PARSER_PY = String.raw`
import ast, json, re, sys
req = json.load(sys.stdin)
entry, cap = req['entry'], req['cap']

def statements(text):
    # Completions of an open assert often break the line after it ("assert \n    f(1) == 2"),
    # so split on the keyword and take the shortest prefix of lines that parses.
    for chunk in re.split(r'(?:^|\n)[ \t]*assert\b', text):
        lines = chunk.split('\n')
        for k in range(1, min(len(lines), 8) + 1):
            try:
                yield ast.parse('assert ' + ' '.join(l.strip() for l in lines[:k])).body[0]
                break
            except Exception:
                continue
        else:
            if chunk.strip():
                yield None

def pairs(text):
    for node in statements(text):
        test = node.test if isinstance(node, ast.Assert) else None
        expected = None
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.Is)):
            call, expected = test.left, test.comparators[0]
            # "____ == f(x)" style: the call on the right.
            if not isinstance(call, ast.Call) and isinstance(expected, ast.Call):
                call, expected = expected, call
        elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            call, expected = test.operand, ast.Constant(False)
        else:
            call = test
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == entry \
                and not any(isinstance(n, ast.Name) and n.id.startswith('_') for n in ast.walk(expected or call)):
            yield (ast.unparse(call), ast.unparse(expected) if expected is not None else None)
        else:
            yield None

def value(src):
    try:
        return ('v', ast.literal_eval(src))
    except Exception:
        return ('s', src)

def same(a, b):
    # Literal values compare as Python does (2 == 2.0); anything else by its source.
    if a[0] == 'v' and b[0] == 'v':
        try:
            return bool(a[1] == b[1])
        except Exception:
            return False
    return a == b

visible, visible_calls = {}, []
for text in req['visible']:
    for p in pairs(text):
        if p:
            visible_calls.append(p[0])
        if p and p[1] is not None:
            visible.setdefault(p[0], []).append(value(p[1]))

tests, seen, contradicting, unusable = [], set(), 0, 0
for text in req['texts']:
    for p in pairs(text):
        if p is None:
            unusable += 1
            continue
        if len(p[0]) > 400 or (p[1] is not None and len(p[1]) > 400):
            unusable += 1
            continue
        if p[1] is not None and p[0] in visible and not any(same(value(p[1]), v) for v in visible[p[0]]):
            contradicting += 1
            continue
        if p in seen:
            continue
        seen.add(p)
        if len(tests) < cap:
            tests.append(dict(call=p[0], expected=p[1]))
def nearby(v):
    # Small, usually still valid changes of one argument: a neighbour, a shorter sequence.
    if isinstance(v, bool):
        return []
    if isinstance(v, int):
        return [v + 1]
    if isinstance(v, float):
        return [v + 0.5]
    if isinstance(v, str):
        return [v[:-1]] if len(v) > 1 else []
    if isinstance(v, (list, tuple)) and len(v) > 1:
        return [v[:-1], v[::-1]]
    return []

extra, known = [], set(t['call'] for t in tests) | set(visible_calls)
# The user's own calls first: they exist even when the model wrote no usable test.
for source in visible_calls + [t['call'] for t in tests]:
    if len(extra) >= req.get('mutate', 0):
        break
    call = ast.parse(source, mode='eval').body
    try:
        args = [ast.literal_eval(a) for a in call.args]
    except Exception:
        continue
    if call.keywords:
        continue
    for i, a in enumerate(args):
        for m in nearby(a):
            text = entry + '(' + ', '.join(repr(m if j == i else b) for j, b in enumerate(args)) + ')'
            if text not in known and len(text) < 400 and len(extra) < req.get('mutate', 0):
                known.add(text)
                extra.append(text)
print(json.dumps(dict(tests=tests, extraCalls=extra, contradicting=contradicting, unusable=unusable)))
`;

/**
 * Parses model-written asserts about `entry` into distinct (call, expected) pairs, at most
 * `cap`, dropping any that contradict an assert of the visible tests on the same call:
 * a generated test is never trusted over the user's own.
 */
export function parseTests(
  python: string,
  input: { entry: string; texts: readonly string[]; visible: readonly string[]; cap: number; mutate?: number },
  signal: AbortSignal,
): Promise<ParsedTests> {
  return new Promise<ParsedTests>((resolve, reject) => {
    // -I: no user site, no PYTHON* variables; the environment carries nothing secret.
    const child = spawn(python, ['-I', '-c', PARSER_PY], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' }, signal });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the test parser failed: ${err.slice(-400)}`));
      try {
        resolve(JSON.parse(out) as ParsedTests);
      } catch (error) {
        reject(new Error(`the test parser answered badly: ${(error as Error).message}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
