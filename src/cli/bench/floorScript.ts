// The floor the warm verifier is measured against: a warm interpreter forking one child per
// candidate with no sandbox, no scratch dir, no limits and no IPC beyond the exit status.
// Reads a JSON list of {module, tests} on stdin; prints per-candidate wall and test ms.

/** Python source of the floor runner. */
export const FLOOR_PY = String.raw`
import json, os, signal, sys, time, types
jobs = json.load(sys.stdin)
walls, tests = [], []
for job in jobs:
    t0 = time.perf_counter()
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        signal.alarm(3)
        devnull = os.open(os.devnull, os.O_WRONLY); os.dup2(devnull, 1); os.dup2(devnull, 2)
        ok = 1
        try:
            mod = types.ModuleType('solution'); sys.modules['solution'] = mod
            exec(compile(job['module'], 'solution.py', 'exec'), mod.__dict__)
            ns = {}
            exec(compile(job['tests'], 'test_examples.py', 'exec'), ns)
            s = time.perf_counter()
            for k, f in list(ns.items()):
                if k.startswith('test') and callable(f):
                    try:
                        f()
                    except Exception:
                        ok = 0
            os.write(wfd, ('%d %f' % (ok, (time.perf_counter() - s) * 1000)).encode())
        except BaseException:
            pass
        os._exit(0)
    os.close(wfd)
    data = os.read(rfd, 100)
    os.close(rfd)
    os.waitpid(pid, 0)
    walls.append((time.perf_counter() - t0) * 1000)
    tests.append(float(data.split()[1]) if data else 0.0)
print(json.dumps({'walls': walls, 'tests': tests}))
`;
