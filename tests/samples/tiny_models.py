"""Tiny, randomly initialised stand-ins for the Hub models the pages load.

`build(root)` saves a model and its tokenizer (or image processor) under
`root/<hub id>` for every id in `MODEL_IDS`, so that code run with `root` as
its working directory loads them with `from_pretrained("<hub id>")` and the
network switched off. Each keeps what a reader's code relies on in the real
one: the architecture and head, the tokenizer's class, algorithm and special
tokens (GPT-2 has no pad token, DistilBERT returns no `token_type_ids`), the
labels of the fine-tuned checkpoints, `model_max_length`, the image size.
Everything else is shrunk (hidden size 32, one or two layers, vocabularies of a
few hundred tokens trained here on `CORPUS`), so building all of them takes a
few seconds. Weights are seeded: two builds give the same models.

Run as a script to build them into a folder: `python tiny_models.py DIR`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

MODEL_IDS = (
    "distilbert/distilbert-base-uncased",
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "google-bert/bert-base-uncased",
    "openai-community/gpt2",
    "distilbert/distilgpt2",
    "google-t5/t5-small",
    "FacebookAI/xlm-roberta-base",
    "bigcode/starcoder",
    "google/vit-base-patch16-224",
)

# What the tokenizers learn from: English prose of the kind the pages use,
# the languages of the multilingual examples, and some Python for StarCoder.
# Changing it changes every token id the tests see: pages whose Output blocks
# show ids or tokens would need updating.
CORPUS = """\
Hugging Face Transformers provides thousands of pretrained models for text, vision and audio.
Tokenizers split text into tokens and map every token to an id in the vocabulary.
Subword tokenization keeps the vocabulary small and still handles unknown words.
The model was fine-tuned on a custom dataset of customer reviews and support tickets.
Fine-tuning a pretrained model is cheaper than training a new model from scratch.
This movie was great, I loved the acting and the music!
The product is terrible and the delivery was late, I want a refund.
I love this library. I hate waiting for slow downloads.
The delivery was fast and the packaging was perfect.
Customer support answered within minutes, very helpful.
The app keeps crashing when I open my order history.
Please add a dark mode to the dashboard and an export to CSV.
Login fails with error 500 since this morning.
Your new pricing doubled our bill overnight, it is too expensive.
The attention mechanism lets every token look at every other token in the sequence.
Encoder models such as BERT read the whole sentence; decoder models such as GPT-2 generate text left to right.
Encoder-decoder models such as T5 translate, summarize and answer questions.
Padding and truncation make every sequence in a batch the same length.
The attention mask tells the model which tokens are padding.
Gradient checkpointing and mixed precision reduce the memory needed for training.
LoRA adapters train a small number of parameters on top of a frozen base model.
Accelerate runs the same training loop on one GPU, several GPUs or a TPU.
Datasets loads CSV, JSON and text files, and streams data that does not fit in memory.
Push your model to the Hub and write a model card with its intended uses and limitations.
The quick brown fox jumps over the lazy dog.
Hello world! How are you today? I am fine, thank you.
Machine learning engineers deploy models to production behind an inference endpoint.
The cat sat on the mat. The dog chased the ball in the garden.
Unbelievable! The unbelievably fast tokenizer tokenized everything.
La entrega fue rápida y el producto llegó en perfecto estado.
El pedido llegó incompleto y nadie responde a mis correos.
Die Lieferung kam pünktlich und war gut verpackt.
Die Qualität ist hervorragend, ich bestelle bestimmt wieder.
La livraison a été rapide et le colis était intact.
Le service client ne répond jamais au téléphone.
Kargo çok hızlı geldi, paketleme de gayet iyiydi.
Müşteri hizmetleri çok ilgiliydi, teşekkür ederim.
配送がとても早くて、梱包も丁寧でした。
注文した商品がまだ届いていません。
品質は素晴らしく、また購入したいです。
Toimitus oli nopea ja paketti oli ehjä.
我喜欢这个产品，质量很好。
Доставка была быстрой, спасибо.
def add(a, b):
    return a + b
def fibonacci(n):
    if n < 2:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)
import torch
from transformers import AutoTokenizer, AutoModelForCausalLM
class Dataset:
    def __init__(self, path):
        self.path = path
for i in range(10):
    print(i, "hello world")
