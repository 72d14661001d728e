#!/usr/bin/env python3
"""Start-up against a shell, in the same pseudo-terminal, in one run.

Each run forks a command in a fresh 80x24 pty and times it from the fork to the moment a
marker appears in what it writes: for nisso, the timeline's first entry on screen (then `q`
quits it); for the shell, the word it prints. Runs alternate, so both see the same machine.
Usage: python3 benches/startup_vs_shell.py [RUNS] [NISSO]
"""
import os, pty, select, statistics, struct, sys, time, fcntl, termios

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
nisso = sys.argv[2] if len(sys.argv) > 2 else "target/release/nisso"

def timed(argv, marker, quit_with=None, env=None):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the program starts, as a terminal's is.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env or os.environ)
    seen = b""
    found = None
    deadline = start + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if found is None and marker in seen:
            found = time.perf_counter() - start
            if quit_with:
                os.write(fd, quit_with)
            else:
                break
    try:
        while True:  # drain until the child closes the pty
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready or not os.read(fd, 65536):
                break
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if found is None:
        sys.exit(f"{argv[0]}: marker {marker!r} never appeared; saw {seen[-400:]!r}")
    return found * 1000

env = dict(os.environ, TERM="xterm-256color", NISSO_CACHE_DIR="")
shell, explorer = [], []
for _ in range(runs):
    shell.append(timed(["sh", "-c", "echo startup-word"], b"startup-word"))
    explorer.append(timed([nisso], b"Shimoda", quit_with=b"q", env=env))
def p99(values):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]
s, n = statistics.median(shell), statistics.median(explorer)
print(f"shell printing a word: median {s:.2f} ms (p99 {p99(shell):.2f})")
print(f"nisso to the timeline: median {n:.2f} ms (p99 {p99(explorer):.2f})")
print(f"ratio nisso/shell: {n / s:.2f} ({runs} runs each, alternating)")
