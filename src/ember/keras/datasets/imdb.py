"""IMDB movie-review sentiment: `keras.datasets.imdb`.

Keras' `imdb.npz` (reviews already turned into word ranks) is not available
offline, so ember rebuilds the same arrays from the Large Movie Review Dataset
(Maas et al., 2011) and Keras' own word index, `imdb_word_index.json`:

- every review of `aclImdb/{train,test}/{pos,neg}/` is tokenized as Keras'
  original preprocessing did (`text_to_word_sequence` with its default
  filters): ASCII letters lowercased, each of ``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~``
  and tab/newline replaced by a space, split on spaces. Apostrophes stay
  inside words (`it's`), and HTML line breaks are not stripped: `<br />`
  becomes the word `br`, rank 7 in Keras' index;
- each word becomes its rank in the word index; words missing from the
  index (seen only in the test reviews) are dropped, as Keras documents;
- the npz order is positive reviews then negative ones, each in file-name
  order (`0_3.txt`, `10000_4.txt`, `10001_4.txt`, ...), which
  `load_data` then shuffles with `seed` as Keras does.

This reconstruction was checked against Keras' data: the training reviews
tokenized this way have exactly the 88,584 words of the word index, every
rank is consistent with the word counts, and the first training and test
sequences and labels of `load_data(num_words=10000)` equal those Deep
Learning with Python prints (`[1, 14, 22, 16, 43, 530, ...]`, label 1).
Other sequences could still differ slightly from Keras' npz wherever its
tokenizer treated a rare character differently; the tests pin the figures
above.

The parsed ranks are cached as `<EMBER_DATA_HOME>/imdb/imdb.npz` (plain
arrays, no pickle) so that later calls are fast; a read-only data folder is
left untouched and the archive is parsed again at each call.
"""

import json
import os
import re
import secrets
import tarfile
from pathlib import Path

import numpy as np

from ember.io import ChecksumError, data_home, get_file, hash_file

