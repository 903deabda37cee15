"""Unit tests of the sample harness (tests/samples/): hand-written pages with known answers.

Fast: nothing here imports torch; the page runs use small standard-library code.
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from samples import harness, output, shell
from samples.blocks import Block, language_of, parse, parse_file


def md(text: str) -> str:
    return textwrap.dedent(text)


# ------------------------------------------------------------------ blocks


def test_python_block_with_its_line_code_and_closing_fence():
    page = parse(md("""\
        ---
        title: x
        ---
        # Title

        ```python
        x = 1
        print(x)
        ```
        """), "docs/p.md")
    [block] = page.blocks
    assert (block.page, block.line, block.end_line) == ("docs/p.md", 6, 9)
    assert block.language == "python" and block.is_python
    assert block.code == "x = 1\nprint(x)\n"
    assert block.not_run_reason is None and block.expected_output is None
    assert page.problems == []


@pytest.mark.parametrize("info, language", [
    ("python", "python"), ("py", "py"), ("Python3", "python3"), ('python title="train.py"', "python"),
    ('{.python title="x"}', "python"), ("{ .py }", "py"), ("", ""), ("bash", "bash"),
    ('text title="Output"', "text"), ("python{.copy}", "python"),
])
def test_language_of_the_info_string(info, language):
    assert language_of(info) == language


def test_block_inside_an_admonition_loses_the_fence_indentation_only():
    page = parse(md("""\
        !!! example "Try it"
            Some text.

            ```python
            def f():
                return 1
            ```
        """))
    [block] = page.blocks
    assert block.line == 4
    assert block.code == "def f():\n    return 1\n"


def test_block_in_a_tab_with_a_blank_line_and_a_tab_character():
    page = parse('=== "PyTorch"\n\n    ```py\n    a = 1\n\n\tb = 2\n    ```\n')
    [block] = page.blocks
    assert block.code == "a = 1\n\nb = 2\n"


def test_fences_inside_a_longer_fence_are_its_content():
    page = parse(md("""\
        ````markdown
        <!-- not-run: an example of the marker -->
        ```python
        model.push_to_hub("x")
        ```
        ````

        ```python
        real = True
        ```
        """))
    assert [(block.language, block.line) for block in page.blocks] == [("markdown", 1), ("python", 8)]
    assert "```python" in page.blocks[0].code
    assert page.python_blocks[0].code == "real = True\n"
    assert page.problems == []


def test_tilde_fence_holds_backtick_lines_and_a_longer_closing_fence_closes():
    page = parse("~~~python\nx = '''\n```\n'''\n~~~~\n```py\ny = 2\n`````\n")
    assert [block.code for block in page.blocks] == ["x = '''\n```\n'''\n", "y = 2\n"]


def test_a_shorter_fence_does_not_close_and_an_unclosed_fence_is_a_problem():
    page = parse("````python\nx = 1\n```\n", "p.md")
    [block] = page.blocks
    assert block.code == "x = 1\n```\n"
    assert [str(problem) for problem in page.problems] == ["p.md:1: the fence opened here (````) is never closed"]


def test_inline_triple_backticks_are_not_a_fence():
    page = parse("Write ```code``` inline.\n\n```python\nx = 1\n```\n")
    assert [block.line for block in page.blocks] == [3]


def test_not_run_marker_on_the_line_before_the_fence():
    page = parse(md("""\
        <!-- not-run: pushes to the Hub, which needs a token -->
        ```python
        model.push_to_hub("me/model")
        ```

        ```python
        x = 1
        ```
        """))
    marked, executed = page.python_blocks
    assert marked.not_run_reason == "pushes to the Hub, which needs a token" and marked.marked
    assert executed.not_run_reason is None and not executed.marked
    assert page.executed == [executed] and page.marked == [marked]
    assert page.problems == []


def test_indented_marker_in_an_admonition():
    page = parse('!!! note\n    <!-- not-run: needs a GPU -->\n    ```python\n    x.cuda()\n    ```\n')
    assert page.blocks[0].not_run_reason == "needs a GPU"


def test_marker_separated_from_its_fence_is_a_problem_and_marks_nothing():
    page = parse("<!-- not-run: needs a GPU -->\n\n```python\nx = 1\n```\n", "p.md")
    assert page.blocks[0].not_run_reason is None
    assert [str(problem) for problem in page.problems] == [
        "p.md:1: not-run marker is not on the line right before an opening fence"]


def test_marker_at_the_end_of_the_page_is_a_problem():
    page = parse("text\n<!-- not-run: nothing follows -->\n", "p.md")
    assert [problem.line for problem in page.problems] == [2]


def test_marker_without_a_reason_is_a_problem_but_still_marks_the_block():
    page = parse("<!-- not-run: -->\n```python\nx = 1\n```\n", "p.md")
    assert page.blocks[0].not_run_reason == "" and page.blocks[0].marked
    assert "without a reason" in page.problems[0].message


@pytest.mark.parametrize("line", ["<!-- not run: typo -->", "<!-- not-run reason -->", "<!--not_run: x-->",
                                  "<!-- NOT-RUN: x --> trailing text"])
def test_malformed_markers_are_problems(line):
    page = parse(f"{line}\n```python\nx = 1\n```\n", "p.md")
    assert page.blocks[0].not_run_reason is None
    assert [problem.line for problem in page.problems] == [1]


def test_marker_text_in_prose_and_in_code_is_not_a_marker():
    page = parse("Use a `<!-- not-run: reason -->` line.\n\n```markdown\n<!-- not-run: x -->\n```\n")
    assert page.problems == []


def test_output_block_after_a_python_block_is_its_expected_output():
    page = parse(md("""\
        ```python
        print("hi")
        ```

        ```text title="Output"
        hi
        ```

        ```python
        print("no output block")
        ```

        Some prose between.

        ```text title="Output"
        not attached
        ```

        ```bash
        echo x
        ```
        ```text title="Output"
        x
        ```
        """))
    first, second = page.python_blocks
    assert (first.expected_output, first.output_line) == ("hi\n", 5)
    assert second.expected_output is None
    assert [block.is_output for block in page.blocks] == [False, True, False, True, False, True]


def test_text_block_without_the_output_title_is_not_output():
    page = parse('```python\nprint(1)\n```\n```text title="Training log"\n1\n```\n')
    assert page.python_blocks[0].expected_output is None


def test_output_of_a_marked_block_is_kept_but_the_block_is_not_executed():
    page = parse('<!-- not-run: GPU -->\n```python\nprint(1)\n```\n```text title="Output"\n1\n```\n')
    assert page.python_blocks[0].expected_output == "1\n" and page.executed == []


def test_parse_file_names_the_page_relative_to_the_root(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "q.md").write_text("```py\nx = 1\n```\n", encoding="utf-8")
    page = parse_file(tmp_path / "docs" / "q.md", tmp_path)
    assert page.page == "docs/q.md" and page.blocks[0].page == "docs/q.md"


# ------------------------------------------------------------------ output


@pytest.mark.parametrize("expected, printed", [
    ("hello\n", "hello"),
    ("hello   \nworld\n\n\n", "hello\nworld   \n"),
    ("loss ...\n", "loss 0.6931\n"),
    ("{'label': 'POSITIVE', 'score': ...}\n", "{'label': 'POSITIVE', 'score': 0.5012}\n"),
    ("first\n...\nlast\n", "first\nmany\nlines\nlast\n"),
    ("...", "anything at all\n"),
    ("", ""),
    ("", "\n\n"),
])
def test_output_matches(expected, printed):
    assert output.matches(expected, printed)


@pytest.mark.parametrize("expected, printed", [
    ("hello\n", "Hello\n"),
    ("a\nb\n", "a\n\nb\n"),
    ("  indented\n", "indented\n"),
    ("tensor([1, 2])\n", "tensor([1, 2, 3])\n"),
    ("loss ...\n", "accuracy 0.5\n"),
    ("x\n", ""),
    ("", "x\n"),
])
def test_output_mismatches(expected, printed):
    assert not output.matches(expected, printed)


def test_explain_shows_both_texts_and_a_diff():
    text = output.explain("a\nb\n", "a\nc\n")
    assert "expected (the Output block):\n    a\n    b" in text
    assert "printed:\n    a\n    c" in text
    assert "-b" in text and "+c" in text


# ------------------------------------------------------------------ shell


def test_command_lines_join_continuations_and_skip_comments():
    code = "# log in first\nhf auth login\nhf upload my-org/model \\\n    ./out \\\n    --private\n\n"
    assert shell.command_lines(code, "bash") == [(1, "hf auth login"),
                                                 (2, "hf upload my-org/model ./out --private")]


def test_console_blocks_only_count_prompted_lines():
    code = "$ hf auth whoami\nmy-user\n(.venv) $ hf version\nhuggingface_hub version: 2.4.0\n"
    assert shell.command_lines(code, "console") == [(0, "hf auth whoami"), (2, "hf version")]


def test_a_dollar_prompt_in_a_bash_block_is_dropped():
    assert shell.command_lines("$ hf download gpt2\n", "bash") == [(0, "hf download gpt2")]


def test_split_commands_on_operators_and_respects_quotes():
    assert shell.split_commands('pip install -U "huggingface_hub[cli]" && hf auth login; echo "a && b" | cat') == [
        ["pip", "install", "-U", "huggingface_hub[cli]"], ["hf", "auth", "login"],
        ["echo", "a && b"], ["cat"]]


@pytest.mark.parametrize("argv, words", [
    (["hf", "auth", "login"], ("auth", "login")),
    (["hf", "repos", "create", "my-org/model", "--private"], ("repos", "create")),
    (["hf", "upload", "--repo-type", "dataset", "x"], ("upload",)),
    (["HF_TOKEN=abc", "HF_HUB_ENABLE_HF_TRANSFER=1", "hf", "download", "gpt2", "config.json"],
     ("download", "gpt2")),
    (["hf"], ()),
    (["pip", "install", "hf"], None),
    (["hfx", "auth"], None),
])
def test_hf_words(argv, words):
    assert shell.hf_words(argv) == words


def test_hf_commands_of_a_page_with_their_lines():
    page = parse(md("""\
        Intro.

        ```bash
        pip install huggingface_hub
        hf auth login
        ```

        ```python
        # hf upload in Python is not a shell command
        ```

        ```console
        $ hf repo create my-model && hf upload my-model .
        Created.
        ```
        """), "docs/p.md")
    found = [(command.where, command.words) for command in shell.hf_commands(page)]
    assert found == [("docs/p.md:5", ("auth", "login")), ("docs/p.md:13", ("repo", "create", "my-model")),
                     ("docs/p.md:13", ("upload", "my-model"))]


def test_legacy_cli_in_code_and_in_inline_commands_but_not_in_a_bare_mention():
    text = md("""\
        The old `huggingface-cli` tool was renamed.

        Run `huggingface-cli login` first.

        ```bash
        huggingface-cli upload x .
        ```

        ```python
        subprocess.run(["huggingface-cli", "whoami"])
        ```
        """)
    assert [line for line, _ in shell.legacy_cli(text)] == [3, 6, 10]


FAKE_HF = '''\
#!{python}
import sys
TREE = {{"auth": {{"login": None, "whoami": None}}, "repos": {{"create": None}}, "upload": None}}
node, words = TREE, [w for w in sys.argv[1:] if w != "--help"]
for position, word in enumerate(words):
    if node is None:
        break
    if word not in node:
        print("Usage: hf [OPTIONS] COMMAND [ARGS]...", file=sys.stderr)
        print(f"Error: No such command '{{word}}'.", file=sys.stderr)
        sys.exit(2)
    node = node[word]
print("Usage: hf " + ("X [OPTIONS] COMMAND [ARGS]..." if node else "X [OPTIONS] REPO_ID"))
'''


@pytest.fixture
def fake_hf(tmp_path):
    path = tmp_path / "hf"
    path.write_text(FAKE_HF.format(python=sys.executable), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.mark.parametrize("words, error", [
    (("auth", "login"), None),
    (("repos", "create"), None),
    (("upload", "my-model"), None),           # a leaf command: the rest are arguments
    ((), None),
    (("repo", "create"), "`hf repo` is not a command here: Error: No such command 'repo'."),
    (("auth", "logn"), "`hf auth logn` is not a command here: Error: No such command 'logn'."),
])
def test_checker_walks_the_command_groups(fake_hf, words, error):
    assert shell.Checker(fake_hf).check(words) == error


def test_checker_runs_each_prefix_once(fake_hf):
    checker = shell.Checker(fake_hf)
    for words in [("auth", "login"), ("auth", "whoami"), ("auth", "login")]:
        assert checker.check(words) is None
    assert sorted(checker._help) == [(), ("auth",), ("auth", "login"), ("auth", "whoami")]


def test_prefetch_runs_every_prefix_once_and_check_uses_the_cache(fake_hf):
    checker = shell.Checker(fake_hf)
    checker.prefetch({("auth", "login"), ("upload", "my-model"), ("repo", "create")})
    prefixes = [(), ("auth",), ("auth", "login"), ("repo",), ("repo", "create"), ("upload",),
                ("upload", "my-model")]
    assert sorted(checker._help) == prefixes
    assert checker.check(("repo", "create")).startswith("`hf repo` is not a command here")
    assert checker.check(("auth", "login")) is None and checker.check(("upload", "my-model")) is None
    assert sorted(checker._help) == prefixes


def test_checker_results_survive_a_dump_and_load(fake_hf):
    checker = shell.Checker(fake_hf)
    checker.check(("auth", "login"))
    again = shell.Checker(Path("/nonexistent/hf"), known=shell.Checker.load(
        json.loads(json.dumps(checker.dump()))))
    assert again.check(("auth", "login")) is None  # answered from the cache: no process started


def test_checker_against_the_pinned_hf(tmp_path):
    checker = shell.Checker(env=shell.offline_env(tmp_path))
    assert "No such command 'repo'" in checker.check(("repo", "create"))


# ------------------------------------------------------------------ runs


def test_compile_errors_report_marked_blocks_only():
    page = parse(md("""\
        <!-- not-run: fragment -->
        ```python
        def broken(:
        ```

        ```python
        also broken(
        ```
        """), "docs/p.md")
    [error] = harness.compile_errors(page)
    assert error.startswith("docs/p.md:3: the marked block at line 2 does not compile")
    assert len(harness.compile_errors(page, only_marked=False)) == 2


def test_executed_share_counts_python_blocks_only():
    pages = [parse("```python\n1\n```\n<!-- not-run: x -->\n```python\n2\n```\n```bash\nls\n```\n"),
             parse("```py\n3\n```\n")]
    assert harness.executed_share(pages) == (2, 3)


@pytest.fixture(params=["fork", "direct"])
def runs(request, tmp_path):
    samples = harness.Samples(tmp_path / "work", fork=request.param == "fork", preload=[],
                              build_models=False, timeout=20, grace=2)
    yield samples
    samples.close()


def write_page(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(md(text), encoding="utf-8")
    return parse_file(path)


def test_blocks_share_a_namespace_and_outputs_are_compared(runs, tmp_path):
    page = write_page(tmp_path, "good.md", """\
        ```python
        import os, sys
        total = 40
        print(__name__, os.getcwd() == sys.path[0])
        ```

        ```text title="Output"
        __main__ True
        ```

        Prose.

        ```python
        total += 2
        print("total", total)
        ```

        ```text title="Output"
        total ...
        ```
        """)
    run = runs.run(page)
    assert harness.failures(page, run) == []
    assert [entry["stdout"] for entry in run.result["blocks"]] == ["__main__ True\n", "total 42\n"]


def test_an_exception_names_the_page_line_and_stops_the_page(runs, tmp_path):
    page = write_page(tmp_path, "bad.md", """\
        ```python
        def fails():
            raise ValueError("no pad token")
        ```

        ```python
        x = 1
        fails()
        ```

        ```python
        print("never")
        ```
        """)
    problems = harness.failures(page, runs.run(page))
    assert len(problems) == 3 and problems[2].endswith(".log)")
    assert problems[0].startswith(f"{page.page}:6: the block raised an exception:")
    assert f'File "{page.page}", line 8, in <module>' in problems[0]
    assert "    fails()" in problems[0]
    assert f'File "{page.page}", line 3, in fails' in problems[0]
    assert problems[0].rstrip().endswith("ValueError: no pad token")
    assert problems[1] == f"{page.page}: not run because of the failure above: the blocks at lines 11"


def test_a_syntax_error_in_an_unmarked_block_is_reported_at_its_line(runs, tmp_path):
    page = write_page(tmp_path, "syntax.md", "Text\n\n```python\nx = (\n```\n")
    problem, where = harness.failures(page, runs.run(page))
    assert where.startswith("(the page's stdout and stderr, warnings included: ")
    assert problem.startswith(f"{page.page}:3: the block raised") and "SyntaxError" in problem
    assert f'File "{page.page}", line 4' in problem


def test_an_output_mismatch_names_both_lines(runs, tmp_path):
    page = write_page(tmp_path, "mismatch.md", """\
        ```python
        print("label: NEGATIVE")
        ```

        ```text title="Output"
        label: POSITIVE
        ```
        """)
    problem, where = harness.failures(page, runs.run(page))
    assert where.startswith("(the page's stdout and stderr, warnings included: ")
    assert problem.startswith(f"{page.page}:1: what the block printed does not match the Output block at line 5")
    assert "-label: POSITIVE" in problem and "+label: NEGATIVE" in problem


def test_a_page_past_its_timeout_fails_at_the_running_block(runs, tmp_path):
    runs.timeout = 0.5
    page = write_page(tmp_path, "slow.md", """\
        ```python
        import time
        ```

        ```python
        while True:
            time.sleep(0.01)
        ```
        """)
    problem, where = harness.failures(page, runs.run(page))
    assert where.startswith("(the page's stdout and stderr, warnings included: ")
    assert problem.startswith(f"{page.page}:5: the page ran past its 0.5 s limit in this block")
    assert f'File "{page.page}", line 7' in problem


def test_a_page_that_ignores_the_alarm_is_killed(runs, tmp_path):
    runs.timeout, runs.grace = 0.5, 0.5
    page = write_page(tmp_path, "stuck.md", """\
        ```python
        import signal, time
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            time.sleep(0.01)
        ```
        """)
    problem, where = harness.failures(page, runs.run(page))
    assert where.startswith("(the page's stdout and stderr, warnings included: ")
    assert problem.startswith(f"{page.page}:1: the process was killed after its time limit while this block ran")


def test_a_crashing_page_reports_its_exit_code_and_output(runs, tmp_path):
    page = write_page(tmp_path, "crash.md", """\
        ```python
        import os, sys
        print("about to crash", file=sys.stderr, flush=True)
        os._exit(3)
        ```
        """)
    problem, where = harness.failures(page, runs.run(page))
    assert where.startswith("(the page's stdout and stderr, warnings included: ")
    assert problem.startswith(f"{page.page}:1: the process died (exit code 3) while this block ran")
    assert "about to crash" in problem


def test_the_network_is_off(runs, tmp_path):
    page = write_page(tmp_path, "network.md", """\
        ```python
        import socket, urllib.request
        for attempt in (lambda: socket.create_connection(("example.com", 80), timeout=5),
                        lambda: urllib.request.urlopen("https://huggingface.co", timeout=5)):
            try:
                attempt()
            except OSError as error:
                print("refused:", "disabled while the samples run" in str(error))
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(server.getsockname()).close()
        print("loopback works")
        ```

        ```text title="Output"
        refused: True
        refused: True
        loopback works
        ```
        """)
    assert harness.failures(page, runs.run(page)) == []


def test_pages_are_isolated_from_each_other(runs, tmp_path):
    first = write_page(tmp_path, "first.md", """\
        ```python
        import os, json
        os.environ["LEAK"] = "1"
        json.dumps = None
        open("written-by-first.txt", "w").write("x")
        os.makedirs("sub", exist_ok=True)
        os.chdir("sub")
        ```
        """)
    second = write_page(tmp_path, "second.md", """\
        ```python
        import os, json
        print(os.environ.get("LEAK"), json.dumps([1]), os.path.exists("written-by-first.txt"))
        print(sorted(name for name in os.listdir() if name.startswith("q0"))[:1])
        ```

        ```text title="Output"
        None [1] False
        ['q01-feedback.jsonl']
        ```
        """)
    runs.start([first, second])
    assert harness.failures(first, runs.run(first)) == []
    assert harness.failures(second, runs.run(second)) == []


def test_what_a_page_leaves_running_is_stopped_with_it(runs, tmp_path):
    page = write_page(tmp_path, "leftovers.md", """\
        ```python
        import subprocess, threading, time
        worker = subprocess.Popen(["sleep", "300"])
        open("worker.pid", "w").write(str(worker.pid))
        threading.Thread(target=time.sleep, args=(300,)).start()  # not a daemon
        ```
        """)
    run = runs.run(page)
    assert harness.failures(page, run) == [] and run.outcome["exit"] == 0
    pid = int((runs.workdir / "pages" / harness._slug(page.page) / "worker.pid").read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_class_defined_by_a_page_pickles_like_in_a_script(runs, tmp_path):
    page = write_page(tmp_path, "pickle.md", """\
        ```python
        import pickle
        class Config:
            size = 3
        print(pickle.loads(pickle.dumps(Config())).size)
        ```

        ```text title="Output"
        3
        ```
        """)
    assert harness.failures(page, runs.run(page)) == []


def test_a_page_with_only_marked_blocks_is_not_run(runs):
    page = parse("<!-- not-run: GPU -->\n```python\nx.cuda()\n```\n", "docs/q.md")
    run = runs.run(page)
    assert run.result["blocks"] == [] and harness.failures(page, run) == []


def test_the_runner_can_be_run_by_hand(tmp_path):
    job = {"page": "p.md", "source": "p.md", "cwd": str(tmp_path / "cwd"), "copy": [],
           "blocks": [{"line": 1, "code": "print('hi')\n"}], "result": str(tmp_path / "r.json"),
           "log": str(tmp_path / "log"), "timeout": 20}
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    subprocess.run([sys.executable, str(harness.RUNNER), str(tmp_path / "job.json")], check=True,
                   timeout=60)
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["done"] and result["blocks"][0]["stdout"] == "hi\n"


def test_report_prints_the_executed_share():
    completed = subprocess.run([sys.executable, str(harness.HERE / "report.py")], capture_output=True,
                               text=True, timeout=60, env={**os.environ, "PYTHONPATH": ""})
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.rstrip().splitlines()[-1].startswith("Executed: ")


def test_block_dataclass_fields():
    block = Block(page="p.md", line=3, language="python", code="x\n", not_run_reason="GPU",
                  expected_output="1\n")
    assert (block.page, block.line, block.language, block.code, block.not_run_reason,
            block.expected_output) == ("p.md", 3, "python", "x\n", "GPU", "1\n")
