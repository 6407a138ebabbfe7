# Best-of-N: turns model-written asserts into (call, expected) pairs. Reads one JSON request on
# stdin ({entry, texts, visible, cap, mutate}), answers one JSON object on stdout. It parses only
# and runs nothing (ast and ast.literal_eval), so hostile model text cannot execute here.
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