_SUBDIR = "imdb"
# shared/datasets' repack of the 50,000 labelled reviews (MANIFEST.md); no URL
# serves it, so it is used only when it is already in the cache folder.
_REPACK = "aclImdb_v1_labeled.tar.gz"
_REPACK_SHA256 = "f8800125a04e98eb640fd505ba6ecb6715a8707acaac4f7fe1f9c9955cafc9f8"
# The original archive (84,125,825 bytes; no checksum is published for it).
_ORIGINAL = "aclImdb_v1.tar.gz"
_ORIGINAL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
_WORD_INDEX_URL = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"
)
# Byte-identical to Keras' file (its md5 bfafd718b763782e994055a2d397834f).
_WORD_INDEX_SHA256 = "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6"
_CACHE_FORMAT = 1
_MEMBER = re.compile(r"(?:\./)?aclImdb/(train|test)/(pos|neg)/(\d+_\d+\.txt)")
# Keras' `text_to_word_sequence` filters, each replaced by a space, and the
# ASCII letters lowercased (non-ASCII letters such as "Á" stay as they are in
# Keras' word index).
_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_TABLE = {ord(c): " " for c in _FILTERS}
_TABLE.update({ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Loads the IMDB dataset of 50,000 movie reviews labelled by sentiment.

    25,000 training and 25,000 test reviews, half positive (label 1) and half
    negative (label 0), each encoded as a list of word indices: a word of
    rank `r` in `get_word_index()` (1 is the most frequent word of the
    training reviews) is `r + index_from`, and every sequence starts with
    `start_char`. The arguments behave exactly as Keras' (see the module
    docstring for how the sequences are rebuilt from the review texts).

    Args:
        path: File name of ember's cache of the parsed reviews, relative to
            `<EMBER_DATA_HOME>/imdb/` (or absolute).
        num_words: Keep only the words of index below `num_words`; the others
            become `oov_char`. `None` keeps all but, as in Keras, the very
            largest index present.
        skip_top: Indices below `skip_top` become `oov_char` (this includes
            `start_char` when `skip_top > start_char`, as in Keras).
        maxlen: Keep only the sequences shorter than `maxlen` (`start_char`
            included), dropping the others and their labels.
        seed: Seed of the shuffles of the training and test sets.
        start_char: Index marking the start of every sequence, or `None`.
        oov_char: Index replacing the words cut by `num_words`/`skip_top`;
            `None` removes those words instead.
        index_from: Offset added to every word rank.
        **kwargs: `nb_words`, the Keras 1 name of `num_words`.

    Returns:
        Tuple `(x_train, y_train), (x_test, y_test)`: `x_*` are NumPy object
        arrays of lists of ints (as in Keras 2), `y_*` int64 arrays of 0s
        and 1s.

    Raises:
        ValueError: No sequence is shorter than `maxlen`, or `path` holds a
            file that is not ember's cache.
        ember.io.DownloadError: The review archive or the word index is
            missing and cannot be downloaded.

    Example:
        >>> (train_data, train_labels), _ = imdb.load_data(num_words=10000)
        >>> train_data[0][:6], train_labels[0]
        ([1, 14, 22, 16, 43, 530], 1)
    """
    if "nb_words" in kwargs:
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
    train, test = _load_ranks(_cache_path(path))
    rng = np.random.RandomState(seed)
    train = _reorder(train, rng.permutation(len(train[2])))
    test = _reorder(test, rng.permutation(len(test[2])))
    train, test = (_offset(part, start_char, index_from) for part in (train, test))
    if maxlen:
        train, test = _shorter_than(train, maxlen), _shorter_than(test, maxlen)
        if not len(train[2]) or not len(test[2]):
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no "
                "sequence was kept. Increase maxlen."
            )
    if not num_words:
        num_words = max(int(part[0].max(initial=0)) for part in (train, test))
    train, test = (_cut(part, num_words, skip_top, oov_char) for part in (train, test))
    return _as_lists(train), _as_lists(test)


def get_word_index(path="imdb_word_index.json"):
    """Returns Keras' dict mapping each IMDB word to its frequency rank.

    Ranks start at 1 ("the"); in the sequences of `load_data` a word of rank
    `r` is `r + index_from` (3 by default). The file is Keras' own
    `imdb_word_index.json`, read from `<EMBER_DATA_HOME>/imdb/` or
    downloaded from Keras' storage and checked against its sha256.

    Args:
        path: File name of the word index in the cache folder.

    Returns:
        A dict `{word: rank}` of 88,584 words.

    Example:
        >>> word_index = imdb.get_word_index()
        >>> reverse_word_index = {rank: word for word, rank in word_index.items()}
        >>> " ".join(reverse_word_index.get(i - 3, "?") for i in train_data[0][:6])
        '? this film was just brilliant'
    """
    fname = Path(path)
    word_index_file = get_file(
        fname.name,
        _WORD_INDEX_URL,
        subdir=fname.parent if fname.is_absolute() else _SUBDIR,
        file_hash=_WORD_INDEX_SHA256 if fname.name == "imdb_word_index.json" else None,
    )
    with open(word_index_file, encoding="utf-8") as file:
        return json.load(file)


def tokenize(text):
    """Splits a review into words as Keras' original IMDB preprocessing did.

    Args:
        text: The review, as a string.

    Returns:
        The list of words: ASCII letters lowercased, Keras' filter characters
        (punctuation except the apostrophe, tab, newline) turned into
        separators, empty words dropped.

    Example:
        >>> tokenize("Don't miss it.<br /><br />10/10!")
        ["don't", 'miss', 'it', 'br', 'br', '10', '10']
    """
    return [word for word in text.translate(_TABLE).split(" ") if word]


# -- the parsed ranks and their cache -------------------------------------------
def _cache_path(path):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"Expected `path` to be a file name or path. Received: path={path!r}")
    return data_home() / _SUBDIR / Path(path).expanduser()


def _load_ranks(cache):
    """The ranks of both splits in Keras' npz order: `(words, lengths, labels)` each."""
    if cache.is_file():
        parts = _read_cache(cache)
        if parts is not None:
            return parts
    archive = _review_archive()
    parts = parse_archive(archive, get_word_index())
    _write_cache(cache, parts)
    return parts


def _review_archive():
    """Path of the review archive: the local repack if present, else the original."""
    repack = data_home() / _SUBDIR / _REPACK
    if repack.is_file():
        actual = hash_file(repack, "sha256")
        if actual != _REPACK_SHA256:
            raise ChecksumError(
                f"The cached archive {str(repack)!r} is corrupted: its sha256 is "
                f"{actual}, expected {_REPACK_SHA256}. Delete it to download the "
                f"original archive from {_ORIGINAL_URL}."
            )
        return repack
    return get_file(_ORIGINAL, _ORIGINAL_URL, subdir=_SUBDIR)


def parse_archive(archive, word_index):
    """Turns the labelled reviews of an aclImdb tarball into word ranks.

    Reads `aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt` (other members,
    such as `train/unsup/`, are skipped), tokenizes each review with
    `tokenize` and keeps the words of `word_index`.

    Args:
        archive: Path of `aclImdb_v1.tar.gz` or of its repack.
        word_index: Dict `{word: rank}`.

    Returns:
        `(train, test)`, each `(words, lengths, labels)`: the concatenated
        int32 ranks, the int64 length of each review and its int64 label, in
        Keras' order (positive reviews then negative ones, each by file name).
    """
    reviews = {(split, label): {} for split in ("train", "test") for label in ("pos", "neg")}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            match = _MEMBER.fullmatch(member.name)
            if match is None or not member.isfile():
                continue
            split, label, name = match.groups()
            text = tar.extractfile(member).read().decode("utf-8")
            ranks = [word_index.get(word) for word in tokenize(text)]
            reviews[split, label][name] = [rank for rank in ranks if rank is not None]
    parts = []
    for split in ("train", "test"):
        sequences, labels = [], []
        for label, value in (("pos", 1), ("neg", 0)):
            found = reviews[split, label]
            sequences += [found[name] for name in sorted(found)]
            labels += [value] * len(found)
        if not sequences:
            raise ValueError(f"{archive}: no review found under aclImdb/{split}/.")
        lengths = np.array([len(seq) for seq in sequences], dtype=np.int64)
        words = np.fromiter(
            (rank for seq in sequences for rank in seq), dtype=np.int32, count=lengths.sum()
        )
        parts.append((words, lengths, np.array(labels, dtype=np.int64)))
    return tuple(parts)


def _read_cache(cache):
    keys = [f"{split}_{field}" for split in ("train", "test")
            for field in ("words", "lengths", "labels")]
    with np.load(cache, allow_pickle=False) as data:
        if "format" not in data.files or not set(keys) <= set(data.files):
            raise ValueError(
                f"{str(cache)!r} is not ember's IMDB cache (Keras' own imdb.npz "
                "holds pickled objects, which ember does not load). Remove it or "
                "pass another `path`."
            )
        if int(data["format"]) != _CACHE_FORMAT:
            return None
        arrays = [data[key] for key in keys]
    return tuple(arrays[:3]), tuple(arrays[3:])


def _write_cache(cache, parts):
    """Writes the cache atomically; skipped where the folder is read-only."""
    folder = cache.parent
    if not _is_writable(folder):
        return
    temp = folder / f".{cache.name}.{secrets.token_hex(8)}.npz"
    arrays = {"format": np.array(_CACHE_FORMAT)}
    for split, (words, lengths, labels) in zip(("train", "test"), parts):
        arrays.update({f"{split}_words": words, f"{split}_lengths": lengths,
                       f"{split}_labels": labels})
    try:
        np.savez(temp, **arrays)
        os.replace(temp, cache)
    except OSError:
        temp.unlink(missing_ok=True)


def _is_writable(folder):
    # A folder without any write permission bit (a shared, read-only copy of
    # the data files) is left alone even by a user, such as root, whom the
    # permissions would not stop.
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


# -- Keras' transformations, on the concatenated ranks ---------------------------
def _starts(lengths):
    return np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)


