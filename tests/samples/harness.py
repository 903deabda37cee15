"""What the sample tests use: the pages, the page runs, and what went wrong.

`Samples(workdir)` owns one test session's runs: it starts the fork server of
`run_page.py` (which imports torch, transformers and friends once), has it
build the tiny models into `workdir/models`, then runs each page in a forked
child of its own, in `workdir/pages/<page>` with the models and
`tests/samples/data/` copied in. `SAMPLES_FORK=0` in the environment runs each
page in a fresh interpreter instead (slower: every page imports torch again).

`failures(page, run)` turns a run into messages naming the page, the block's
line and what happened; `compile_errors(page)` checks the marked blocks.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import output, shell
from .blocks import Block, Page, parse_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DOCS = REPO / "docs"
DATA = HERE / "data"
RUNNER = HERE / "run_page.py"
TINY_MODELS = HERE / "tiny_models.py"

TIMEOUT = 300           # seconds a page may run
PARALLEL = 2            # pages at a time (the machine has two cores)
THREADS = 1             # torch threads per page: tiny models run fastest on one, and two pages share the cores
MIN_EXECUTED_SHARE = 0.8
GRACE = 20              # as in run_page.py
PRELOAD = [  # imported once by the fork server; what a page imports beyond these costs it time
    "numpy", "torch", "transformers", "transformers.pipelines", "transformers.trainer",
    "datasets", "peft", "accelerate", "huggingface_hub", "tokenizers", "safetensors",
    *(f"transformers.models.{model}.{part}_{model}"
      for model in ("distilbert", "bert", "gpt2", "t5", "xlm_roberta", "gpt_bigcode", "vit")
      for part in ("configuration", "modeling", "tokenization")
      if not (part == "tokenization" and model in ("gpt_bigcode", "vit"))),
    "transformers.pipelines.text_classification", "transformers.pipelines.text_generation",
    "transformers.pipelines.fill_mask", "transformers.pipelines.token_classification",
    "transformers.pipelines.feature_extraction", "transformers.pipelines.zero_shot_classification",
    "transformers.pipelines.image_classification", "PIL.Image",
    "transformers.models.vit.image_processing_pil_vit",
]


# ------------------------------------------------------------------- pages


def doc_pages(docs: Path = DOCS, root: Path = REPO) -> list[Page]:
    """Every Markdown page under `docs`, parsed, in path order."""
    return [parse_file(path, root) for path in sorted(Path(docs).rglob("*.md"))]


def executed_share(pages: list[Page]) -> tuple[int, int]:
    """(executed, all) Python blocks over `pages`."""
    blocks = [block for page in pages for block in page.python_blocks]
    return sum(not block.marked for block in blocks), len(blocks)


def compile_errors(page: Page, only_marked: bool = True) -> list[str]:
    """A message for each (marked) Python block of `page` that does not compile."""
    errors = []
    for block in page.python_blocks:
        if only_marked and not block.marked:
            continue
        try:
            compile("\n" * block.line + block.code, page.page, "exec", dont_inherit=True)
        except SyntaxError as error:
            errors.append(f"{page.page}:{error.lineno or block.line}: the marked block at line "
                          f"{block.line} does not compile: {error.msg}")
    return errors


# ------------------------------------------------------------------- runs


@dataclass
class PageRun:
    page: str
    outcome: dict            # {"exit": code} or {"killed": True} or {"error": text}
    result: dict | None      # run_page.py's result file
    log: str                 # the page's stdout and stderr
    timeout: float
    log_path: Path | None = None


def env_for(home: Path) -> dict[str, str]:
    env = shell.offline_env(home)
    env.update(OMP_NUM_THREADS=str(THREADS), MKL_NUM_THREADS=str(THREADS), PYTHONHASHSEED="0",
               MPLBACKEND="Agg", WANDB_DISABLED="true", WANDB_MODE="disabled",
               PYTHONDONTWRITEBYTECODE="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
    env.pop("PYTHONPATH", None)
    return env


class ForkServer:
    """Client of `run_page.py --serve`: submit(job) returns a Future of the outcome."""

    def __init__(self, workdir: Path, env: dict[str, str], parallel: int, preload: list[str]):
        self.workdir = workdir
        self.log_path = workdir / "server.log"
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(RUNNER), "--serve", str(parallel), *preload],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, env=env,
            cwd=workdir, text=True, bufsize=1,
        )
        self._futures: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def submit(self, name: str, job: dict) -> Future:
        path = self.workdir / "jobs" / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(job), encoding="utf-8")
        future: Future = Future()
        with self._lock:
            self._futures[name] = future
            try:
                self.process.stdin.write(json.dumps({"id": name, "job": str(path)}) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                self._futures.pop(name)
                future.set_result({"error": "the fork server has stopped:\n" + self._server_log()})
        return future

    def _read(self) -> None:
        for line in self.process.stdout:
            message = json.loads(line)
            with self._lock:
                future = self._futures.pop(message["id"], None)
            if future is not None:
                future.set_result(message)
        self.process.wait()
        with self._lock:
            pending, self._futures = self._futures, {}
        for future in pending.values():
            future.set_result({"error": f"the fork server stopped (exit {self.process.returncode}):\n"
                                        + self._server_log()})

    def _server_log(self) -> str:
        self._log.flush()
        return _tail(self.log_path.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        """Stop the server; pages still queued or running (after `pytest -x`, say) are killed."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (subprocess.TimeoutExpired, OSError):
                self.process.terminate()
                self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        self._log.close()


