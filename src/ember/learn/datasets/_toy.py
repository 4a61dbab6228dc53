"""The small classic datasets embedded in ember: iris, wine, breast cancer, digits.

The data files and their descriptions are scikit-learn's (see data/NOTICE);
the loaders return what scikit-learn 1.9's loaders of the same name return.
"""

import numpy as np

from ._base import (
    DATA_MODULE,
    check_bool,
    check_int_range,
    load_csv_with_header,
    make_result,
    open_gzip,
    read_descr,
)

_IRIS_FEATURES = [
    "sepal length (cm)",
    "sepal width (cm)",
    "petal length (cm)",
    "petal width (cm)",
]
_WINE_FEATURES = [
    "alcohol",
    "malic_acid",
    "ash",
    "alcalinity_of_ash",
    "magnesium",
    "total_phenols",
    "flavanoids",
    "nonflavanoid_phenols",
    "proanthocyanins",
    "color_intensity",
    "hue",
    "od280/od315_of_diluted_wines",
    "proline",
]
# The ten nuclear measurements of the breast cancer data, each given as its
# mean, its standard error and its worst (largest) value, in that order.
_NUCLEUS_MEASUREMENTS = [
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave points",
    "symmetry",
    "fractal dimension",
]


def _check_flags(caller, return_X_y, as_frame):
    check_bool(return_X_y, "return_X_y", caller)
    check_bool(as_frame, "as_frame", caller)


def load_iris(*, return_X_y=False, as_frame=False):
    """Load and return the iris dataset (classification).

    =================   ==============
    Classes                          3
    Samples per class               50
    Samples total                  150
    Dimensionality                   4
    Features            real, positive
    =================   ==============

    The data are embedded in ember; nothing is downloaded.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, returns ``(data, target)`` instead of a Bunch object.
    as_frame : bool, default=False
        If True, the data is a pandas DataFrame with appropriate column
        names, the target a pandas Series, and ``frame`` their concatenation.
        pandas is imported only then.

    Returns
    -------
    data : :class:`Bunch`
        Dictionary-like object with the following attributes.

        data : {ndarray, DataFrame} of shape (150, 4)
            The data matrix, float64.
        target : {ndarray, Series} of shape (150,)
            The classification target, int64 in {0, 1, 2}.
        feature_names : list of str
            The names of the dataset columns.
        target_names : ndarray of shape (3,)
            The names of target classes.
        frame : DataFrame of shape (150, 5) or None
            Only present when `as_frame=True`: data and target.
        DESCR : str
            The full description of the dataset.
        filename : str
            The file name of the data in ``data_module``.
        data_module : str
            The module (folder) holding the data file.

    (data, target) : tuple if ``return_X_y`` is True
        A tuple of two arrays (or DataFrame and Series when `as_frame`).

    Examples
    --------
    >>> from ember.learn.datasets import load_iris
    >>> data = load_iris()
    >>> data.target[[10, 25, 50]]
    array([0, 0, 1])
    >>> list(data.target_names)
    [np.str_('setosa'), np.str_('versicolor'), np.str_('virginica')]
    """
    _check_flags("load_iris", return_X_y, as_frame)
    data, target, target_names = load_csv_with_header("iris.csv")
    return make_result(
        "load_iris", data=data, target=target, feature_names=list(_IRIS_FEATURES),
        target_column="target", as_frame=as_frame, return_X_y=return_X_y,
        target_names=target_names, DESCR=read_descr("iris.rst"),
        filename="iris.csv", data_module=DATA_MODULE,
    )


def load_wine(*, return_X_y=False, as_frame=False):
    """Load and return the wine dataset (classification).

    The result of a chemical analysis of wines grown in the same region of
    Italy by three different cultivators.

    =================   ==============
    Classes                          3
    Samples per class        [59,71,48]
    Samples total                  178
    Dimensionality                  13
    Features            real, positive
    =================   ==============

    The data are embedded in ember; nothing is downloaded.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, returns ``(data, target)`` instead of a Bunch object.
    as_frame : bool, default=False
        If True, the data is a pandas DataFrame, the target a pandas Series,
        and ``frame`` their concatenation.

    Returns
    -------
    data : :class:`Bunch`
        Dictionary-like object with the following attributes.

        data : {ndarray, DataFrame} of shape (178, 13)
            The data matrix, float64.
        target : {ndarray, Series} of shape (178,)
            The classification target, int64 in {0, 1, 2}.
        feature_names : list of str
            The names of the dataset columns.
        target_names : ndarray of shape (3,)
            The names of target classes.
        frame : DataFrame of shape (178, 14) or None
            Only present when `as_frame=True`: data and target.
        DESCR : str
            The full description of the dataset.

    (data, target) : tuple if ``return_X_y`` is True
        A tuple of two arrays (or DataFrame and Series when `as_frame`).

    Examples
    --------
    >>> from ember.learn.datasets import load_wine
    >>> data = load_wine()
    >>> data.target[[10, 80, 140]]
    array([0, 1, 2])
    """
    _check_flags("load_wine", return_X_y, as_frame)
    data, target, target_names = load_csv_with_header("wine_data.csv")
    return make_result(
        "load_wine", data=data, target=target, feature_names=list(_WINE_FEATURES),
        target_column="target", as_frame=as_frame, return_X_y=return_X_y,
        target_names=target_names, DESCR=read_descr("wine_data.rst"),
    )


