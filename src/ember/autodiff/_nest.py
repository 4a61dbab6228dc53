"""Flatten and rebuild nested lists, tuples and dicts of tensors."""


def flatten(structure):
    """Return the leaves of ``structure`` in a fixed order (dicts by sorted key)."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    return [structure]


def pack_like(structure, leaves):
    """Rebuild ``structure`` with its leaves replaced, in ``flatten`` order."""
    return _rebuild(structure, iter(leaves))


# A module-level function, not a closure: a self-referencing nested function
# would make a reference cycle that keeps the returned tensors alive until the
# cyclic garbage collector runs.
def _rebuild(item, leaves):
    if isinstance(item, (list, tuple)):
        items = [_rebuild(x, leaves) for x in item]
        if isinstance(item, tuple) and hasattr(item, "_fields"):
            return type(item)(*items)
        return type(item)(items)
    if isinstance(item, dict):
        return type(item)((key, _rebuild(item[key], leaves)) for key in sorted(item))
    return next(leaves)
