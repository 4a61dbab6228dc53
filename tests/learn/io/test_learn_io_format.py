"""The ember.learn archive format: the committed v1 fixture loads, and unknown, truncated, corrupted,
tampered or foreign files, as well as values the format cannot hold, raise the documented errors."""

import functools
import hashlib
import io
import json
import zipfile
from pathlib import Path

import joblib
import numpy as np
import pytest

from ember.learn import io as learn_io
from ember.learn.io import ArchiveError, UnsupportedFormatVersionError
from ember.learn.base import BaseEstimator
from ember.learn.linear_model import LogisticRegression, Ridge
from ember.learn.pipeline import Pipeline
from ember.learn.preprocessing import FunctionTransformer, StandardScaler

HERE = Path(__file__).resolve().parent
X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.5], [3.0, 1.0], [4.0, 3.5], [5.0, 2.0]])
Y = np.array([0, 0, 0, 1, 1, 1])


def test_fixture_written_by_format_v1_loads_and_predicts():
    expected = np.load(HERE / "fixture_v1_expected.npz", allow_pickle=False)
    search = learn_io.load(HERE / "fixture_v1.ember")
    assert type(search).__name__ == "GridSearchCV" and search.best_index_ == int(expected["best_index"])
    np.testing.assert_array_equal(search.predict(expected["X"]), expected["predict"])
    np.testing.assert_allclose(search.predict_proba(expected["X"]), expected["predict_proba"], rtol=1e-12, atol=0)
    assert [name for name, _ in search.best_estimator_.steps] == ["impute", "scale", "clf"]
    assert isinstance(search.cv_results_["param_clf__C"], np.ma.MaskedArray)
    with zipfile.ZipFile(HERE / "fixture_v1.ember") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "ember.learn" and manifest["format_version"] == 1


