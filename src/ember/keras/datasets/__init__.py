"""ember.keras.datasets: the datasets of `keras.datasets`, read from ember's cache.

Each module has a `load_data()` returning `(x_train, y_train), (x_test,
y_test)` as Keras does. Files are cached under `<EMBER_DATA_HOME>/<dataset>/`
(see `ember.io`) and downloaded with checksum verification when missing.
`imdb` rebuilds Keras' word-index sequences from the review texts and
`boston_housing` Keras' split from the StatLib rows (Keras' own `.npz` files
are not needed).
"""

from . import boston_housing, fashion_mnist, imdb, mnist

__all__ = ["boston_housing", "fashion_mnist", "imdb", "mnist"]
