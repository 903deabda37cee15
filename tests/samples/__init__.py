"""The harness that executes the Python samples of the pages (see CONTRIBUTING.md, "Code samples").

- `blocks`: finds the fenced code blocks of a page, their not-run markers and Output blocks;
- `output`: compares what a block printed with the page's Output block;
- `shell`: checks the `hf` command lines of shell blocks, rejects `huggingface-cli`;
- `tiny_models`: builds the tiny models and tokenizers saved under the Hub ids;
- `run_page`: executes one page's blocks in a fresh process (stdlib only);
- `harness`: what the tests use: the scratch directories, the page runs, the failure report;
- `report`: `python tests/samples/report.py` prints executed and marked blocks per page.
"""
