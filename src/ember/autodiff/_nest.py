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
    iterator = iter(leaves)

    def rebuild(item):
        if isinstance(item, (list, tuple)):
            items = [rebuild(x) for x in item]
            if isinstance(item, tuple) and hasattr(item, "_fields"):
                return type(item)(*items)
            return type(item)(items)
        if isinstance(item, dict):
            return type(item)((key, rebuild(item[key])) for key in sorted(item))
        return next(iterator)

    return rebuild(structure)
