"""Limits a query worker process puts on itself: address space, no inet sockets, die with parent.

pyoxigraph cannot be told not to follow SERVICE; the guard reads the text first,
and this is the second wall. A seccomp filter makes ``socket()`` fail with EPERM
for every family but AF_UNIX (the worker's pipe to the server), so even a query the
guard misread cannot open a connection or resolve a name. Linux only (x86-64 and
aarch64); elsewhere :func:`deny_inet_sockets` returns False and the guard alone holds.
"""

from __future__ import annotations

import ctypes
import platform
import resource
import signal
import struct
import sys

__all__ = ["deny_inet_sockets", "die_with_parent", "limit_memory"]

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EPERM = 1
_AF_UNIX = 1
# (audit arch, socket syscall number, socketpair is allowed as it creates only AF_UNIX pairs)
_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}

# Classic BPF opcodes.
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_RET_K = 0x06


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def deny_inet_sockets() -> bool:
    """Make ``socket()`` fail with EPERM for any family but AF_UNIX, for good; True if done."""
    libc = _libc()
    arch = _ARCH.get(platform.machine())
    if libc is None or arch is None:
        return False
    audit_arch, nr_socket = arch
    prog = b"".join(
        [
            _insn(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
            _insn(_JEQ_K, 1, 0, audit_arch),
            _insn(_RET_K, 0, 0, _SECCOMP_RET_ERRNO | _EPERM),  # another ABI: refuse everything
            _insn(_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
            _insn(_JEQ_K, 0, 3, nr_socket),
            _insn(_LD_W_ABS, 0, 0, 16),  # args[0] (low half): the address family
            _insn(_JEQ_K, 1, 0, _AF_UNIX),
            _insn(_RET_K, 0, 0, _SECCOMP_RET_ERRNO | _EPERM),
            _insn(_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        ]
    )
    n = len(prog) // 8
    buf = ctypes.create_string_buffer(prog)

    class _SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _SockFprog(n, ctypes.addressof(buf))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)


def die_with_parent() -> None:
    """Ask the kernel to kill this process when the server that started it dies."""
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (RLIMIT_AS): an allocation past it fails."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
