"""ember.keras.datasets: the datasets of `keras.datasets`, read from ember's cache.

Each module has a `load_data()` returning `(x_train, y_train), (x_test,
y_test)` as Keras does. Files are cached under `<EMBER_DATA_HOME>/<dataset>/`
(see `ember.io`) and downloaded with checksum verification when missing.
"""

from . import fashion_mnist, mnist

__all__ = ["fashion_mnist", "mnist"]
