"""Encoding of estimators as a JSON tree plus NumPy arrays, and the way back.

``encode`` walks an estimator and returns a JSON-ready tree; every array goes
to a list and is referred to by its index. ``decode`` rebuilds the object from
such a tree. Only the value kinds listed in docs/learn_format.md are encoded;
anything else raises ``TypeError`` naming its attribute path, so nothing that
would need code execution (pickle) to restore is ever written.
"""

import importlib
import math
import types

import numpy as np

_SCALAR_KINDS = "biufcUSmM"  # dtypes that np.save writes without pickle
_PYTYPES = {
    "bool": bool,
    "int": int,
    "float": float,
    "complex": complex,
    "str": str,
    "bytes": bytes,
    "object": object,
}
_BIT_GENERATORS = ("MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64")
_EMBER_PREFIX = "ember.learn."


class ArchiveError(ValueError):
    """An ember.learn archive that cannot be loaded: its message names the file and the fault."""


class UnsupportedFormatVersionError(ArchiveError):
    """The archive was written in a format version newer than this ember reads."""


def _is_numpy_function(value):
    """Whether ``value`` is one of NumPy's own top-level functions (``np.mean``): saved and
    loaded by its name, as the ufuncs are."""
    name = getattr(value, "__name__", None)
    return (callable(value) and not isinstance(value, (type, np.ufunc)) and isinstance(name, str)
            and getattr(np, name, None) is value)


def _join(path, name):
    return f"{path}.{name}" if path else name