class DirectRunner:
    """Same interface as ForkServer; each job runs in a fresh interpreter."""

    def __init__(self, workdir: Path, env: dict[str, str], parallel: int, preload: list[str]):
        self.workdir, self.env, self.preload = workdir, env, preload
        self.pool = ThreadPoolExecutor(parallel)

    def submit(self, name: str, job: dict) -> Future:
        path = self.workdir / "jobs" / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"preload": self.preload, **job}), encoding="utf-8")
        return self.pool.submit(self._run, path, job.get("timeout"), job.get("grace", GRACE))

    def _run(self, path: Path, timeout, grace) -> dict:
        process = subprocess.Popen([sys.executable, str(RUNNER), str(path)], env=self.env,
                                   cwd=self.workdir, start_new_session=True,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            outcome = {"exit": process.wait(timeout=timeout + grace if timeout else None)}
        except subprocess.TimeoutExpired:
            outcome = {"killed": True}
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the page's leftovers, or the page itself
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
        return outcome

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Samples:
    """One session's page runs; the tiny models are built once, when first needed."""

    def __init__(self, workdir: Path, *, parallel: int = PARALLEL, timeout: float = TIMEOUT,
                 grace: float = GRACE, fork: bool | None = None, preload: list[str] | None = None,
                 build_models: bool = True):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.timeout, self.grace = timeout, grace
        self.models = self.workdir / "models"
        self.env = env_for(self.workdir / "hf-home")
        if fork is None:
            fork = os.environ.get("SAMPLES_FORK", "1") != "0" and hasattr(os, "fork")
        kind = ForkServer if fork else DirectRunner
        self.server = kind(self.workdir, self.env, parallel, PRELOAD if preload is None else preload)
        self._runs: dict[str, Future] = {}
        self._models: Future | None = None
        if build_models:
            self._models = self.server.submit("tiny-models", {
                "call": {"file": str(TINY_MODELS), "function": "build", "args": [str(self.models)]},
                "log": str(self.workdir / "tiny-models.log"), "timeout": 600,
            })
        else:
            self.models.mkdir(parents=True, exist_ok=True)

    def models_ready(self) -> Path:
        if self._models is not None:
            outcome = self._models.result()
            if outcome.get("exit") != 0:
                log = (self.workdir / "tiny-models.log")
                text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
                raise RuntimeError(f"building the tiny models failed ({outcome}):\n{_tail(text, 60)}")
        return self.models

    def start(self, pages: list[Page]) -> None:
        """Submit the pages not submitted yet (they then run `parallel` at a time)."""
        todo = [page for page in pages if page.page not in self._runs and page.executed]
        if todo:
            self.models_ready()
        for page in todo:
            self._runs[page.page] = self.server.submit(_slug(page.page), self.job(page))

    def job(self, page: Page) -> dict:
        slug = _slug(page.page)
        return {
            "page": page.page, "source": _source(page),
            "cwd": str(self.workdir / "pages" / slug),
            "copy": [str(self.models), str(DATA)],
            "blocks": [{"line": block.line, "code": block.code} for block in page.executed],
            "result": str(self.workdir / "results" / f"{slug}.json"),
            "log": str(self.workdir / "results" / f"{slug}.log"),
            "timeout": self.timeout, "grace": self.grace, "threads": THREADS,
        }

    def run(self, page: Page) -> PageRun:
        if not page.executed:
            return PageRun(page.page, {"exit": 0}, {"blocks": [], "done": True}, "", self.timeout)
        self.start([page])
        outcome = self._runs[page.page].result()
        job = self.job(page)
        result = _read_json(Path(job["result"]))
        log = Path(job["log"])
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        return PageRun(page.page, outcome, result, text, self.timeout, log)

    def close(self) -> None:
        self.server.close()


def _slug(page: str) -> str:
    return page.strip("/").removesuffix(".md").replace("/", "--")


def _source(page: Page) -> str:
    """The file name the page's code is compiled under: the page's absolute path when it exists."""
    path = REPO / page.page
    return str(path.resolve()) if path.exists() else page.page


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


# --------------------------------------------------------------- failures


def failures(page: Page, run: PageRun) -> list[str]:
    """What went wrong in `run`, one message per problem, each naming the page and the line."""
    problems: list[str] = []
    blocks = {block.line: block for block in page.executed}
    result = run.result or {}
    entries = result.get("blocks", [])
    source = _source(page)

    def clean(text: str) -> str:
        return _indent(text.replace(source, page.page).rstrip())

    if "error" in run.outcome:
        return [f"{page.page}: could not run the page: {run.outcome['error']}"]
    if result.get("setup_error"):
        return [f"{page.page}: could not prepare the page's directory:\n{clean(result['setup_error'])}"]
    for entry in entries:
        block = blocks.get(entry["line"])
        where = f"{page.page}:{entry['line']}"
        if entry["status"] == "error":
            problems.append(f"{where}: the block raised an exception:\n{clean(entry['error'])}")
        elif entry["status"] == "timeout":
            problems.append(f"{where}: the page ran past its {run.timeout:g} s limit in this block:\n"
                            f"{clean(entry['error'])}")
        elif entry["status"] == "running":
            how = ("was killed after its time limit" if run.outcome.get("killed")
                   else f"died (exit code {run.outcome.get('exit')})")
            problems.append(f"{where}: the process {how} while this block ran; its output ends with:\n"
                            f"{clean(_tail(run.log))}")
        elif block is not None and block.expected_output is not None:
            if not output.matches(block.expected_output, entry["stdout"]):
                problems.append(f"{where}: what the block printed does not match the Output block at "
                                f"line {block.output_line}:\n"
                                f"{output.explain(block.expected_output, entry['stdout'])}")
    ran = {entry["line"] for entry in entries}
    skipped = [block.line for block in page.executed if block.line not in ran]
    if skipped and not problems:
        how = "was killed" if run.outcome.get("killed") else f"ended with exit code {run.outcome.get('exit')}"
        problems.append(f"{page.page}: the process {how} before running any block; output:\n"
                        f"{clean(_tail(run.log))}")
    elif skipped:
        problems.append(f"{page.page}: not run because of the failure above: the blocks at lines "
                        + ", ".join(map(str, skipped)))
    if problems and run.log_path is not None and run.log_path.exists():
        problems.append(f"(the page's stdout and stderr, warnings included: {run.log_path})")
    return problems


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


__all__ = ["Block", "DOCS", "MIN_EXECUTED_SHARE", "Page", "PageRun", "REPO", "Samples",
           "compile_errors", "doc_pages", "executed_share", "failures"]
