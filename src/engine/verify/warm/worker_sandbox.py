# Best-of-N warm worker, part two: how a forked child confines itself before candidate code runs.
# The launcher runs this file and warm_worker.py as one script (this one first, see launch.ts),
# so the worker finds these names as globals; run from its folder (tests), the worker imports them.
import ctypes, errno, os, platform, struct

LIBC = ctypes.CDLL(None, use_errno=True)
ARCH = platform.machine()
SYS = {
    'x86_64': dict(audit=0xC000003E, fork=57, vfork=58, execve=59, execveat=322, clone=56, clone3=435,
                   kill=62, tkill=200, tgkill=234, ptrace=101),
    'aarch64': dict(audit=0xC00000B7, fork=None, vfork=None, execve=221, execveat=281, clone=220, clone3=435,
                    kill=129, tkill=130, tgkill=131, ptrace=117),
}.get(ARCH)


def seccomp_program(pid):
    """BPF: no fork/exec/clone (threads allowed), kill/tgkill only to ourselves, no ptrace."""
    ALLOW, KILL = 0x7FFF0000, 0x80000000
    EPERM, ENOSYS = 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    s = SYS
    prog, fixups = [], []

    def ins(code, k=0, jt=0, jf=0):
        prog.append([code, jt, jf, k])

    def jump(code, k, jt, jf):
        fixups.append((len(prog), jt, jf))
        ins(code, k)

    LD, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    me, neg = pid & 0xFFFFFFFF, (-pid) & 0xFFFFFFFF
    ins(LD, 4)
    jump(JEQ, s['audit'], None, 'kill')
    ins(LD, 0)
    if ARCH == 'x86_64':
        jump(JGE, 0x40000000, 'eperm', None)  # x32 ABI numbers
    for name in ('fork', 'vfork', 'execve', 'execveat', 'ptrace', 'tkill'):
        if s[name] is not None:
            jump(JEQ, s[name], 'eperm', None)
    jump(JEQ, s['clone3'], 'enosys', None)  # glibc then falls back to clone, checked below
    jump(JEQ, s['clone'], 'clone', None)
    jump(JEQ, s['kill'], 'kill_', None)
    jump(JEQ, s['tgkill'], 'tgkill', None)
    labels = {}
    ins(RET, ALLOW)
    labels['clone'] = len(prog); ins(LD, 16); jump(JSET, 0x00010000, 'allow', 'eperm')  # CLONE_THREAD
    labels['kill_'] = len(prog); ins(LD, 16)
    jump(JEQ, 0, 'allow', None); jump(JEQ, me, 'allow', None); jump(JEQ, neg, 'allow', 'eperm')
    labels['tgkill'] = len(prog); ins(LD, 16); jump(JEQ, me, 'allow', 'eperm')
    labels['allow'] = len(prog); ins(RET, ALLOW)
    labels['eperm'] = len(prog); ins(RET, EPERM)
    labels['enosys'] = len(prog); ins(RET, ENOSYS)
    labels['kill'] = len(prog); ins(RET, KILL)
    for at, jt, jf in fixups:
        prog[at][1] = 0 if jt is None else labels[jt] - at - 1
        prog[at][2] = 0 if jf is None else labels[jf] - at - 1
    return b''.join(struct.pack('HBBI', *p) for p in prog), len(prog)


class SockFprog(ctypes.Structure):
    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]


def install_seccomp():
    if SYS is None:
        return False
    code, count = seccomp_program(os.getpid())
    buf = ctypes.create_string_buffer(code)
    prog = SockFprog(count, ctypes.cast(buf, ctypes.c_void_p))
    if LIBC.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    return LIBC.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def drop_capabilities():
    # Root in the unsandboxed worker: without CAP_SYS_PTRACE the child cannot open the
    # non-dumpable worker's /proc/<pid>/fd/1 (the protocol stream) or read its memory.
    class Header(ctypes.Structure):
        _fields_ = [('version', ctypes.c_uint32), ('pid', ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [('effective', ctypes.c_uint32), ('permitted', ctypes.c_uint32), ('inheritable', ctypes.c_uint32)]

    try:
        LIBC.capset(ctypes.byref(Header(0x20080522, 0)), (Data * 2)())
    except Exception:
        pass
