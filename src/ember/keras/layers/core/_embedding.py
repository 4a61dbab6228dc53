"""``Embedding``: maps integer indices to dense vectors."""

from ember.ops import cast, gather

from .. import _config
from .._layer import Layer


class Embedding(Layer):
    """Turn non-negative integer indices into vectors of size ``output_dim``.

    Args:
        input_dim: the vocabulary size (largest index + 1).
        output_dim: the size of each vector.
        embeddings_initializer: ``"uniform"`` (in [-0.05, 0.05]) by default.
        mask_zero: whether index 0 is padding (recorded for masking layers).

    Input shape:
        ``(batch_size, ...)`` integers.
    Output shape:
        ``(batch_size, ..., output_dim)``.
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim = _config.positive_int(input_dim, "input_dim")
        self.output_dim = _config.positive_int(output_dim, "output_dim")
        self.embeddings_initializer = _config.initializer(embeddings_initializer)
        self.embeddings_regularizer = _config.regularizer(embeddings_regularizer)
        self.embeddings_constraint = _config.constraint(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(
            name="embeddings", shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True

    _keeps_integers = True

    def call(self, inputs):
        if inputs.dtype.kind != "i":
            inputs = cast(inputs, "int32")
        return gather(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        return None if not self.mask_zero else inputs != 0

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": _config.serialize(self.embeddings_initializer),
            "embeddings_regularizer": _config.serialize(self.embeddings_regularizer),
            "activity_regularizer": _config.serialize(self.activity_regularizer),
            "embeddings_constraint": _config.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
        }
