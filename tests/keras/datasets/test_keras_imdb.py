"""keras.datasets.imdb, rebuilt from the labelled aclImdb reviews of shared/datasets.

The parsed cache is written to a temporary data folder whose files link to
shared/datasets, so the shared copy is never written to.
"""

import tarfile

import numpy as np
import pytest

from ember.io import data_home
from ember.keras.datasets import imdb

# load_data(num_words=10000)[0][0][0], as Deep Learning with Python (ch. 3)
# and every Keras release print it; the label is 1.
FIRST_TRAIN = [
    1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468, 66, 3941, 4, 173, 36,
    256, 5, 25, 100, 43, 838, 112, 50, 670, 2, 9, 35, 480, 284, 5, 150, 4, 172, 112,
    167, 2, 336, 385, 39, 4, 172, 4536, 1111, 17, 546, 38, 13, 447, 4, 192, 50, 16,
    6, 147, 2025, 19, 14, 22, 4, 1920, 4613, 469, 4, 22, 71, 87, 12, 16, 43, 530, 38,
    76, 15, 13, 1247, 4, 22, 17, 515, 17, 12, 16, 626, 18, 2, 5, 62, 386, 12, 8, 316,
    8, 106, 5, 4, 2223, 5244, 16, 480, 66, 3785, 33, 4, 130, 12, 16, 38, 619, 5, 25,
    124, 51, 36, 135, 48, 25, 1415, 33, 6, 22, 12, 215, 28, 77, 52, 5, 14, 407, 16,
    82, 2, 8, 4, 107, 117, 5952, 15, 256, 4, 2, 7, 3766, 5, 723, 36, 71, 43, 530, 476,
    26, 400, 317, 46, 7, 4, 2, 1029, 13, 104, 88, 4, 381, 15, 297, 98, 32, 2071, 56,
    26, 141, 6, 194, 7486, 18, 4, 226, 22, 21, 134, 476, 26, 480, 5, 144, 30, 5535,
    18, 51, 36, 28, 224, 92, 25, 104, 4, 226, 65, 16, 38, 1334, 88, 12, 16, 283, 5,
    16, 4472, 113, 103, 32, 15, 16, 5345, 19, 178, 32,
]
# Its review: aclImdb/train/pos/576_10.txt.
FIRST_TRAIN_FILE = "aclImdb/train/pos/576_10.txt"


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory):
    """A data home whose imdb/ links to the shared files; the cache goes there."""
    shared = data_home() / "imdb"
    root = tmp_path_factory.mktemp("ember_data")
    (root / "imdb").mkdir()
    for name in ("aclImdb_v1_labeled.tar.gz", "imdb_word_index.json"):
        (root / "imdb" / name).symlink_to(shared / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMBER_DATA_HOME", str(root))
        yield root


@pytest.fixture(scope="module")
def full(data_folder):
    return imdb.load_data()


@pytest.fixture(scope="module")
def top_10000(data_folder):
    return imdb.load_data(num_words=10000)


@pytest.fixture(scope="module")
def word_index(data_folder):
    return imdb.get_word_index()


def review_text(data_folder, member):
    with tarfile.open(data_folder / "imdb" / "aclImdb_v1_labeled.tar.gz") as tar:
        return tar.extractfile(member).read().decode("utf-8")


def test_sizes_and_balanced_labels(full):
    (x_train, y_train), (x_test, y_test) = full
    assert x_train.shape == y_train.shape == x_test.shape == y_test.shape == (25000,)
    assert x_train.dtype == object and isinstance(x_train[0], list)
    assert y_train.dtype == np.int64
    assert np.bincount(y_train).tolist() == np.bincount(y_test).tolist() == [12500, 12500]
    assert all(seq[0] == 1 for seq in x_train[:100])


def test_first_sequences_are_the_books(top_10000):
    (x_train, y_train), (x_test, y_test) = top_10000
    assert x_train[0] == FIRST_TRAIN and y_train[0] == 1
    assert x_train[1][:12] == [1, 194, 1153, 194, 8255, 78, 228, 5, 6, 1463, 4369, 5012]
    assert y_train[:10].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert x_test[0][:10] == [1, 591, 202, 14, 31, 6, 717, 10, 10, 2] and y_test[0] == 0
    # DLwP: max([max(sequence) for sequence in train_data]) is 9999
    assert max(max(seq) for seq in x_train) == 9999


def test_decoding_gives_back_the_review(full, top_10000, word_index, data_folder):
    assert len(word_index) == 88584
    assert (word_index["the"], word_index["br"], word_index["it's"]) == (1, 7, 42)
    reverse_word_index = {rank: word for word, rank in word_index.items()}
    # The book's decoding of train_data[0] (num_words=10000: rare words are "?").
    decoded = " ".join(reverse_word_index.get(i - 3, "?") for i in top_10000[0][0][0])
    assert decoded.startswith(
        "? this film was just brilliant casting location scenery story direction "
        "everyone's really suited the part they played and you could just imagine "
        "being there robert ? is an amazing actor"
    )
    # With the whole vocabulary every word of a training review comes back.
    words = [reverse_word_index[i - 3] for i in full[0][0][0][1:]]
    text = review_text(data_folder, FIRST_TRAIN_FILE)
    assert text.startswith("this film was just brilliant,casting,location scenery")
    assert words == imdb.tokenize(text)


def test_tokenize_follows_keras_preprocessing():
    assert imdb.tokenize("Don't miss it.<br /><br />10/10!") == [
        "don't", "miss", "it", "br", "br", "10", "10"]
    # Only ASCII letters are lowercased, and only spaces separate words
    # (U+0085 stays inside a word, as in Keras' index).
    assert imdb.tokenize("Ángela\x85and  THE\tend") == ["Ángela\x85and", "the", "end"]


def test_num_words_keeps_the_most_frequent(full, top_10000):
    for seq_all, seq_top in zip(full[0][0][:200], top_10000[0][0][:200]):
        assert seq_top == [w if w < 10000 else 2 for w in seq_all]
    assert np.array_equal(full[1][1], top_10000[1][1])


def test_no_num_words_drops_the_largest_index_as_keras_does(full):
    (x_train, _), (x_test, _) = full
    # Keras sets num_words to the largest index and keeps indices below it.
    assert max(max(max(seq) for seq in x) for x in (x_train, x_test)) == 88584 + 3 - 1


def test_skip_top_and_oov(data_folder, full, top_10000):
    (x_skip, _), _ = imdb.load_data(num_words=10000, skip_top=20)
    for seq_skip, seq in zip(x_skip[:100], top_10000[0][0][:100]):
        # as in Keras, start_char (1 < skip_top) becomes oov_char too
        assert seq_skip == [w if w >= 20 else 2 for w in seq]
    (x_drop, _), _ = imdb.load_data(num_words=100, oov_char=None)
    for seq_drop, seq in zip(x_drop[:100], full[0][0][:100]):
        assert seq_drop == [w for w in seq if w < 100]


def test_maxlen_drops_long_sequences_with_their_labels(data_folder, full):
    (x_short, y_short), (x_test, y_test) = imdb.load_data(maxlen=100)
    keep = [len(seq) < 100 for seq in full[0][0]]
    assert len(x_short) == sum(keep) and 0 < len(x_test) < 25000
    assert all(len(seq) < 100 for seq in x_short)
    kept = [(seq, label) for seq, label, k in zip(*full[0], keep) if k]
    assert [seq for seq, _ in kept[:50]] == list(x_short[:50])
    assert [label for _, label in kept] == y_short.tolist()
    with pytest.raises(ValueError, match="maxlen=2"):
        imdb.load_data(maxlen=2)


def test_raw_ranks_and_seed(data_folder, full, word_index):
    (x_raw, y_raw), _ = imdb.load_data(start_char=None, index_from=0)
    assert x_raw[0] == [w - 3 for w in full[0][0][0][1:]]
    (x_seed, y_seed), _ = imdb.load_data(seed=1)
    assert sorted(map(len, x_seed)) == sorted(map(len, full[0][0]))
    assert y_seed.sum() == 12500 and not np.array_equal(y_seed, full[0][1])


def test_cache_is_written_and_reused(data_folder, full):
    cache = data_folder / "imdb" / "imdb.npz"
    assert cache.is_file()
    with np.load(cache, allow_pickle=False) as data:
        assert data["train_lengths"].shape == (25000,)
        assert data["train_words"].dtype == np.int32
    (x_again, y_again), _ = imdb.load_data()
    assert x_again[0] == full[0][0][0] and np.array_equal(y_again, full[0][1])


def test_foreign_npz_is_refused(data_folder):
    np.savez(data_folder / "imdb" / "keras.npz", x_train=np.arange(3))
    with pytest.raises(ValueError, match="not ember's IMDB cache"):
        imdb.load_data(path="keras.npz")


def test_read_only_folder_is_left_alone(tmp_path):
    folder = tmp_path / "read_only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert not imdb._is_writable(folder)
        assert imdb._is_writable(tmp_path)
    finally:
        folder.chmod(0o755)


def test_unknown_keyword(data_folder):
    with pytest.raises(TypeError, match="Unrecognized keyword"):
        imdb.load_data(num_word=10)