def _class_ref(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def _is_ember_class(cls):
    return cls.__module__.startswith(_EMBER_PREFIX) and "<" not in cls.__qualname__


def _refusal(cls, *, estimator):
    """Why instances of ember class ``cls`` cannot be rebuilt from attributes (None if they can)."""
    from ember.learn.base import BaseEstimator

    if estimator and not issubclass(cls, BaseEstimator):
        return "it is not an ember.learn estimator (BaseEstimator subclass)"
    if not estimator and issubclass(cls, (BaseEstimator, BaseException)):
        return "it is not a plain ember.learn state object"
    if cls.__new__ is not object.__new__ or not _plain_layout(cls):
        return "its instances' state is not only their attribute dictionary"
    return None


def _plain_layout(cls):
    """Whether all of an instance's state is its ``__dict__``: every base is ember's own (or a
    stateless ``abc`` base), so no dict/list subclass (whose items ``vars`` misses), no slots."""
    for base in cls.__mro__[:-1]:
        if "__slots__" in vars(base):
            return False
        if not base.__module__.startswith("ember.") and base.__module__ != "abc":
            return False
    return True


# -- encoding --------------------------------------------------------------------------


class _Encoder:
    def __init__(self):
        self.arrays = []
        self.array_index = (
            {}
        )  # id(array) -> index: an array held twice is stored once and shared on load
        self.objects = (
            {}
        )  # id(object) -> (memo number, object): an object met again becomes a "shared" node

    def array(self, arr, shared=True):
        if shared and id(arr) in self.array_index:
            return self.array_index[id(arr)]
        self.arrays.append(arr)
        if shared:
            self.array_index[id(arr)] = len(self.arrays) - 1
        return len(self.arrays) - 1

    def fail(self, value, path, why=""):
        where = path or "<root>"
        raise TypeError(
            f"ember.learn.io cannot save the value at {where!r} of type "
            f"{type(value).__module__}.{type(value).__qualname__}{why}; only the kinds listed in "
            "docs/learn_format.md are saved (nothing is pickled)."
        )

    def encode(self, value, path):
        # Order matters: bool before int, NumPy scalars before Python numbers.
        if value is None or isinstance(value, (bool, str)) and type(value) in (bool, str):
            return value
        if type(value) is int:
            return value
        if type(value) is float:
            if math.isfinite(value):
                return value
            return {
                "$": "float",
                "v": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf"),
            }
        if isinstance(value, np.generic):
            return self.numpy_scalar(value, path)
        if isinstance(value, np.ndarray):
            return self.ndarray(value, path)
        if type(value) is list:
            return [self.encode(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if type(value) is tuple:
            return {
                "$": "tuple",
                "items": [self.encode(v, f"{path}[{i}]") for i, v in enumerate(value)],
            }
        if type(value) is dict:
            return self.mapping(value, path)
        if type(value) in (set, frozenset):
            items = list(value)
            try:
                items.sort()
            except TypeError:
                pass
            kind = "set" if type(value) is set else "frozenset"
            return {
                "$": kind,
                "items": [self.encode(v, f"{path}{{{i}}}") for i, v in enumerate(items)],
            }
        if type(value) is complex:
            return {
                "$": "complex",
                "re": self.encode(value.real, path),
                "im": self.encode(value.imag, path),
            }
        if type(value) is bytes:
            return {"$": "bytes", "hex": value.hex()}
        if type(value) is slice:
            return {
                "$": "slice",
                "start": self.encode(value.start, f"{path}.start"),
                "stop": self.encode(value.stop, f"{path}.stop"),
                "step": self.encode(value.step, f"{path}.step"),
            }
        if isinstance(value, np.dtype):
            return self.dtype(value, path)
        if isinstance(value, type):
            return self.type_(value, path)
        if isinstance(value, np.ufunc):
            if getattr(np, value.__name__, None) is not value:
                self.fail(value, path, " (a ufunc that is not numpy's own)")
            return {"$": "ufunc", "name": value.__name__}
        if _is_numpy_function(value):
            return {"$": "numpy_function", "name": value.__name__}
        if isinstance(value, types.FunctionType):
            return self.function(value, path)
        if isinstance(value, np.random.RandomState):
            return {
                "$": "random_state",
                "state": self.encode(value.get_state(legacy=True), _join(path, "state")),
            }
        if isinstance(value, np.random.Generator):
            bit_gen = type(value.bit_generator).__name__
            if bit_gen not in _BIT_GENERATORS:
                self.fail(value, path, f" (bit generator {bit_gen})")
            return {
                "$": "generator",
                "bit_generator": bit_gen,
                "state": self.encode(value.bit_generator.state, _join(path, "state")),
            }
        sparse = self.sparse(value, path)
        if sparse is not None:
            return sparse
        frozen = self.frozen_distribution(value, path)
        if frozen is not None:
            return frozen
        spline = self.bspline(value, path)
        if spline is not None:
            return spline
        return self.instance(value, path)

    def numpy_scalar(self, value, path):
        if value.dtype.kind not in _SCALAR_KINDS:
            self.fail(value, path, f" (dtype {value.dtype})")
        return {"$": "npscalar", "ref": self.array(np.asarray(value), shared=False)}

    def ndarray(self, arr, path):
        if isinstance(arr, np.ma.MaskedArray):
            data = np.ma.getdata(arr)
            return {
                "$": "masked_array",
                "data": self.ndarray(np.asarray(data), _join(path, "data")),
                "mask": self.ndarray(np.ma.getmaskarray(arr), _join(path, "mask")),
                "fill_value": self.encode(_plain_fill_value(arr), _join(path, "fill_value")),
            }
        if type(arr) is not np.ndarray:
            self.fail(arr, path, " (an ndarray subclass)")
        if arr.dtype.kind == "O":
            flat = arr.ravel(order="C")
            return {
                "$": "object_array",
                "shape": list(arr.shape),
                "items": [self.encode(v, f"{path}[{i}]") for i, v in enumerate(flat)],
            }
        if arr.dtype.kind not in _SCALAR_KINDS or arr.dtype.fields is not None:
            self.fail(arr, path, f" (array of dtype {arr.dtype})")
        return {"$": "ndarray", "ref": self.array(arr)}  # the .npy header keeps C or Fortran order

    def mapping(self, value, path):
        if all(type(k) is str for k in value):
            return {
                "$": "dict",
                "items": {k: self.encode(v, f"{path}[{k!r}]") for k, v in value.items()},
            }
        return {
            "$": "dict",
            "pairs": [
                [self.encode(k, f"{path}<key {k!r}>"), self.encode(v, f"{path}[{k!r}]")]
                for k, v in value.items()
            ],
        }

    def dtype(self, value, path):
        if (
            value.fields is not None
            or value.subdtype is not None
            or value.kind not in _SCALAR_KINDS + "O"
        ):
            self.fail(value, path, f" (dtype {value})")
        return {"$": "dtype", "v": value.str}

    def type_(self, value, path):
        if issubclass(value, np.generic):
            # By NumPy name: abstract types (np.number, np.floating) have no dtype.
            if getattr(np, value.__name__, None) is value:
                return {"$": "nptype", "name": value.__name__}
            dtype = np.dtype(value)
            if dtype.type is value and dtype.kind in _SCALAR_KINDS + "O":
                return {"$": "nptype", "v": dtype.str}
        for name, cls in _PYTYPES.items():
            if value is cls:
                return {"$": "pytype", "v": name}
        self.fail(value, path, " (a class)")

    def function(self, value, path):
        module, qualname = value.__module__ or "", value.__qualname__
        if not module.startswith(_EMBER_PREFIX) or "<" in qualname:
            self.fail(
                value,
                path,
                f" (function {qualname!r} of module {module!r}: only functions defined "
                "at module level in ember.learn are saved, by name)",
            )
        if _resolve(module, qualname) is not value:
            self.fail(value, path, f" (function {qualname!r} is not reachable by its name)")
        return {"$": "function", "ref": f"{module}:{qualname}"}

    def sparse(self, value, path):
        import sys

        sp = sys.modules.get("scipy.sparse")
        if sp is None or not sp.issparse(value):
            return None
        fmt = value.format
        container = "array" if isinstance(value, sp.sparray) else "matrix"
        node = {"$": "sparse", "format": fmt, "container": container, "shape": list(value.shape)}
        if fmt in ("csr", "csc"):
            parts = {"data": value.data, "indices": value.indices, "indptr": value.indptr}
        else:  # coo, and every other format stored as COO then converted back
            coo = value.tocoo()
            row, col = coo.coords if hasattr(coo, "coords") else (coo.row, coo.col)
            parts = {"data": coo.data, "row": row, "col": col}
        for name, part in parts.items():
            node[name] = self.ndarray(np.asarray(part), _join(path, name))
        return node

    def frozen_distribution(self, value, path):
        import sys

        stats = sys.modules.get("scipy.stats")
        if stats is None:
            return None
        distributions = sys.modules["scipy.stats._distn_infrastructure"]
        if not isinstance(value, distributions.rv_frozen):
            return None
        name = getattr(value.dist, "name", None)
        # Freezing copies the generator; "simple" means a copy of scipy.stats' own, unmodified one.
        public = getattr(stats, name, None) if isinstance(name, str) else None
        if type(public) is not type(value.dist) or _ctor_params(public) != _ctor_params(value.dist):
            self.fail(value, path, " (a frozen distribution of a custom scipy.stats generator)")
        args, kwds = value.args, value.kwds
        simple = (bool, int, float, np.integer, np.floating)
        if (
            not all(isinstance(a, simple) for a in (*args, *kwds.values()))
            or "random_state" in kwds
        ):
            self.fail(value, path, " (a frozen distribution with non-numeric parameters)")
        return {
            "$": "scipy_frozen",
            "dist": name,
            "args": self.encode(tuple(args), _join(path, "args")),
            "kwds": self.encode(dict(kwds), _join(path, "kwds")),
        }

    def bspline(self, value, path):
        import sys

        interpolate = sys.modules.get("scipy.interpolate")
        if interpolate is None or type(value) is not interpolate.BSpline:
            return None
        return {
            "$": "bspline",
            "t": self.ndarray(np.asarray(value.t), _join(path, "t")),
            "c": self.ndarray(np.asarray(value.c), _join(path, "c")),
            "k": self.encode(int(value.k), path),
            "extrapolate": self.encode(value.extrapolate, _join(path, "extrapolate")),
            "axis": self.encode(int(value.axis), path),
        }

    def instance(self, value, path):
        from ember.learn.base import BaseEstimator

        cls = type(value)
        if not _is_ember_class(cls):
            if isinstance(value, BaseEstimator) or hasattr(value, "get_params"):
                self.fail(
                    value,
                    path,
                    " (an estimator class defined outside ember.learn, which load would have to "
                    "import: save such models with joblib.dump)",
                )
            if callable(value):
                self.fail(
                    value,
                    path,
                    " (a callable: only NumPy's own functions and ufuncs and functions defined "
                    "at module level in ember.learn are saved, by name)",
                )
            self.fail(
                value,
                path,
                " (only ember.learn estimators and ember.learn's own state objects are saved)",
            )
        if _resolve(cls.__module__, cls.__qualname__) is not cls:
            self.fail(value, path, " (its class is not reachable by its name)")
        why = _refusal(cls, estimator=isinstance(value, BaseEstimator))
        if why or not hasattr(value, "__dict__"):
            self.fail(value, path, f" ({why or 'it has no attribute dictionary'})")
        if id(value) in self.objects:  # held twice (a tree under two names), or a cycle
            return {"$": "shared", "memo": self.objects[id(value)][0]}
        self.objects[id(value)] = (len(self.objects), value)
        if isinstance(value, BaseEstimator):
            names = cls._get_param_names()
            params = value.get_params(deep=False)
            node = {
                "$": "estimator",
                "class": _class_ref(cls),
                "memo": self.objects[id(value)][0],
                "params": {n: self.encode(params[n], _join(path, n)) for n in names},
            }
            state = {k: v for k, v in vars(value).items() if k not in params}
        else:
            node = {"$": "object", "class": _class_ref(cls), "memo": self.objects[id(value)][0]}
            state = vars(value)
        node["state"] = {}
        for key, item in state.items():
            if type(key) is not str:
                self.fail(value, path, " (an attribute name that is not a string)")
            node["state"][key] = self.encode(item, _join(path, key))
        return node


def _ctor_params(dist):
    # SciPy's record of how the generator was made (private; if it goes, nothing counts as simple)
    getter = getattr(dist, "_updated_ctor_param", None)
    if getter is None:
        return {"unknown": id(dist)}
    params = dict(getter())
    params.pop("seed", None)
    return {k: ("nan" if isinstance(v, float) and v != v else v) for k, v in params.items()}


def _plain_fill_value(arr):
    fill = arr.fill_value
    if isinstance(fill, np.ndarray) and fill.ndim == 0:
        fill = fill[()]
    if isinstance(fill, bytes) and arr.dtype.kind == "O":
        fill = fill.decode("ascii", "replace")
    return fill


def encode(estimator):
    """(tree, arrays) for ``estimator``: the JSON-ready tree and the arrays it refers to."""
    encoder = _Encoder()
    tree = encoder.encode(estimator, "")
    return tree, encoder.arrays


# -- class resolution ----------------------------------------------------------------------


def _resolve(module, qualname):
    """The object ``module:qualname``, imported only from inside ember.learn; None if absent."""
    if not module.startswith(_EMBER_PREFIX) or not all(
        part.isidentifier() for part in module.split(".")
    ):
        return None
    if not all(part.isidentifier() and not part.startswith("__") for part in qualname.split(".")):
        return None  # no dunder hops (__init__.__globals__ ...): only names defined in the module
    try:
        obj = importlib.import_module(module)
    except ImportError:
        return None
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return obj


def resolve_class(ref, *, estimator):
    """The ember.learn class named by ``ref`` ("module:qualname"); ValueError on refusal."""
    from ember.learn.base import BaseEstimator

    if not isinstance(ref, str) or ref.count(":") != 1:
        raise ValueError(f"malformed class reference {ref!r} (expected 'module:qualname')")
    module, qualname = ref.split(":")
    if not module.startswith(_EMBER_PREFIX):
        raise ValueError(f"refuses class {ref!r}: only classes defined in ember.learn are loaded")
    cls = _resolve(module, qualname)
    if cls is None:
        raise ValueError(f"class {ref!r} does not exist in this ember")
    if not isinstance(cls, type) or _class_ref(cls) != ref:
        raise ValueError(f"refuses {ref!r}: it is not a class defined under that name")
    why = _refusal(cls, estimator=estimator)
    if why:
        raise ValueError(f"refuses class {ref!r}: {why}")
    return cls


def resolve_function(ref):
    if not isinstance(ref, str) or ref.count(":") != 1:
        raise ValueError(f"malformed function reference {ref!r}")
    module, qualname = ref.split(":")
    func = _resolve(module, qualname)
    if not isinstance(func, types.FunctionType) or f"{func.__module__}:{func.__qualname__}" != ref:
        raise ValueError(
            f"refuses function {ref!r}: only functions defined at module level in ember.learn "
            "are loaded"
        )
    return func


# -- decoding ------------------------------------------------------------------------------


class _Decoder:
    """Two passes over the tree: ``check`` resolves every class and function named, before
    anything is built; ``build`` then makes the objects."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.memo = {}

    def remember(self, node, obj, path):
        number = node["memo"]
        if type(number) is not int or number != len(self.memo):
            raise ValueError(f"{path or '<root>'}: memo number {number!r} out of sequence")
        self.memo[number] = obj

    def build_shared(self, node, path):
        number = node["memo"]
        if type(number) is not int or number not in self.memo:
            raise ValueError(
                f"{path or '<root>'}: shared object {number!r} is not defined before its use"
            )
        return self.memo[number]

    def ref(self, node, path):
        index = node.get("ref")
        if type(index) is not int or not 0 <= index < len(self.arrays):
            raise ValueError(f"{path or '<root>'}: array reference {index!r} out of range")
        return self.arrays[index]

    def build(self, node, path=""):
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.build(v, f"{path}[{i}]") for i, v in enumerate(node)]
        if type(node) is not dict or not isinstance(node.get("$"), str):
            raise ValueError(f"{path or '<root>'}: malformed node {str(node)[:60]!r}")
        kind = node["$"]
        handler = getattr(self, "build_" + kind, None)
        if handler is None:
            raise ValueError(f"{path or '<root>'}: unknown value kind {kind!r}")
        try:
            return handler(node, path)
        except (KeyError, TypeError, AttributeError, IndexError, OverflowError) as exc:
            raise ValueError(
                f"{path or '<root>'}: malformed {kind!r} node ({type(exc).__name__}: {exc})"
            ) from None

    def items(self, node, key, path):
        items = node[key]
        if type(items) is not list:
            raise ValueError(f"{path or '<root>'}: {key!r} is not a list")
        return [self.build(v, f"{path}[{i}]") for i, v in enumerate(items)]

    def build_float(self, node, path):
        values = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
        if node["v"] not in values:
            raise ValueError(f"{path or '<root>'}: unknown float {node['v']!r}")
        return values[node["v"]]

    def build_tuple(self, node, path):
        return tuple(self.items(node, "items", path))

    def build_set(self, node, path):
        return set(self.items(node, "items", path))

    def build_frozenset(self, node, path):
        return frozenset(self.items(node, "items", path))

    def build_complex(self, node, path):
        return complex(float(self.build(node["re"], path)), float(self.build(node["im"], path)))

    def build_bytes(self, node, path):
        return bytes.fromhex(node["hex"])

    def build_slice(self, node, path):
        return slice(*(self.build(node[k], _join(path, k)) for k in ("start", "stop", "step")))

    def build_dict(self, node, path):
        if "items" in node:
            if type(node["items"]) is not dict:
                raise ValueError(f"{path or '<root>'}: dict items are not an object")
            return {k: self.build(v, f"{path}[{k!r}]") for k, v in node["items"].items()}
        pairs = self.items(node, "pairs", path)
        if not all(type(p) is list and len(p) == 2 for p in pairs):
            raise ValueError(f"{path or '<root>'}: dict pairs are not [key, value] lists")
        return {_hashable(k, path): v for k, v in pairs}

    def build_npscalar(self, node, path):
        arr = self.ref(node, path)
        if arr.ndim != 0:
            raise ValueError(
                f"{path or '<root>'}: NumPy scalar stored as an array of shape {arr.shape}"
            )
        return arr[()]

    def build_ndarray(self, node, path):
        return self.ref(node, path)

    def build_object_array(self, node, path):
        items = self.items(node, "items", path)
        shape = tuple(node["shape"])
        if not all(type(n) is int and n >= 0 for n in shape) or math.prod(shape) != len(items):
            raise ValueError(
                f"{path or '<root>'}: object array shape {shape} does not fit {len(items)} items"
            )
        arr = np.empty(len(items), dtype=object)
        arr[:] = items
        return arr.reshape(shape)

    def build_masked_array(self, node, path):
        data = self.build(node["data"], _join(path, "data"))
        mask = self.build(node["mask"], _join(path, "mask"))
        if (
            not isinstance(data, np.ndarray)
            or not isinstance(mask, np.ndarray)
            or mask.shape != data.shape
        ):
            raise ValueError(f"{path or '<root>'}: masked array data and mask do not match")
        out = np.ma.MaskedArray(data, mask=mask)
        fill = self.build(node["fill_value"], _join(path, "fill_value"))
        try:
            out.fill_value = fill
        except (TypeError, ValueError):
            pass
        return out

    def build_dtype(self, node, path):
        return _safe_dtype(node["v"], path)

    def build_nptype(self, node, path):
        if "name" in node:
            cls = getattr(np, node["name"], None) if isinstance(node["name"], str) else None
            if not (isinstance(cls, type) and issubclass(cls, np.generic)):
                raise ValueError(f"{path or '<root>'}: {node['name']!r} is not a NumPy scalar type")
            return cls
        return _safe_dtype(node["v"], path).type

    def build_pytype(self, node, path):
        if node["v"] not in _PYTYPES:
            raise ValueError(f"{path or '<root>'}: unknown Python type {node['v']!r}")
        return _PYTYPES[node["v"]]

    def build_ufunc(self, node, path):
        func = getattr(np, node["name"], None) if isinstance(node["name"], str) else None
        if not isinstance(func, np.ufunc):
            raise ValueError(f"{path or '<root>'}: {node['name']!r} is not a NumPy ufunc")
        return func

    def build_numpy_function(self, node, path):
        func = getattr(np, node["name"], None) if isinstance(node["name"], str) else None
        if not _is_numpy_function(func):
            raise ValueError(f"{path or '<root>'}: {node['name']!r} is not a NumPy function")
        return func

    def build_function(self, node, path):
        return resolve_function(node["ref"])

    def build_random_state(self, node, path):
        rng = np.random.RandomState()
        rng.set_state(self.build(node["state"], _join(path, "state")))
        return rng

    def build_generator(self, node, path):
        if node["bit_generator"] not in _BIT_GENERATORS:
            raise ValueError(f"{path or '<root>'}: unknown bit generator {node['bit_generator']!r}")
        bit_gen = getattr(np.random, node["bit_generator"])()
        bit_gen.state = self.build(node["state"], _join(path, "state"))
        return np.random.Generator(bit_gen)

    def build_sparse(self, node, path):
        from scipy import sparse as sp

        fmt, container, shape = node["format"], node["container"], tuple(node["shape"])
        kinds = {"csr": ("csr_matrix", "csr_array"), "csc": ("csc_matrix", "csc_array")}
        parts = {
            k: self.build(node[k], _join(path, k))
            for k in node
            if k in ("data", "indices", "indptr", "row", "col")
        }
        if container not in ("matrix", "array") or fmt not in (
            "csr",
            "csc",
            "coo",
            "bsr",
            "dia",
            "lil",
            "dok",
        ):
            raise ValueError(f"{path or '<root>'}: unknown sparse format {fmt!r} / {container!r}")
        ctor = sp.coo_matrix if container == "matrix" else sp.coo_array
        if fmt in kinds:
            ctor = getattr(sp, kinds[fmt][container == "array"])
            out = ctor((parts["data"], parts["indices"], parts["indptr"]), shape=shape)
        else:
            out = ctor((parts["data"], (parts["row"], parts["col"])), shape=shape).asformat(fmt)
        return out

    def build_scipy_frozen(self, node, path):
        from scipy import stats
        from scipy.stats._distn_infrastructure import rv_generic

        dist = getattr(stats, node["dist"], None) if isinstance(node["dist"], str) else None
        if not isinstance(dist, rv_generic):
            raise ValueError(
                f"{path or '<root>'}: {node['dist']!r} is not a scipy.stats distribution"
            )
        args, kwds = self.build(node["args"], path), self.build(node["kwds"], path)
        simple = (bool, int, float, np.integer, np.floating)
        if (
            type(args) is not tuple
            or type(kwds) is not dict
            or not all(isinstance(a, simple) for a in (*args, *kwds.values()))
        ):
            raise ValueError(f"{path or '<root>'}: frozen distribution parameters are not numbers")
        return dist(*args, **kwds)

    def build_bspline(self, node, path):
        from scipy.interpolate import BSpline

        t, c = self.build(node["t"], _join(path, "t")), self.build(node["c"], _join(path, "c"))
        k, axis, extrapolate = node["k"], node["axis"], node["extrapolate"]
        if (
            not isinstance(t, np.ndarray)
            or not isinstance(c, np.ndarray)
            or type(k) is not int
            or type(axis) is not int
            or extrapolate not in (True, False, "periodic")
        ):
            raise ValueError(f"{path or '<root>'}: malformed B-spline")
        return BSpline.construct_fast(t, c, k, extrapolate=extrapolate, axis=axis)

    def build_estimator(self, node, path):
        cls = resolve_class(node["class"], estimator=True)
        obj = cls.__new__(cls)
        self.remember(node, obj, path)
        params, state = node["params"], node["state"]
        if type(params) is not dict or type(state) is not dict:
            raise ValueError(f"{path or '<root>'}: estimator params/state are not objects")
        names = set(cls._get_param_names())
        if set(params) != names:
            missing, extra = sorted(names - set(params)), sorted(set(params) - names)
            raise ValueError(
                f"{path or '<root>'}: parameters of {node['class']} do not match this ember's "
                f"(missing {missing}, unknown {extra})"
            )
        attrs = obj.__dict__
        for name, value in params.items():
            attrs[name] = self.build(value, _join(path, name))
        for name, value in state.items():
            attrs[name] = self.build(value, _join(path, name))
        return obj

    def build_object(self, node, path):
        cls = resolve_class(node["class"], estimator=False)
        obj = object.__new__(cls)
        self.remember(node, obj, path)
        if type(node["state"]) is not dict:
            raise ValueError(f"{path or '<root>'}: object state is not an object")
        for name, value in node["state"].items():
            obj.__dict__[name] = self.build(value, _join(path, name))
        return obj

    def check(self, node, path=""):
        """Resolve every class and function the tree names, before anything is built."""
        if type(node) is list:
            for i, v in enumerate(node):
                self.check(v, f"{path}[{i}]")
        elif type(node) is dict:
            kind = node.get("$")
            try:
                if kind == "estimator":
                    resolve_class(node.get("class"), estimator=True)
                elif kind == "object":
                    resolve_class(node.get("class"), estimator=False)
                elif kind == "function":
                    resolve_function(node.get("ref"))
            except ValueError as exc:
                raise ValueError(f"{path or '<root>'}: {exc}") from None
            for key, value in node.items():
                if key != "$":
                    self.check(
                        value, _join(path, key) if kind not in ("dict", "tuple", "set") else path
                    )


def _hashable(key, path):
    try:
        hash(key)
    except TypeError:
        raise ValueError(f"{path or '<root>'}: unhashable dict key {key!r}") from None
    return key


def _safe_dtype(text, path):
    if not isinstance(text, str) or len(text) > 16:
        raise ValueError(f"{path or '<root>'}: malformed dtype {text!r}")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise ValueError(f"{path or '<root>'}: unknown dtype {text!r}") from None
    if dtype.fields is not None or dtype.kind not in _SCALAR_KINDS + "O":
        raise ValueError(f"{path or '<root>'}: unsupported dtype {text!r}")
    return dtype


def decode(tree, arrays):
    """The object described by ``tree`` (from ``encode``), its array references into ``arrays``."""
    decoder = _Decoder(arrays)
    decoder.check(tree)
    return decoder.build(tree)