def load_breast_cancer(*, return_X_y=False, as_frame=False):
    """Load and return the breast cancer Wisconsin dataset (classification).

    =================   ==============
    Classes                          2
    Samples per class    212(M),357(B)
    Samples total                  569
    Dimensionality                  30
    Features            real, positive
    =================   ==============

    The data are embedded in ember; nothing is downloaded.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, returns ``(data, target)`` instead of a Bunch object.
    as_frame : bool, default=False
        If True, the data is a pandas DataFrame, the target a pandas Series,
        and ``frame`` their concatenation.

    Returns
    -------
    data : :class:`Bunch`
        Dictionary-like object with the following attributes.

        data : {ndarray, DataFrame} of shape (569, 30)
            The data matrix, float64.
        target : {ndarray, Series} of shape (569,)
            The classification target: 0 malignant, 1 benign (int64).
        feature_names : ndarray of shape (30,)
            The names of the dataset columns.
        target_names : ndarray of shape (2,)
            The names of target classes.
        frame : DataFrame of shape (569, 31) or None
            Only present when `as_frame=True`: data and target.
        DESCR : str
            The full description of the dataset.
        filename : str
            The file name of the data in ``data_module``.
        data_module : str
            The module (folder) holding the data file.

    (data, target) : tuple if ``return_X_y`` is True
        A tuple of two arrays (or DataFrame and Series when `as_frame`).

    Examples
    --------
    >>> from ember.learn.datasets import load_breast_cancer
    >>> data = load_breast_cancer()
    >>> data.target[[10, 50, 85]]
    array([0, 1, 0])
    >>> list(data.target_names)
    [np.str_('malignant'), np.str_('benign')]
    """
    _check_flags("load_breast_cancer", return_X_y, as_frame)
    data, target, target_names = load_csv_with_header("breast_cancer.csv")
    feature_names = np.array(
        [f"mean {m}" for m in _NUCLEUS_MEASUREMENTS]
        + [f"{m} error" for m in _NUCLEUS_MEASUREMENTS]
        + [f"worst {m}" for m in _NUCLEUS_MEASUREMENTS]
    )
    return make_result(
        "load_breast_cancer", data=data, target=target,
        feature_names=feature_names, target_column="target",
        as_frame=as_frame, return_X_y=return_X_y, target_names=target_names,
        DESCR=read_descr("breast_cancer.rst"), filename="breast_cancer.csv",
        data_module=DATA_MODULE,
    )


def load_digits(*, n_class=10, return_X_y=False, as_frame=False):
    """Load and return the digits dataset (classification).

    Each datapoint is an 8x8 image of a digit, with integer pixel values
    from 0 to 16.

    =================   ==============
    Classes                         10
    Samples per class             ~180
    Samples total                 1797
    Dimensionality                  64
    Features             integers 0-16
    =================   ==============

    The data are embedded in ember; nothing is downloaded.

    Parameters
    ----------
    n_class : int, default=10
        The number of classes to return, between 1 and 10: only the samples
        of digits ``0`` to ``n_class - 1`` are kept.
    return_X_y : bool, default=False
        If True, returns ``(data, target)`` instead of a Bunch object.
    as_frame : bool, default=False
        If True, the data is a pandas DataFrame, the target a pandas Series,
        and ``frame`` their concatenation.

    Returns
    -------
    data : :class:`Bunch`
        Dictionary-like object with the following attributes.

        data : {ndarray, DataFrame} of shape (n_samples, 64)
            The flattened images, float64; 1797 samples for ``n_class=10``.
        target : {ndarray, Series} of shape (n_samples,)
            The digit of each image, int64.
        feature_names : list of str
            The pixel names, ``pixel_<row>_<column>``.
        target_names : ndarray of shape (10,)
            The names of target classes, the digits 0 to 9 (all ten, whatever
            ``n_class`` is).
        frame : DataFrame of shape (n_samples, 65) or None
            Only present when `as_frame=True`: data and target.
        images : ndarray of shape (n_samples, 8, 8)
            The raw image data (always an array).
        DESCR : str
            The full description of the dataset.

    (data, target) : tuple if ``return_X_y`` is True
        A tuple of two arrays (or DataFrame and Series when `as_frame`).

    Examples
    --------
    >>> from ember.learn.datasets import load_digits
    >>> digits = load_digits()
    >>> digits.data.shape
    (1797, 64)
    >>> digits.images.shape
    (1797, 8, 8)
    >>> load_digits(n_class=2).data.shape
    (360, 64)
    """
    check_int_range(n_class, "n_class", "load_digits", 1, 10)
    _check_flags("load_digits", return_X_y, as_frame)
    with open_gzip("digits.csv.gz", "rt") as stream:
        table = np.loadtxt(stream, delimiter=",", dtype=np.float64)
    keep = table[:, -1] < n_class
    data, target = table[keep, :-1], table[keep, -1].astype(np.int64)
    return make_result(
        "load_digits", data=data, target=target,
        feature_names=[f"pixel_{row}_{col}" for row in range(8) for col in range(8)],
        target_column="target", as_frame=as_frame, return_X_y=return_X_y,
        target_names=np.arange(10), images=data.reshape(-1, 8, 8),
        DESCR=read_descr("digits.rst"),
    )