def test_make_fixture_script_writes_a_loadable_archive(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixture", HERE / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    expected = np.load(tmp_path / "fixture_v1_expected.npz")
    loaded = learn_io.load(tmp_path / "fixture_v1.ember")
    np.testing.assert_array_equal(loaded.predict_proba(expected["X"]), expected["predict_proba"])


# -- archive surgery -------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    model = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(X, Y)
    path = tmp_path / "model.ember"
    learn_io.dump(model, path)
    return path


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(path, contents):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def edit_manifest(path, change, rehash=True):
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    change(manifest)
    if rehash:
        canonical = json.dumps(manifest["tree"], ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        manifest["tree_sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    contents["manifest.json"] = json.dumps(manifest).encode()
    return write(path, contents)


def estimator_nodes(node):
    if isinstance(node, dict):
        if node.get("$") == "estimator":
            yield node
        for value in node.values():
            yield from estimator_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from estimator_nodes(value)


def test_clean_archive_loads(saved):
    loaded = learn_io.load(saved)
    assert np.array_equal(loaded.predict_proba(X), learn_io.load(saved).predict_proba(X))
    names = list(members(saved))
    assert names == ["manifest.json"] + [f"arrays/{i}.npy" for i in range(len(names) - 1)]


def test_one_changed_byte_in_an_array_is_detected(saved):
    contents = members(saved)
    blob = bytearray(contents["arrays/0.npy"])
    blob[-1] ^= 1
    contents["arrays/0.npy"] = bytes(blob)
    write(saved, contents)
    with pytest.raises(ArchiveError, match=r"model\.ember.*SHA-256 of arrays/0\.npy does not match"):
        learn_io.load(saved)


def test_edited_json_is_detected(saved):
    def change(manifest):
        manifest["tree"]["params"]["verbose"] = True

    edit_manifest(saved, change, rehash=False)
    with pytest.raises(ArchiveError, match=r"model\.ember.*SHA-256 of the estimator tree"):
        learn_io.load(saved)


def test_truncated_archive(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveError, match=r"model\.ember.*not a zip archive, or truncated"):
        learn_io.load(saved)


def test_corrupted_compressed_member(saved):
    data = bytearray(saved.read_bytes())
    with zipfile.ZipFile(saved) as archive:
        info = archive.getinfo("manifest.json")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20] ^= 0xFF
    saved.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"model\.ember.*(corrupted|not valid JSON)"):
        learn_io.load(saved)


def test_pickle_member_is_refused(saved):
    contents = members(saved)
    contents["model.pkl"] = b"\x80\x04K\x01."
    write(saved, contents)
    with pytest.raises(ArchiveError, match=r"model\.ember.*unexpected member\(s\) \['model\.pkl'\]"):
        learn_io.load(saved)


def test_foreign_files(tmp_path):
    pickled = tmp_path / "model.joblib"
    joblib.dump(Ridge(), pickled)
    with pytest.raises(ArchiveError, match=r"model\.joblib.*not a zip archive"):
        learn_io.load(pickled)
    other_zip = write(tmp_path / "other.zip", {"model.pkl": b"\x80\x04."})
    with pytest.raises(ArchiveError, match=r"other\.zip.*no manifest\.json"):
        learn_io.load(other_zip)
    npz = tmp_path / "arrays.npz"
    np.savez(npz, a=np.ones(2))
    with pytest.raises(ArchiveError, match=r"arrays\.npz.*no manifest\.json"):
        learn_io.load(npz)
    not_json = write(tmp_path / "bad.ember", {"manifest.json": b"{not json"})
    with pytest.raises(ArchiveError, match=r"bad\.ember.*not valid JSON"):
        learn_io.load(not_json)
    with pytest.raises(FileNotFoundError):
        learn_io.load(tmp_path / "missing.ember")


def test_other_format_name(saved):
    edit_manifest(saved, lambda m: m.update(format="keras"))
    with pytest.raises(ArchiveError, match=r"model\.ember.*not an ember\.learn archive \(format 'keras'"):
        learn_io.load(saved)


def test_newer_format_version(saved):
    edit_manifest(saved, lambda m: m.update(format_version=2))
    with pytest.raises(UnsupportedFormatVersionError, match=r"model\.ember.*format_version 2 is newer .*upgrade"):
        learn_io.load(saved)
    edit_manifest(saved, lambda m: m.update(format_version="1"))
    with pytest.raises(ArchiveError, match=r"invalid format_version '1'"):
        learn_io.load(saved)


@pytest.mark.parametrize("ref, message", [
    ("os:system", r"refuses class 'os:system': only classes defined in ember\.learn"),
    ("sklearn.linear_model:Ridge", r"refuses class 'sklearn\.linear_model:Ridge'"),
    ("ember.learn.utils._param_validation:Interval", r"not an ember\.learn estimator"),
    ("ember.learn.base:clone", r"not a class defined under that name"),
    ("ember.learn.linear_model:Ridge", r"not a class defined under that name"),  # re-export, not its home
    ("ember.learn.nothing_here:Model", r"does not exist"),
    ("ember.learn.base:BaseEstimator.get_params.__globals__", r"does not exist"),
])
def test_classes_outside_ember_learn_estimators_are_refused(saved, ref, message):
    def change(manifest):
        next(iter(estimator_nodes(manifest["tree"])))["class"] = ref

    edit_manifest(saved, change)
    with pytest.raises(ArchiveError, match=r"model\.ember.*invalid estimator tree: <root>: .*" + message):
        learn_io.load(saved)


def test_state_object_and_function_references_are_checked(saved):
    def object_node(manifest):
        manifest["tree"]["state"]["extra"] = {"$": "object", "class": "ember.learn.linear_model._ridge:Ridge",
                                              "state": {}}

    edit_manifest(saved, object_node)
    with pytest.raises(ArchiveError, match=r"extra: refuses class .*not a plain ember\.learn state object"):
        learn_io.load(saved)

    def function_node(manifest):
        manifest["tree"]["state"]["extra"] = {"$": "function", "ref": "os:system"}

    edit_manifest(saved, function_node)
    with pytest.raises(ArchiveError, match=r"extra: refuses function 'os:system'"):
        learn_io.load(saved)


def test_malformed_trees(saved):
    edit_manifest(saved, lambda m: m["tree"]["state"].update(bad={"$": "eval", "code": "1"}))
    with pytest.raises(ArchiveError, match=r"bad: unknown value kind 'eval'"):
        learn_io.load(saved)
    edit_manifest(saved, lambda m: m["tree"]["state"].update(bad={"$": "ndarray", "ref": 999}))
    with pytest.raises(ArchiveError, match=r"bad: array reference 999 out of range"):
        learn_io.load(saved)
    edit_manifest(saved, lambda m: m["tree"]["params"].pop("verbose"))
    with pytest.raises(ArchiveError, match=r"parameters of ember\.learn\.pipeline\._pipeline:Pipeline do not match"):
        learn_io.load(saved)


def test_pickled_npy_member_is_refused(saved):
    contents = members(saved)
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    contents["arrays/0.npy"] = buffer.getvalue()
    write(saved, contents)

    def rehash(manifest):
        manifest["arrays"][0].update(sha256=hashlib.sha256(buffer.getvalue()).hexdigest(), dtype="|O", shape=[1])

    edit_manifest(saved, rehash)
    with pytest.raises(ArchiveError, match=r"arrays/0\.npy is not a plain \.npy array"):
        learn_io.load(saved)


# -- values the format cannot hold -------------------------------------------------------------


def test_lambda_is_refused_at_dump_time_naming_its_path(tmp_path):
    model = Pipeline([("scale", StandardScaler()), ("f", FunctionTransformer(lambda x: x))]).fit(X, Y)
    path = tmp_path / "model.ember"
    with pytest.raises(TypeError, match=r"'steps\[1\]\[1\]\.func' of type builtins\.function .*<lambda>'"):
        learn_io.dump(model, path)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_foreign_and_local_objects_are_refused(tmp_path):
    sklearn_preprocessing = pytest.importorskip("sklearn.preprocessing")

    def local(x):
        return x

    path = tmp_path / "m.ember"
    with pytest.raises(TypeError, match=r"'steps\[0\]\[1\]' of type sklearn\.preprocessing.*StandardScaler"):
        learn_io.dump(Pipeline([("s", sklearn_preprocessing.StandardScaler()), ("r", Ridge())]), path)
    class Custom(BaseEstimator):  # HOML ch2's own transformers are such classes
        def __init__(self, k=1):
            self.k = k

    with pytest.raises(TypeError, match=r"'steps\[0\]\[1\]' of type .*Custom \(an estimator class defined outside ember\.learn.*joblib"):
        learn_io.dump(Pipeline([("c", Custom()), ("r", Ridge())]), path)
    with pytest.raises(TypeError, match=r"'func' .*function .*local"):
        learn_io.dump(FunctionTransformer(local), path)
    with pytest.raises(TypeError, match=r"'func' .*a callable: only NumPy's own functions and ufuncs and functions defined at module level in ember\.learn"):
        learn_io.dump(FunctionTransformer(functools.partial(np.mean, axis=0)), path)
    # NumPy's own functions are saved by name
    kept = learn_io.load(learn_io.dump(FunctionTransformer(np.mean), path)).func
    assert kept is np.mean
    path.unlink()
    model = Ridge()
    model.cache_ = object()
    with pytest.raises(TypeError, match=r"'cache_' of type builtins\.object"):
        learn_io.dump(model, path)
    model.cache_ = np.array([object()])
    with pytest.raises(TypeError, match=r"'cache_\[0\]' of type builtins\.object"):
        learn_io.dump(model, path)
    model.cache_ = type("Local", (), {})
    with pytest.raises(TypeError, match=r"'cache_' of type builtins\.type \(a class\)"):
        learn_io.dump(model, path)
    with pytest.raises(TypeError, match=r"saves ember\.learn estimators, got dict"):
        learn_io.dump({"a": 1}, path)
    assert list(tmp_path.iterdir()) == []


def test_dump_replaces_an_existing_file_atomically(tmp_path):
    path = tmp_path / "model.ember"
    learn_io.dump(Ridge(alpha=1.0).fit(X, Y), path)
    learn_io.dump(Ridge(alpha=2.0).fit(X, Y), str(path))
    assert learn_io.load(path).alpha == 2.0
    assert [p.name for p in tmp_path.iterdir()] == ["model.ember"]


def test_deeply_nested_manifest_is_refused(saved):
    deep = "[" * 100_000 + "]" * 100_000
    contents = members(saved)
    contents["manifest.json"] = contents["manifest.json"].replace(b'"tree":', b'"deep": ' + deep.encode() + b', "tree":', 1)
    write(saved, contents)
    with pytest.raises(ArchiveError, match=r"model\.ember.*(nested too deeply|not valid JSON)"):
        learn_io.load(saved)


def test_objects_whose_state_is_not_their_dict_are_refused(tmp_path):
    from ember.learn.datasets._bunch import Bunch

    model = Ridge()
    model.info_ = Bunch(a=1)
    with pytest.raises(TypeError, match=r"'info_' of type ember\.learn\.datasets\._bunch\.Bunch \(its instances' state is not only"):
        learn_io.dump(model, tmp_path / "m.ember")


def test_refused_state_object_classes_at_load(saved):
    def bunch(manifest):
        manifest["tree"]["state"]["extra"] = {"$": "object", "class": "ember.learn.datasets._bunch:Bunch", "memo": 99, "state": {}}

    edit_manifest(saved, bunch)
    with pytest.raises(ArchiveError, match=r"extra: refuses class 'ember\.learn\.datasets\._bunch:Bunch': its instances' state"):
        learn_io.load(saved)


def test_custom_frozen_distribution_is_refused(tmp_path):
    from scipy import stats

    class Shifted(stats.rv_continuous):
        def _pdf(self, x):
            return np.exp(-x) * (x > 0)

    from ember.learn.model_selection import RandomizedSearchCV

    search = RandomizedSearchCV(Ridge(), {"alpha": Shifted(name="shifted")()})
    with pytest.raises(TypeError, match=r"\"param_distributions\['alpha'\]\" .*frozen distribution of a custom"):
        learn_io.dump(search, tmp_path / "m.ember")
    search = RandomizedSearchCV(Ridge(), {"alpha": stats.uniform(loc=np.array([1.0]))})
    with pytest.raises(TypeError, match=r"non-numeric parameters"):
        learn_io.dump(search, tmp_path / "m.ember")


def test_load_runs_no_constructor_or_setstate(saved, monkeypatch):
    import functools

    def forbidding(method):
        @functools.wraps(method)  # keeps the signature that get_params reads
        def forbidden(*args, **kwargs):
            raise AssertionError("load must not call this")

        return forbidden

    forbidden = forbidding(lambda *a: None)
    monkeypatch.setattr(Pipeline, "__init__", forbidding(Pipeline.__init__))
    monkeypatch.setattr(StandardScaler, "__setstate__", forbidden, raising=False)
    monkeypatch.setattr(LogisticRegression, "__setattr__", forbidden)
    loaded = learn_io.load(saved)
    assert loaded.steps[1][1].classes_.tolist() == [0, 1]


def test_hashes_are_checked_before_any_class_is_resolved(saved, monkeypatch):
    import ember.learn.io._codec as codec

    def never(*args, **kwargs):
        raise AssertionError("resolved a class before checking the hashes")

    contents = members(saved)
    contents["arrays/0.npy"] = contents["arrays/0.npy"][:-1] + b"\x00"
    write(saved, contents)
    monkeypatch.setattr(codec, "resolve_class", never)
    with pytest.raises(ArchiveError, match=r"SHA-256 of arrays/0\.npy"):
        learn_io.load(saved)
