# Best-of-N warm test worker. Reads one JSON job per line on stdin, answers one JSON line on
# stdout. The interpreter and common modules stay loaded; each job runs in a fresh forked
# child with its own scratch dir, resource limits and a seccomp filter (no new processes,
# no signals to other processes), so per-candidate cost is a fork, not an interpreter start.
#
# What the candidate cannot forge: the child holds no descriptor of the protocol stream (fds
# 0-2 are re-pointed and every other inherited fd is closed before candidate code runs), and
# its capabilities are dropped, so the non-dumpable worker's /proc/<pid>/fd is closed to it.
# Its one way out is the result pipe, which the worker checks: exactly one result line, and
# two canary tests with per-job random names (one must pass, one must fail) run after the
# user's tests through the same code path. A runner patched to pass everything passes the
# must-fail canary; a forged or templated line lacks them: either way the job is 'tampered'.
# Residual risk, accepted: the names are in the child's memory while it runs, so a candidate
# that deliberately walks the interpreter's objects for them can still forge a result.
import ast, ctypes, hashlib, io, json, os, platform, resource, secrets, select, shutil, signal, sys, time, traceback, types

for _name in ('typing', 'math', 'collections', 'itertools', 'functools', 're', 'string', 'heapq',
              'bisect', 'fractions', 'decimal', 'statistics', 'random', 'copy', 'operator',
              'datetime', 'json', 'hashlib', 'inspect', 'dataclasses', 'enum', 'abc'):
    try:
        __import__(_name)
    except Exception:
        pass

# Set by main(): the scratch root (argv[1]) and the protocol stream.
ROOT = None
OUT = None
LIBC = ctypes.CDLL(None, use_errno=True)
# Taken before any candidate runs: a candidate replacing json.dumps in its child cannot
# change what the child's harness serialises with (and the canaries catch subtler patches).
DUMPS, LOADS = json.dumps, json.loads


def private_tmp():
    # /tmp is wiped between candidates only where it is the sandbox's own tmpfs: never the host's.
    if '--private-tmp' in sys.argv[2:]:
        return True
    try:
        with open('/proc/1/comm') as handle:
            if handle.read().strip() != 'bwrap':
                return False
        with open('/proc/self/mountinfo') as handle:
            return any(line.split()[4] == '/tmp' and ' - tmpfs ' in line for line in handle)
    except (OSError, IndexError):
        return False


PRIVATE_TMP = False  # set by main()

# Seccomp and capabilities: worker_sandbox.py, run ahead of this file by the launcher.
if 'install_seccomp' not in globals():
    from worker_sandbox import ARCH, SYS, drop_capabilities, install_seccomp


def clip(text, limit=2000):
    return text if len(text) <= limit else text[:limit] + '…'


def failure_message(exc, path):
    line = ''
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == path and frame.line:
            line = frame.line.strip()
    detail = '%s: %s' % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
    return clip(line + ('\n' if line else '') + detail)


class ProbeTimeout(BaseException):
    pass


def run_one(test_name, fn):
    started = time.perf_counter()
    try:
        fn()
        return dict(name=test_name, status='passed', durationMs=(time.perf_counter() - started) * 1000)
    except Exception as exc:
        return dict(name=test_name, status='failed', message=failure_message(exc, fn.__code__.co_filename),
                    durationMs=(time.perf_counter() - started) * 1000)


def canary_pass():
    pass


def canary_fail():
    assert False


def run_tests(job, canaries):
    tests, collect_errors = [], []
    for name in job['testFiles']:
        path = os.path.join(os.getcwd(), name)
        with open(path, encoding='utf-8') as handle:
            source = handle.read()
        try:
            tree = ast.parse(source, path)
        except SyntaxError as exc:
            collect_errors.append('%s: %s' % (name, failure_message(exc, path)))
            continue
        module = types.ModuleType(name[:-3])
        module.__file__ = path
        sys.modules[module.__name__] = module
        ns = module.__dict__
        broken = False
        for node in tree.body:
            code = compile(ast.Module(body=[node], type_ignores=[]), path, 'exec')
            is_assert = isinstance(node, ast.Assert)
            started = time.perf_counter()
            try:
                exec(code, ns)
                if is_assert:
                    tests.append(dict(name='%s::assert_line_%d' % (name, node.lineno), status='passed',
                                      durationMs=(time.perf_counter() - started) * 1000))
            except Exception as exc:
                if is_assert:
                    tests.append(dict(name='%s::assert_line_%d' % (name, node.lineno), status='failed',
                                      message=failure_message(exc, path),
                                      durationMs=(time.perf_counter() - started) * 1000))
                else:
                    collect_errors.append('%s: %s' % (name, failure_message(exc, path)))
                    broken = True
                    break
        if broken:
            continue
        for key, fn in list(ns.items()):
            if not key.startswith('test') or not isinstance(fn, types.FunctionType):
                continue
            if fn.__code__.co_filename != path:
                continue
            test_name = '%s::%s' % (name, key)
            if fn.__code__.co_argcount:
                tests.append(dict(name=test_name, status='error', message='takes arguments (fixtures are not supported by the warm runner)'))
                continue
            tests.append(run_one(test_name, fn))
    # After the user's tests, through the same path: whatever patched the runner patches these too.
    if canaries:
        tests.append(run_one(canaries[0], canary_pass))
        tests.append(run_one(canaries[1], canary_fail))
    return tests, collect_errors