result = [x * 2 for x in values if x > 0]
""".splitlines()

SIZE = {"hidden": 32, "intermediate": 64, "heads": 2, "layers": 2}

# As in the real t5-small config.json: the task prefixes the checkpoint was trained with.
T5_TASKS = {
    "summarization": {"early_stopping": True, "length_penalty": 2.0, "max_length": 200,
                      "min_length": 30, "no_repeat_ngram_size": 3, "num_beams": 4,
                      "prefix": "summarize: "},
    **{f"translation_en_to_{code}": {"early_stopping": True, "max_length": 300, "num_beams": 4,
                                      "prefix": f"translate English to {language}: "}
       for code, language in (("de", "German"), ("fr", "French"), ("ro", "Romanian"))},
}


def build(root: Path) -> Path:
    """Save every model of `MODEL_IDS` under `root`; return `root`."""
    import torch
    import transformers as tf

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)

    def save(hub_id, model, tokenizer=None):
        model.save_pretrained(root / hub_id)
        if tokenizer is not None:
            tokenizer.save_pretrained(root / hub_id)

    def seeded(make):
        torch.manual_seed(0)
        return make()

    h, i, n, layers = SIZE["hidden"], SIZE["intermediate"], SIZE["heads"], SIZE["layers"]

    # DistilBERT and BERT: uncased WordPiece.
    wordpiece = _wordpiece_vocab(500)
    distil_tok = tf.DistilBertTokenizer(vocab=wordpiece, model_max_length=512)
    distil = dict(vocab_size=len(wordpiece), dim=h, hidden_dim=i, n_layers=layers, n_heads=n,
                  max_position_embeddings=512, pad_token_id=0)
    save("distilbert/distilbert-base-uncased",
         seeded(lambda: tf.DistilBertForMaskedLM(tf.DistilBertConfig(**distil))), distil_tok)
    sst2 = tf.DistilBertConfig(**distil, id2label={0: "NEGATIVE", 1: "POSITIVE"},
                               label2id={"NEGATIVE": 0, "POSITIVE": 1}, finetuning_task="sst-2")
    save("distilbert/distilbert-base-uncased-finetuned-sst-2-english",
         seeded(lambda: tf.DistilBertForSequenceClassification(sst2)), distil_tok)
    bert = tf.BertConfig(vocab_size=len(wordpiece), hidden_size=h, num_hidden_layers=layers,
                         num_attention_heads=n, intermediate_size=i, max_position_embeddings=512,
                         pad_token_id=0)
    save("google-bert/bert-base-uncased", seeded(lambda: tf.BertForMaskedLM(bert)),
         tf.BertTokenizer(vocab=wordpiece, model_max_length=512))

    # GPT-2 and DistilGPT2: byte-level BPE, "<|endoftext|>" last as in the real vocabulary, no pad token.
    vocab, merges = _byte_level_bpe(700, specials=[], last="<|endoftext|>")
    eos = vocab["<|endoftext|>"]
    for hub_id, depth in (("openai-community/gpt2", 2), ("distilbert/distilgpt2", 1)):
        config = tf.GPT2Config(vocab_size=len(vocab), n_positions=1024, n_embd=h, n_layer=depth,
                               n_head=n, bos_token_id=eos, eos_token_id=eos)
        save(hub_id, seeded(lambda: tf.GPT2LMHeadModel(config)),
             tf.GPT2Tokenizer(vocab=vocab, merges=merges, model_max_length=1024))

    # StarCoder: byte-level BPE with its special tokens first, multi-query attention.
    specials = ["<|endoftext|>", "<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>",
                "<filename>", "<gh_stars>", "<issue_start>", "<issue_comment>", "<issue_closed>",
                "<jupyter_start>", "<jupyter_text>", "<jupyter_code>", "<jupyter_output>",
                "<empty_output>", "<commit_before>", "<commit_msg>", "<commit_after>", "<reponame>"]
    vocab, merges = _byte_level_bpe(700, specials=specials)
    config = tf.GPTBigCodeConfig(vocab_size=len(vocab), n_positions=8192, n_embd=h, n_layer=layers,
                                 n_head=n, n_inner=i, multi_query=True, bos_token_id=0, eos_token_id=0)
    save("bigcode/starcoder", seeded(lambda: tf.GPTBigCodeForCausalLM(config)),
         tf.GPT2Tokenizer(vocab=vocab, merges=merges, model_max_length=8192,
                          additional_special_tokens=specials[1:]))

    # T5: SentencePiece-style Unigram, <pad> 0, </s> 1, <unk> 2, plus 100 sentinel tokens.
    pieces = _unigram_pieces(500, specials=["<pad>", "</s>", "<unk>"])
    t5_tok = tf.T5Tokenizer(vocab=pieces, extra_ids=100, model_max_length=512)
    config = tf.T5Config(vocab_size=len(t5_tok), d_model=h, d_kv=h // n, d_ff=i, num_layers=layers,
                         num_decoder_layers=layers, num_heads=n, relative_attention_num_buckets=8,
                         feed_forward_proj="relu", pad_token_id=0, eos_token_id=1,
                         decoder_start_token_id=0, task_specific_params=T5_TASKS)
    save("google-t5/t5-small", seeded(lambda: tf.T5ForConditionalGeneration(config)), t5_tok)

    # XLM-RoBERTa: Unigram, <s> 0, <pad> 1, </s> 2, <unk> 3, <mask> last.
    pieces = _unigram_pieces(600, specials=["<s>", "<pad>", "</s>", "<unk>"], last="<mask>")
    config = tf.XLMRobertaConfig(vocab_size=len(pieces), hidden_size=h, num_hidden_layers=layers,
                                 num_attention_heads=n, intermediate_size=i,
                                 max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                                 bos_token_id=0, eos_token_id=2)
    save("FacebookAI/xlm-roberta-base", seeded(lambda: tf.XLMRobertaForMaskedLM(config)),
         tf.XLMRobertaTokenizer(vocab=pieces, model_max_length=512))

    # ViT: the real image size and patches (cheap at this width), a few ImageNet labels.
    labels = ["tabby, tabby cat", "Egyptian cat", "golden retriever", "pizza, pizza pie",
              "sports car, sport car"]
    config = tf.ViTConfig(image_size=224, patch_size=16, hidden_size=h, num_hidden_layers=layers,
                          num_attention_heads=n, intermediate_size=i,
                          id2label=dict(enumerate(labels)),
                          label2id={label: index for index, label in enumerate(labels)})
    save("google/vit-base-patch16-224", seeded(lambda: tf.ViTForImageClassification(config)))
    # Written by hand: the image processors need Pillow or torchvision to be instantiated.
    processor = {
        "image_processor_type": "ViTImageProcessor",
        "do_resize": True, "size": {"height": 224, "width": 224}, "resample": 2,
        "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
    }
    (root / "google/vit-base-patch16-224/preprocessor_config.json").write_text(
        json.dumps(processor, indent=2) + "\n", encoding="utf-8")
    return root


def _bpe(size: int, normalizer=None, pre_tokenizer=None, specials=(), alphabet=()):
    """A BPE tokenizer trained on CORPUS. Unlike the WordPiece and Unigram trainers of
    `tokenizers` (whose results change from run to run), plain BPE training is deterministic."""
    from tokenizers import Tokenizer, models, trainers

    tokenizer = Tokenizer(models.BPE())
    if normalizer is not None:
        tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    trainer = trainers.BpeTrainer(vocab_size=size, special_tokens=list(specials),
                                  initial_alphabet=list(alphabet), show_progress=False)
    tokenizer.train_from_iterator(CORPUS, trainer)
    return tokenizer


def _wordpiece_vocab(size: int) -> dict[str, int]:
    """An uncased WordPiece vocabulary: every BPE token, word-initial and as a `##` continuation."""
    from tokenizers import normalizers, pre_tokenizers

    bpe = _bpe(size, normalizers.BertNormalizer(lowercase=True), pre_tokenizers.BertPreTokenizer())
    tokens = list(_by_id(bpe.get_vocab()))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    for token in tokens:
        vocab += [token, "##" + token]
    return {token: index for index, token in enumerate(dict.fromkeys(vocab))}


def _byte_level_bpe(size: int, specials: list[str], last: str | None = None):
    from tokenizers import pre_tokenizers

    tokenizer = _bpe(size, None, pre_tokenizers.ByteLevel(add_prefix_space=False), specials,
                     pre_tokenizers.ByteLevel.alphabet())
    vocab = _by_id(tokenizer.get_vocab())
    if last is not None:
        vocab[last] = len(vocab)
    merges = [tuple(pair) for pair in json.loads(tokenizer.to_str())["model"]["merges"]]
    return vocab, merges


def _unigram_pieces(size: int, specials: list[str], last: str | None = None):
    """SentencePiece-style (piece, log probability) pairs: the pieces of a BPE trained with the
    Metaspace pre-tokenizer, scored by how often that BPE uses them on CORPUS, best first."""
    import math
    from collections import Counter

    from tokenizers import pre_tokenizers

    bpe = _bpe(size, None, pre_tokenizers.Metaspace())
    counts = Counter(token for line in CORPUS for token in bpe.encode(line).tokens)
    total = sum(counts.values())
    unused = round(math.log(0.1 / total), 4)  # below every piece the BPE actually uses
    scores = {piece: round(math.log(counts[piece] / total), 4) if counts[piece] else unused
              for piece in bpe.get_vocab()}
    pieces = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    pieces = [(piece, 0.0) for piece in specials] + pieces
    if last is not None:
        pieces.append((last, 0.0))
    return pieces


def _by_id(vocab: dict[str, int]) -> dict[str, int]:
    return dict(sorted(vocab.items(), key=lambda item: item[1]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tiny_models.py DIR")
    print(build(Path(sys.argv[1])))
