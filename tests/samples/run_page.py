"""Execute the Python blocks of one page in a process of their own; report as JSON.

Standard library only, so it starts fast and imports nothing from the tests.

A job is a JSON file:

    {"page": "docs/questions/x.md",        # for messages
     "source": "/abs/docs/questions/x.md", # the file name of the code, so tracebacks show the page's lines
     "cwd": "/tmp/.../x",                  # created; the contents of each "copy" folder are copied in
     "copy": ["/tmp/.../models", "/repo/tests/samples/data"],
     "blocks": [{"line": 12, "code": "..."}],   # line: the opening fence
     "result": "/tmp/.../x.json", "log": "/tmp/.../x.log",
     "timeout": 300, "grace": 20, "preload": ["torch"], "threads": 1, "seed": 0}

The blocks run in order in the namespace of a fresh `__main__` module, each
compiled so that its line numbers are the page's, with stdout captured per
block. The first block that raises stops the page. The result file is
rewritten before and after each block, so a page killed halfway still says
where it was:

    {"blocks": [{"line": 12, "status": "ok" | "error" | "timeout" | "running",
                 "stdout": "...", "error": "traceback", "seconds": 0.1}],
     "done": true, "setup_error": null}

Process stdout and stderr (warnings, progress bars, C-level output) go to the
log file. The network is off: connections to anything but this machine raise.

Modes:
    run_page.py JOB.json            run one job here (importing "preload" first)
    run_page.py --serve N [MODULE...]
        fork server: import the MODULEs once (torch, transformers, ... take
        seconds to import), then read requests {"id": ..., "job": path} on
        stdin, one per line, and run each job in a forked child, N at a time.
        Writes {"id": ..., "exit": code} when a child ends, or
        {"id": ..., "killed": true} when it outlived its timeout by "grace"
        seconds (default GRACE). A job may also be {"call": {"file": f, "function": g,
        "args": [...]}}: run function g of the Python file f in a child (used to
        build the tiny models with the modules already imported).
"""
from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import time
import traceback
import types

GRACE = 20  # seconds a child gets, after its own timeout fired, to write its result


class PageTimeout(BaseException):
    """Raised in the page's code when the page runs past its timeout."""


# --------------------------------------------------------------------- a job


def run_job(job: dict) -> int:
    """Run one job in this process (which it changes for good: chdir, sys.modules, signals)."""
    for path in (job.get("log"), job.get("result")):
        if path:
            os.makedirs(os.path.dirname(path), exist_ok=True)
    _redirect_output(job.get("log"))
    if "call" in job:
        return _run_call(job["call"])
    result = {"blocks": [], "done": False, "setup_error": None}
    write = _writer(job["result"], result)
    try:
        _prepare(job)
    except BaseException:
        result["setup_error"] = traceback.format_exc()
        write()
        return 1
    already = set(sys.modules)
    namespace = _fresh_main(job["source"])
    timeout = job.get("timeout")
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, float(timeout))
    for spec in job["blocks"]:
        entry = {"line": spec["line"], "status": "running", "stdout": "", "error": None, "seconds": 0.0}
        result["blocks"].append(entry)
        write()
        status, error, stdout, seconds = _run_block(spec, job["source"], namespace, timeout)
        entry.update(status=status, error=error, stdout=stdout, seconds=round(seconds, 3))
        write()
        if status != "ok":
            break
    signal.setitimer(signal.ITIMER_REAL, 0)
    # Packages the page imported that were not preloaded: candidates for the fork server's list.
    result["imported"] = sorted({".".join(name.split(".")[:3]) for name in set(sys.modules) - already})
    result["done"] = True
    write()
    return 0


_ALARM = {"in_block": False, "fired": False}


def _run_block(spec: dict, source: str, namespace: dict, timeout) -> tuple[str, str | None, str, float]:
    buffer = io.StringIO()
    started = time.perf_counter()
    if _ALARM["fired"]:  # the limit passed between two blocks
        return "timeout", f"timed out after {timeout} s (the page's limit) before this block started", "", 0.0
    try:
        code = compile("\n" * spec["line"] + spec["code"], source, "exec", dont_inherit=True)
        with contextlib.redirect_stdout(buffer):
            _ALARM["in_block"] = True
            try:
                exec(code, namespace)
            finally:
                _ALARM["in_block"] = False
    except PageTimeout:
        status, error = "timeout", f"timed out after {timeout} s (the page's limit)\n" + _traceback(source)
    except BaseException:
        status, error = "error", _traceback(source)
    else:
        status, error = "ok", None
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
    return status, error, buffer.getvalue(), time.perf_counter() - started


def _traceback(source: str) -> str:
    """The current exception's traceback, from the page's first frame on."""
    kind, value, tb = sys.exc_info()
    first = tb
    while first is not None and first.tb_frame.f_code.co_filename != source:
        first = first.tb_next
    if first is None or isinstance(value, SyntaxError):
        return "".join(traceback.format_exception_only(kind, value))
    return "".join(traceback.format_exception(kind, value, first))