def run_probes(job, cpu_started):
    """Behaviour fingerprint: the candidate's answers to extra calls, for agreement ranking.
    Probes stop at the probe budget (CPU seconds) so a slow candidate still gets its test results back."""
    import importlib
    try:
        ns = importlib.import_module(job['probeModule']).__dict__
    except BaseException as exc:
        return 'import-error:' + type(exc).__name__

    def on_alarm(signum, frame):
        raise ProbeTimeout()

    # CPU-time limits (not wall time) keep the fingerprint the same however loaded the machine is.
    signal.signal(signal.SIGVTALRM, on_alarm)
    signal.signal(signal.SIGALRM, on_alarm)  # a generous wall bound for probes that sleep
    answers = []
    budget = job.get('probeBudgetMs', 1000) / 1000.0
    for expr in job['probes']:
        if time.process_time() - cpu_started > budget:
            answers.append('!skipped')
            continue
        try:
            signal.setitimer(signal.ITIMER_VIRTUAL, job.get('probeTimeoutS', 0.25))
            signal.setitimer(signal.ITIMER_REAL, 4 * job.get('probeTimeoutS', 0.25))
            answers.append('=' + clip(repr(eval(expr, dict(ns))), 400))
        except ProbeTimeout:
            answers.append('!timeout')
        except BaseException as exc:
            answers.append('!' + type(exc).__name__)
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
    # One short token per probe, '|'-separated, so agreement can be computed on any subset of
    # the probes (outputs on generated inputs vs. generated tests passed): short answers and
    # exception names stay verbatim ('=True', '!ModuleNotFoundError'), long ones become a hash of the repr.
    return '|'.join(a if (len(a) <= 16 or (a.startswith('!') and len(a) <= 64)) and '|' not in a
                    else '#' + hashlib.sha256(a.encode('utf-8', 'replace')).hexdigest()[:12]
                    for a in answers)


def child(job, jobdir, wfd, outpath, parent, canaries):
    cpu_started = time.process_time()
    os.setpgid(0, 0)
    # In its own process group the child outlives a killed worker; die with it instead.
    try:
        LIBC.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:
        os._exit(71)
    fd = os.open(outpath, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1); os.dup2(fd, 2); os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY); os.dup2(null, 0); os.close(null)
    # Every other inherited descriptor goes before candidate code runs; only the result pipe stays.
    os.closerange(3, wfd)
    os.closerange(wfd + 1, 1 << 16)
    drop_capabilities()
    sys.stdout = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), line_buffering=True, errors='replace')
    sys.stderr = sys.stdout
    os.chdir(jobdir)
    # Probe-only jobs of nested projects put the target's package root before the job dir.
    front = [os.path.join(jobdir, extra) if extra else jobdir for extra in job.get('pythonPath') or []] + [jobdir]
    sys.path[:0] = [entry for at, entry in enumerate(front) if entry not in front[:at]]
    os.environ['TMPDIR'] = jobdir
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead of killing
    cpu = int(job['timeoutMs'] / 1000) + 1
    limits = [(resource.RLIMIT_CPU, (cpu, cpu + 1)), (resource.RLIMIT_CORE, (0, 0)),
              (resource.RLIMIT_FSIZE, (job['maxFileBytes'], job['maxFileBytes'])),
              (resource.RLIMIT_NPROC, (0, 0))]
    if job.get('memoryMb'):
        limits.append((resource.RLIMIT_AS, (job['memoryMb'] << 20, job['memoryMb'] << 20)))
    for which, value in limits:
        try:
            resource.setrlimit(which, value)
        except (ValueError, OSError):
            pass
    sealed = install_seccomp()
    result = dict(seccomp=sealed)
    try:
        tests, errors = run_tests(job, canaries)
        result.update(tests=tests, collectErrors=errors)
    except BaseException as exc:  # SystemExit / KeyboardInterrupt raised by the candidate
        result.update(tests=[], collectErrors=['run aborted: ' + failure_message(exc, '')])

    def send(obj):
        data = (DUMPS(obj) + '\n').encode()
        while data:
            data = data[os.write(wfd, data):]

    # Test results go out first, so a candidate that is slow on the probes keeps its verdict.
    send(result)
    if job.get('probes') and 'tests' in result and not result.get('collectErrors'):
        try:
            send(dict(behaviour=run_probes(job, cpu_started)))
        except BaseException:
            pass
    try:
        sys.stdout.flush()
    except Exception:
        pass
    os._exit(0)


