"""The pages' code samples, held to CONTRIBUTING.md's "Code samples" contract.

Every ```python block of docs/ runs, offline and on the CPU, page by page in
order in one namespace, against tiny models saved under the Hub ids; an
Output block after a block must match what it printed. A block marked
`<!-- not-run: reason -->` is only compiled. `hf` command lines in shell
blocks must name commands of the pinned huggingface_hub.

    .venv/bin/pytest tests/test_code_samples.py -k 04-tokenizers
    .venv/bin/python tests/samples/report.py        # what runs, what is marked and why
"""
from __future__ import annotations

from importlib.metadata import version

import pytest

from samples import harness
from samples.blocks import parse
from samples.shell import Checker, hf_commands, legacy_cli, offline_env

PAGES = harness.doc_pages()
PYTHON_PAGES = [page for page in PAGES if page.python_blocks]

# A page of our own that loads every tiny model the way the pages do, so a
# model that lacks something its real counterpart has fails here first.
TINY_MODELS_PAGE = parse('''\
```python
import torch
from transformers import (AutoImageProcessor, AutoModel, AutoModelForCausalLM,
                          AutoModelForImageClassification, AutoModelForMaskedLM,
                          AutoModelForSeq2SeqLM, AutoTokenizer, pipeline)

long_text = "Tokenizers split text into tokens. " * 400
for model_id in ["distilbert/distilbert-base-uncased", "google-bert/bert-base-uncased",
                 "FacebookAI/xlm-roberta-base", "google-t5/t5-small"]:
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    batch = tokenizer(["Hello world!", long_text], padding=True, truncation=True, return_tensors="pt")
    assert batch["input_ids"].shape == (2, tokenizer.model_max_length) == (2, 512), model_id
    assert tokenizer.unk_token_id not in tokenizer("The delivery was fast.")["input_ids"], model_id

distilbert = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")
assert "token_type_ids" not in distilbert("hi")
assert distilbert.tokenize("Hello World") == ["hello", "world"]
assert "token_type_ids" in AutoTokenizer.from_pretrained("google-bert/bert-base-uncased")("hi")
inputs = distilbert("Hello world", return_tensors="pt")
hidden = AutoModel.from_pretrained("distilbert/distilbert-base-uncased")(**inputs).last_hidden_state
assert hidden.shape == (1, 4, 32)
```

```python
classifier = pipeline("text-classification",
                      model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
print(type(classifier.model).__name__, type(classifier.tokenizer).__name__)
print(sorted(classifier.model.config.id2label.values()))
assert classifier("I love it")[0]["label"] in {"NEGATIVE", "POSITIVE"}
```

```text title="Output"
DistilBertForSequenceClassification DistilBertTokenizer
['NEGATIVE', 'POSITIVE']
```

```python
for model_id in ["openai-community/gpt2", "distilbert/distilgpt2", "bigcode/starcoder"]:
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    model = AutoModelForCausalLM.from_pretrained(model_id)
    assert tokenizer.pad_token is None and tokenizer.eos_token == "<|endoftext|>", model_id
    assert tokenizer.bos_token == "<|endoftext|>", model_id
    tokenizer.pad_token = tokenizer.eos_token
    batch = tokenizer(["def add(a, b):", "x"], padding=True, return_tensors="pt")
    out = model.generate(**batch, max_new_tokens=5, do_sample=False, pad_token_id=tokenizer.eos_token_id)
    assert out.shape[1] == batch["input_ids"].shape[1] + 5
assert AutoTokenizer.from_pretrained("openai-community/gpt2").model_max_length == 1024
assert len(AutoTokenizer.from_pretrained("bigcode/starcoder")("<fim_prefix>")["input_ids"]) == 1
generator = pipeline("text-generation", model="distilbert/distilgpt2")
assert generator("Hello", max_new_tokens=3, do_sample=False)[0]["generated_text"].startswith("Hello")
```

```python
t5_tokenizer = AutoTokenizer.from_pretrained("google-t5/t5-small")
assert (t5_tokenizer.pad_token, t5_tokenizer.eos_token, t5_tokenizer.unk_token) == ("<pad>", "</s>", "<unk>")
assert t5_tokenizer("hello")["input_ids"][-1] == t5_tokenizer.eos_token_id
assert t5_tokenizer.convert_tokens_to_ids("<extra_id_0>") != t5_tokenizer.unk_token_id
t5 = AutoModelForSeq2SeqLM.from_pretrained("google-t5/t5-small")
inputs = t5_tokenizer("translate English to German: The house is wonderful.", return_tensors="pt")
assert t5.generate(**inputs, max_new_tokens=4).shape[0] == 1
labels = t5_tokenizer(text_target=["Das Haus ist wunderbar."], return_tensors="pt")["input_ids"]
assert t5(**inputs, labels=labels).loss.item() > 0

for model_id, mask in [("google-bert/bert-base-uncased", "[MASK]"), ("FacebookAI/xlm-roberta-base", "<mask>")]:
    fill = pipeline("fill-mask", model=model_id)
    assert len(fill(f"Paris is the {mask} of France.", top_k=3)) == 3
    assert isinstance(AutoModelForMaskedLM.from_pretrained(model_id), torch.nn.Module)
```

```python
vit = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")
logits = vit(pixel_values=torch.rand(1, 3, 224, 224)).logits
print(logits.shape[-1] == len(vit.config.id2label), vit.config.id2label[logits.argmax(-1).item()] != "")

try:
    from PIL import Image
except ImportError:  # without Pillow (or torchvision) no image processor can be instantiated
    Image = None
if Image is not None:
    photo = Image.new("RGB", (320, 200), "green")
    processor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")
    assert processor(photo, return_tensors="pt")["pixel_values"].shape == (1, 3, 224, 224)
    top = pipeline("image-classification", model="google/vit-base-patch16-224")(photo)[0]
    assert top["label"] in vit.config.id2label.values()
```

```text title="Output"
True True
```
''', "tests/samples/tiny-models.md")


