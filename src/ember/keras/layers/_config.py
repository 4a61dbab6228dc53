"""Argument checks and lookups shared by the layers' constructors and configs."""

import numbers


def positive_int(value, name):
    """Return ``value`` as an int, or raise Keras' error for a non-positive one."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(
            f"Received an invalid value for `{name}`, expected a positive integer. "
            f"Received: {name}={value!r}"
        )
    return int(value)


def rate(value, name="rate"):
    """Return a probability in [0, 1) or raise."""
    if not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value "
            f"between 0 and 1. Received: {name}={value!r}"
        )
    return float(value)


def activation(identifier):
    from ember.keras import activations

    found = activations.get(identifier)
    return None if found is activations.linear and identifier is None else found


def initializer(identifier):
    from ember.keras import initializers

    return initializers.get(identifier)


def regularizer(identifier):
    from ember.keras import regularizers

    return regularizers.get(identifier)


def constraint(identifier):
    from ember.keras import constraints

    return constraints.get(identifier)


def serialize_activation(function):
    """An activation's config entry: ``"linear"`` for none, as Keras writes it."""
    return "linear" if function is None else serialize(function)


def serialize(obj):
    from ember.keras.saving import serialize_keras_object

    return serialize_keras_object(obj)