def safe_name(name):
    return (isinstance(name, str) and name and '/' not in name and '\\' not in name
            and name not in ('.', '..') and not name.startswith('.'))


def safe_path(name):
    # A relative path of safe names: probe-only jobs carry a project's nested packages.
    return (isinstance(name, str) and 0 < len(name) <= 1024 and name.count('/') < 16
            and all(safe_name(part) for part in name.split('/')))


def wipe_dir(root, keep=()):
    try:
        entries = os.listdir(root)
    except OSError:
        return
    for entry in entries:
        path = os.path.join(root, entry)
        if entry in keep and os.path.isdir(path) and not os.path.islink(path):
            wipe_dir(path)
        elif os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def wipe_root():
    # Nothing one candidate leaves may reach the next: the scratch root and, in the sandbox,
    # /tmp and /dev/shm (the sandbox's HOME folder on /tmp is kept, emptied).
    wipe_dir(ROOT)
    if PRIVATE_TMP:
        wipe_dir('/tmp', keep=('.home',))
        wipe_dir('/dev/shm')


def check_canaries(tests, canaries, collect_errors):
    # Returns (user tests, None) or (user tests, why the result cannot be genuine).
    first = [t for t in tests if t.get('name') == canaries[0]]
    second = [t for t in tests if t.get('name') == canaries[1]]
    user = [t for t in tests if t.get('name') not in canaries]
    if any(t.get('status') != 'failed' for t in second):
        return user, 'a check test that must fail was reported as passing, so the test runner was patched or the result forged'
    if any(t.get('status') != 'passed' for t in first):
        return user, 'a check test that must pass was reported as failing, so the test runner was interfered with'
    if len(first) != 1 or len(second) != 1:
        if collect_errors and not first and not second:
            return user, None  # the harness stopped early (e.g. SystemExit); the error says so
        return user, 'the check tests that run alongside the tests are missing from the result, so it is not the harness\'s own'
    return user, None