@pytest.fixture(scope="session")
def samples(request, tmp_path_factory):
    """The session's page runs; the selected pages are all submitted at once, two run at a time."""
    runs = harness.Samples(tmp_path_factory.mktemp("samples"))
    selected = {getattr(item, "originalname", None) for item in request.session.items}
    pages = [TINY_MODELS_PAGE] if "test_tiny_models_stand_in_for_the_hub_ones" in selected else []
    wanted = {item.callspec.params["page_path"] for item in request.session.items
              if getattr(item, "originalname", None) == "test_page_samples" and hasattr(item, "callspec")}
    pages += [page for page in PYTHON_PAGES if page.page in wanted]
    runs.start(pages)
    yield runs
    runs.close()


@pytest.mark.samples
def test_tiny_models_stand_in_for_the_hub_ones(samples):
    problems = harness.failures(TINY_MODELS_PAGE, samples.run(TINY_MODELS_PAGE))
    assert not problems, "\n\n".join(problems)


@pytest.mark.samples
@pytest.mark.parametrize("page_path", [page.page for page in PYTHON_PAGES])
def test_page_samples(page_path, samples):
    """Run the page's unmarked Python blocks in order; compare the Output blocks."""
    parsed = next(item for item in PYTHON_PAGES if item.page == page_path)
    if not parsed.executed:
        pytest.skip("every Python block of the page is marked not-run")
    problems = harness.failures(parsed, samples.run(parsed))
    assert not problems, "\n\n".join(problems)


def test_marked_blocks_compile():
    errors = [error for page in PAGES for error in harness.compile_errors(page)]
    assert not errors, "\n".join(errors)


def test_not_run_markers_are_well_formed():
    problems = [str(problem) for page in PAGES for problem in page.problems]
    assert not problems, "\n".join(problems)


def test_most_python_blocks_are_executed():
    executed, total = harness.executed_share(PAGES)
    if not total:
        pytest.skip("no page has a Python block yet")
    share = executed / total
    assert share >= harness.MIN_EXECUTED_SHARE, (
        f"only {executed} of {total} Python blocks ({share:.0%}) are executed; at least "
        f"{harness.MIN_EXECUTED_SHARE:.0%} must be. Run tests/samples/report.py to see the marked ones.")


def test_hf_commands_exist_in_the_pinned_huggingface_hub(tmp_path, request):
    """Each `hf ...` line of a shell block names a command of the installed `hf`, found by
    running `hf <words> --help`; the answers are cached per huggingface_hub version."""
    cache = getattr(request.config, "cache", None)
    key = f"samples/hf-help/{version('huggingface_hub')}"
    known = Checker.load(cache.get(key, {})) if cache is not None else {}
    checker = Checker(env=offline_env(tmp_path / "hf-home"), known=known)
    commands = [command for page in PAGES for command in hf_commands(page)]
    checker.prefetch({command.words for command in commands})
    errors = []
    for command in commands:
        error = checker.check(command.words)
        if error:
            errors.append(f"{command.where}: {command.text}\n    {error}")
    if cache is not None:
        cache.set(key, checker.dump())
    assert not errors, "\n".join(errors)


def test_no_page_uses_the_legacy_huggingface_cli():
    found = [f"{page.page}:{line}: {text}" for page in PAGES
             for line, text in legacy_cli((harness.REPO / page.page).read_text(encoding="utf-8"), page.page)]
    assert not found, ("`huggingface-cli` is gone from the pinned huggingface_hub; use `hf` "
                       "(e.g. `hf auth login`, `hf upload`, `hf download`):\n" + "\n".join(found))
