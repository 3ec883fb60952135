"""sandbox: the query and write workers cannot open a network connection, whatever they run.

Queries and updates are parsed before they run and SERVICE and LOAD are refused (`syntax.py`); this
is the second wall, for whatever a parser and an engine might ever read differently. pyoxigraph
evaluates SERVICE and LOAD with its own HTTP client, in the process that runs the query, so the
worker processes install a seccomp filter at start: the `socket` system call fails with EACCES
for every address family but AF_UNIX (the worker talks to the web process over a Unix socket
pair made before the filter), and so does `io_uring_setup` (io_uring can open sockets without
`socket`). Without sockets there is no connect, no DNS lookup, no HTTP.

seccomp filters are Linux's; the BPF program below is eight instructions for x86_64 and aarch64,
installed with `prctl` through ctypes (no library needed). On another system `forbid_network`
returns False and the server logs that only the parser stands between a query and the network.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import struct

# <linux/audit.h>, <asm/unistd.h>
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),  # AUDIT_ARCH_X86_64, __NR_socket, __NR_io_uring_setup
    "aarch64": (0xC00000B7, 198, 425),  # AUDIT_ARCH_AARCH64
}
_X32_SYSCALL_BIT = 0x40000000
_AF_UNIX = 1

# <linux/filter.h>, <linux/seccomp.h>, <linux/prctl.h>
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _program(arch: int, socket_nr: int, io_uring_nr: int) -> bytes:
    """The filter: (code, jump-if-true, jump-if-false, k) per instruction, offsets relative."""
    deny = _RET_ERRNO | errno.EACCES
    instructions = [
        (_LD_W_ABS, 0, 0, 4),  # 0: A = seccomp_data.arch
        (_JEQ_K, 1, 0, arch),  # 1: our architecture? -> 3
        (_RET_K, 0, 0, deny),  # 2: a foreign ABI (i386 on x86_64): nothing allowed
        (_LD_W_ABS, 0, 0, 0),  # 3: A = seccomp_data.nr
        (_JGE_K, 5, 0, _X32_SYSCALL_BIT),  # 4: the x32 ABI -> deny (10)
        (_JEQ_K, 2, 0, socket_nr),  # 5: socket -> 8
        (_JEQ_K, 3, 0, io_uring_nr),  # 6: io_uring_setup -> deny (10)
        (_RET_K, 0, 0, _RET_ALLOW),  # 7: anything else
        (_LD_W_ABS, 0, 0, 16),  # 8: A = socket's first argument (domain), low 32 bits
        (_JEQ_K, 1, 0, _AF_UNIX),  # 9: AF_UNIX -> allow (11)
        (_RET_K, 0, 0, deny),  # 10
        (_RET_K, 0, 0, _RET_ALLOW),  # 11
    ]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in instructions)


def forbid_network() -> bool:
    """Install the filter in this process (for every thread it starts later); True when done.

    Irreversible by design: a process cannot lift its own seccomp filter. Call it first thing in
    a worker, before it starts threads.
    """
    arch = _ARCHES.get(platform.machine())
    if arch is None or platform.system() != "Linux":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    program = ctypes.create_string_buffer(_program(*arch))
    fprog = _Filter(len(program.raw) // 8, ctypes.cast(program, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return False
    return True