def run_job(job):
    started = time.perf_counter()
    for name in job['testFiles']:
        if not safe_name(name):
            return dict(status='error', reason='unsafe file name %r' % (name,))
    for name in list(job['files']) + [p for p in job.get('pythonPath') or [] if p != '']:
        if not safe_path(name):
            return dict(status='error', reason='unsafe file name %r' % (name,))
    jobdir = os.path.join(ROOT, 'job-%s' % job['id'])
    os.mkdir(jobdir, 0o700)
    for name, text in job['files'].items():
        if '/' in name:
            os.makedirs(os.path.join(jobdir, os.path.dirname(name)), 0o700, exist_ok=True)
        with open(os.path.join(jobdir, name), 'w', encoding='utf-8') as handle:
            handle.write(text)
    outpath = os.path.join(ROOT, 'output-%s.txt' % job['id'])
    rfd, wfd = os.pipe()
    copied = time.perf_counter()
    parent = os.getpid()
    # Fresh per job, made here in the worker; the child gets them only in memory.
    canaries = ('test_' + secrets.token_hex(6), 'test_' + secrets.token_hex(6)) if not job.get('probeOnly') else None
    pid = os.fork()
    if pid == 0:
        try:
            os.close(rfd)
            child(job, jobdir, wfd, outpath, parent, canaries)
        finally:
            os._exit(70)
    os.close(wfd)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    pidfd = os.pidfd_open(pid) if hasattr(os, 'pidfd_open') else None
    deadline = started + job['timeoutMs'] / 1000.0
    chunks, size, timed_out, exited = [], 0, False, False
    watch = [rfd] + ([pidfd] if pidfd is not None else [])
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select(watch, [], [], min(remaining, 0.05 if pidfd is None else remaining))
        if rfd in ready:
            chunk = os.read(rfd, 1 << 16)
            if chunk:
                chunks.append(chunk); size += len(chunk)
                if size > 8 << 20:
                    break
                continue
            watch.remove(rfd)
        if pidfd is not None and pidfd in ready:
            exited = True
        elif pidfd is None and os.waitpid(pid, os.WNOHANG)[0] == pid:
            exited = True
            break
        if exited and rfd not in watch:
            break
        if exited:
            watch = [rfd]
    if not exited:
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
    status = 0
    try:
        status = os.waitpid(pid, 0)[1]
    except ChildProcessError:
        pass
    if pidfd is not None:
        os.close(pidfd)
    os.close(rfd)
    ran = time.perf_counter()
    output, truncated = b'', False
    try:
        with open(outpath, 'rb') as handle:
            output = handle.read(job['maxOutputBytes'] + 1)
        truncated = len(output) > job['maxOutputBytes'] or os.path.getsize(outpath) > job['maxOutputBytes']
        output = output[:job['maxOutputBytes']]
    except OSError:
        pass
    wipe_root()
    reply = dict(output=output.decode('utf-8', 'replace'), outputTruncated=truncated,
                 timings=dict(prepareMs=(copied - started) * 1000, runMs=(ran - copied) * 1000,
                              cleanupMs=(time.perf_counter() - ran) * 1000))
    lines = [line for line in b''.join(chunks).split(b'\n') if line.strip()]
    result, behaviour, forged = None, None, None
    try:
        result = LOADS(lines[0].decode())
        tests = result['tests']
        if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
            raise ValueError('tests is not a list of objects')
    except Exception:
        result = None
    if result is not None and len(lines) > 1:
        try:
            extra = LOADS(lines[1].decode())
            behaviour = extra['behaviour'] if list(extra) == ['behaviour'] else None
            if behaviour is None:
                forged = 'a second result was written on the result channel'
        except Exception:
            forged = 'the result channel carried something other than the harness\'s result'
    if len(lines) > 2:
        forged = 'more than one result was written on the result channel'
    if timed_out and result is None:
        reply.update(status='timeout', exitCode=None, tests=[], reason='killed after %d ms' % job['timeoutMs'])
        return reply
    if timed_out:
        # The tests finished; only the probes ran out of time.
        behaviour = '!probes-timeout'
    code = os.waitstatus_to_exitcode(status) if status else 0
    reply['exitCode'] = None if timed_out else code
    if result is None:
        sig = -code if code < 0 else None
        why = ('killed by signal %d' % sig) if sig else ('exited with code %d before reporting' % code)
        if sig == signal.SIGXCPU:
            reply.update(status='timeout', reason='CPU time limit reached')
        else:
            reply.update(status='error', reason='the test process ' + why + ' (memory limit, crash or os._exit in the candidate)')
        reply['tests'] = []
        return reply
    if canaries:
        tests, why = check_canaries(tests, canaries, result.get('collectErrors'))
        forged = forged or why
        reply['canaries'] = 'forged' if forged else 'ok'
    reply.update(tests=tests, seccomp=result.get('seccomp', False), behaviour=behaviour)
    if forged:
        reply.update(status='tampered', reason='tampered: ' + forged)
    elif result.get('collectErrors'):
        reply.update(status='error', reason='collection error: ' + '; '.join(result['collectErrors']))
    elif not tests and job.get('probeOnly'):
        # Nothing but probes was asked for: the answers are in behaviour.
        reply['status'] = 'passed'
    elif not tests:
        reply.update(status='error', reason='no tests were collected')
    elif all(t['status'] == 'passed' for t in tests):
        reply['status'] = 'passed'
    else:
        reply['status'] = 'failed'
    return reply


def main():
    global ROOT, OUT, PRIVATE_TMP
    ROOT = os.path.abspath(sys.argv[1])
    OUT = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must never corrupt the protocol stream
    PRIVATE_TMP = private_tmp()
    # The child must not read or trace this process's memory (it holds other jobs' requests).
    try:
        LIBC.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except Exception:
        pass
    os.makedirs(ROOT, exist_ok=True)
    sys.dont_write_bytecode = True  # -I ignores PYTHONDONTWRITEBYTECODE; no .pyc per candidate
    # Objects loaded so far never change: freezing them keeps a child's GC from touching
    # (and so copying) the parent's pages after fork.
    import gc
    gc.collect()
    gc.freeze()
    OUT.write((json.dumps(dict(ready=True, pid=os.getpid(), python=platform.python_version(), arch=ARCH,
                               seccomp=SYS is not None)) + '\n').encode())
    OUT.flush()
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        job_id = None
        try:
            job = json.loads(line)
            job_id = job.get('id')
            reply = run_job(job)
        except Exception as exc:
            reply = dict(status='error', reason='worker error: %s: %s' % (type(exc).__name__, exc))
            try:
                wipe_root()
            except Exception:
                pass
        reply['id'] = job_id
        OUT.write((json.dumps(reply) + '\n').encode())
        OUT.flush()


if __name__ == '__main__':
    main()