def _on_alarm(signum, frame):
    """Interrupt the page's code; between blocks, only note it (the next block reports it)."""
    _ALARM["fired"] = True
    if _ALARM["in_block"]:
        raise PageTimeout()


def _prepare(job: dict) -> None:
    cwd = job["cwd"]
    os.makedirs(cwd, exist_ok=True)
    for folder in job.get("copy", []):
        if os.path.isdir(folder):
            shutil.copytree(folder, cwd, dirs_exist_ok=True, symlinks=True)
    for name in job.get("preload", []):
        with contextlib.suppress(ImportError):
            __import__(name)
    os.chdir(cwd)
    sys.path[0:1] = [cwd]  # like `python script.py` run in cwd: its folder comes first
    sys.argv = [job["source"]]
    _block_network()
    _seed(job.get("seed", 0), job.get("threads", 2))


def _fresh_main(source: str) -> dict:
    """A new, empty `__main__` module: functions and classes defined by the page pickle by reference."""
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    return module.__dict__


def _seed(seed: int, threads: int) -> None:
    import random

    random.seed(seed)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.manual_seed(seed)
        torch.set_num_threads(threads)


def _block_network() -> None:
    """Refuse connections and name look-ups for anything but this machine."""
    local = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None, socket.gethostname()}

    def allowed(host) -> bool:
        host = host.decode() if isinstance(host, bytes) else host
        return host in local or (isinstance(host, str) and (host.startswith("127.") or host.endswith(".localhost")))

    def refuse(host):
        raise OSError(f"network access to {host!r} is disabled while the samples run (offline tests)")

    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address[0]):
            refuse(address[0])
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address[0]):
            refuse(address[0])
        return original_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not allowed(host):
            refuse(host)
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo


def _writer(path: str, result: dict):
    def write() -> None:
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
        os.replace(temporary, path)
    return write


def _redirect_output(log: str | None) -> None:
    """Send fd 0 from /dev/null and fds 1 and 2 to the log (or /dev/null)."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    target = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(target, 1)
    os.dup2(target, 2)
    os.close(target)


def _run_call(call: dict) -> int:
    import runpy

    namespace = runpy.run_path(call["file"], run_name="samples_call")
    namespace[call["function"]](*call.get("args", []))
    return 0


# ----------------------------------------------------------- the fork server


def serve(parallel: int, preload: list[str]) -> int:
    started = time.monotonic()
    for name in preload:
        try:
            __import__(name)
        except Exception as error:  # a missing library shows up in the page that needs it
            print(f"run_page: cannot preload {name}: {error!r}", file=sys.stderr, flush=True)
    print(f"run_page: preloaded {len(preload)} modules in {time.monotonic() - started:.1f} s",
          file=sys.stderr, flush=True)
    out = sys.stdout
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ)
    buffered, queue, running = b"", [], {}   # running: pid -> (id, deadline)
    reading = True

    def stop(signum, frame):
        for pid in running:
            _kill_group(pid)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # Ctrl-C in pytest reaches this process group too

    def send(message: dict) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    while reading or queue or running:
        for _key, _mask in selector.select(timeout=0.05) if reading else []:
            chunk = os.read(0, 65536)
            if not chunk:
                reading = False
                selector.unregister(0)
                break
            buffered += chunk
            *lines, buffered = buffered.split(b"\n")
            queue += [json.loads(line) for line in lines if line.strip()]
        if not reading and not queue:
            time.sleep(0.05)
        while queue and len(running) < parallel:
            request = queue.pop(0)
            with open(request["job"], encoding="utf-8") as handle:
                job = json.load(handle)
            print(f"run_page: {time.monotonic() - started:.1f} s: start {request['id']}",
                  file=sys.stderr, flush=True)
            pid = _fork(job)
            deadline = (time.monotonic() + job["timeout"] + job.get("grace", GRACE)
                        if job.get("timeout") else None)
            running[pid] = (request["id"], deadline)
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                _kill_group(pid)  # whatever the page left running (workers, servers)
                name = running.pop(pid)[0]
                print(f"run_page: {time.monotonic() - started:.1f} s: end {name}",
                      file=sys.stderr, flush=True)
                send({"id": name, "exit": os.waitstatus_to_exitcode(status)})
            elif running[pid][1] is not None and time.monotonic() > running[pid][1]:
                _kill_group(pid)
                os.waitpid(pid, 0)
                send({"id": running.pop(pid)[0], "killed": True})
    return 0


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _fork(job: dict) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.setpgid(0, 0)
        code = run_job(job)
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--serve":
        code = serve(int(argv[1]), argv[2:])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # skip the interpreter's teardown of torch and friends: seconds
    if len(argv) == 1:
        with open(argv[0], encoding="utf-8") as handle:
            code = run_job(json.load(handle))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # do not wait for threads the page left running
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