def _reorder(part, order):
    words, lengths, labels = part
    new_lengths = lengths[order]
    shift = np.repeat(_starts(lengths)[order] - _starts(new_lengths), new_lengths)
    return words[np.arange(len(words)) + shift], new_lengths, labels[order]


def _offset(part, start_char, index_from):
    words, lengths, labels = part
    words = words.astype(np.int64) + index_from
    if start_char is None:
        return words, lengths, labels
    words = np.insert(words, _starts(lengths), start_char)
    return words, lengths + 1, labels


def _shorter_than(part, maxlen):
    words, lengths, labels = part
    keep = lengths < maxlen
    return words[np.repeat(keep, lengths)], lengths[keep], labels[keep]


def _cut(part, num_words, skip_top, oov_char):
    words, lengths, labels = part
    inside = (words >= skip_top) & (words < num_words)
    if oov_char is not None:
        return np.where(inside, words, oov_char), lengths, labels
    owner = np.repeat(np.arange(len(lengths)), lengths)
    kept = np.bincount(owner[inside], minlength=len(lengths))
    return words[inside], kept, labels


def _as_lists(part):
    words, lengths, labels = part
    sequences = np.empty(len(lengths), dtype=object)
    ends = np.cumsum(lengths)
    for i, (start, end) in enumerate(zip(ends - lengths, ends)):
        sequences[i] = words[start:end].tolist()
    return sequences, labels
