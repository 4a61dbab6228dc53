"""California housing, embedded in two forms.

- `fetch_california_housing`: scikit-learn's 8-feature regression dataset,
  derived from the StatLib table `cal_housing.data` (Pace & Barry, 1997).
- `load_housing`: the CSV of *Hands-On Machine Learning*, 2nd edition
  (10 columns, 207 missing `total_bedrooms`, `ocean_proximity`), in the row
  order that reproduces the book's seeded splits.
"""

import csv

import numpy as np

from ._base import (
    check_bool,
    check_data_home,
    import_pandas,
    make_result,
    open_gzip,
    read_descr,
)
from ._bunch import Bunch

FEATURE_NAMES = [
    "MedInc",
    "HouseAge",
    "AveRooms",
    "AveBedrms",
    "Population",
    "AveOccup",
    "Latitude",
    "Longitude",
]
TARGET_NAME = "MedHouseVal"
# Columns of cal_housing.data, in file order.
_STATLIB_COLUMNS = (
    "longitude",
    "latitude",
    "housingMedianAge",
    "totalRooms",
    "totalBedrooms",
    "population",
    "households",
    "medianIncome",
    "medianHouseValue",
)


def _california_features(table):
    """Derives scikit-learn's features and target from the StatLib table.

    Room, bedroom and occupant counts of a block group become averages per
    household; the median house value is expressed in units of $100,000.
    """
    col = {name: table[:, i] for i, name in enumerate(_STATLIB_COLUMNS)}
    households = col["households"]
    data = np.column_stack(
        [
            col["medianIncome"],
            col["housingMedianAge"],
            col["totalRooms"] / households,
            col["totalBedrooms"] / households,
            col["population"],
            col["population"] / households,
            col["latitude"],
            col["longitude"],
        ]
    )
    return data, col["medianHouseValue"] / 100000.0


def fetch_california_housing(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the California housing dataset (regression).

    ==============   ==============
    Samples total             20640
    Dimensionality                8
    Features                   real
    Target           real 0.15 - 5.
    ==============   ==============

    One row per block group of the 1990 California census. The features
    are those of scikit-learn's loader, computed the same way from the
    StatLib table (Pace & Barry, 1997): ``MedInc`` (median income),
    ``HouseAge`` (median house age), ``AveRooms``, ``AveBedrms`` (rooms and
    bedrooms per household), ``Population``, ``AveOccup`` (occupants per
    household), ``Latitude`` and ``Longitude``. The target ``MedHouseVal``
    is the median house value in units of $100,000.

    Unlike scikit-learn, which downloads the data on first use, ember
    embeds the StatLib table in the package (gzip-compressed,
    ``data/cal_housing.data.gz``): this function works offline and never
    touches the network or the disk outside the package.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Accepted for compatibility with scikit-learn; it has no effect,
        since nothing is downloaded or cached.
    download_if_missing : bool, default=True
        Accepted for compatibility with scikit-learn; it has no effect,
        since the data is never missing.
    return_X_y : bool, default=False
        If True, returns ``(data.data, data.target)`` instead of a Bunch
        object.
    as_frame : bool, default=False
        If True, the data is a pandas DataFrame, the target a pandas Series
        named ``MedHouseVal``, and ``frame`` their concatenation.

    Returns
    -------
    dataset : :class:`Bunch`
        Dictionary-like object with the following attributes.

        data : {ndarray, DataFrame} of shape (20640, 8)
            Each row a block group, each column a feature, float64.
        target : {ndarray, Series} of shape (20640,)
            The median house value, in units of $100,000 (float64).
        feature_names : list of length 8
            The names of the features.
        target_names : list of length 1
            ``["MedHouseVal"]``.
        frame : DataFrame of shape (20640, 9) or None
            Only present when `as_frame=True`: data and target.
        DESCR : str
            The full description of the dataset.

    (data, target) : tuple if ``return_X_y`` is True
        A tuple of two arrays (or DataFrame and Series when `as_frame`).

    Examples
    --------
    >>> from ember.learn.datasets import fetch_california_housing
    >>> housing = fetch_california_housing()
    >>> housing.data.shape, housing.target.shape
    ((20640, 8), (20640,))
    >>> housing.feature_names[:3]
    ['MedInc', 'HouseAge', 'AveRooms']
    """
    caller = "fetch_california_housing"
    check_data_home(data_home, caller)
    check_bool(download_if_missing, "download_if_missing", caller)
    check_bool(return_X_y, "return_X_y", caller)
    check_bool(as_frame, "as_frame", caller)
    with open_gzip("cal_housing.data.gz", "rt") as stream:
        table = np.loadtxt(stream, delimiter=",", dtype=np.float64)
    data, target = _california_features(table)
    return make_result(
        caller, data=data, target=target, feature_names=list(FEATURE_NAMES),
        target_column=TARGET_NAME, as_frame=as_frame, return_X_y=return_X_y,
        target_names=[TARGET_NAME], DESCR=read_descr("california_housing.rst"),
    )


def load_housing(*, as_frame=True):
    """Load the California housing CSV of *Hands-On Machine Learning*, 2nd ed.

    The file ``housing.csv`` that chapter 2 of Aurélien Géron's book
    downloads from ``ageron/handson-ml2`` (``datasets/housing/housing.tgz``),
    embedded in ember with its rows in their original order, so that the
    book's seeded splits (``train_test_split(housing, test_size=0.2,
    random_state=42)``, the income-category stratified split) and figures
    come out the same. It is the StatLib table of
    :func:`fetch_california_housing` with 207 ``total_bedrooms`` values
    removed at random and a categorical ``ocean_proximity`` column added
    (``<1H OCEAN``, ``INLAND``, ``NEAR OCEAN``, ``NEAR BAY``, ``ISLAND``).

    Parameters
    ----------
    as_frame : bool, default=True
        If True, return the pandas DataFrame that ``pd.read_csv`` reads from
        the book's file: 20640 rows, columns ``longitude``, ``latitude``,
        ``housing_median_age``, ``total_rooms``, ``total_bedrooms``,
        ``population``, ``households``, ``median_income``,
        ``median_house_value`` (float64) and ``ocean_proximity`` (strings).
        If False, return a :class:`Bunch` of NumPy arrays, which needs no
        pandas.

    Returns
    -------
    housing : DataFrame of shape (20640, 10) or :class:`Bunch`
        The DataFrame, when `as_frame` is True. Otherwise a Bunch with:

        data : ndarray of shape (20640, 8)
            The eight numeric columns other than ``median_house_value``,
            float64, with NaN for the missing ``total_bedrooms``.
        target : ndarray of shape (20640,)
            ``median_house_value`` in dollars, float64.
        ocean_proximity : ndarray of shape (20640,)
            The category of each district (object array of str).
        feature_names : list of str
            The names of the columns of ``data``.
        target_names : list of str
            ``["median_house_value"]``.
        frame : None
        DESCR : str
            The dataset's README (source and modifications).

    Examples
    --------
    >>> from ember.learn.datasets import load_housing
    >>> housing = load_housing()
    >>> housing.shape
    (20640, 10)
    >>> int(housing["total_bedrooms"].isna().sum())
    207
    """
    check_bool(as_frame, "as_frame", "load_housing")
    if as_frame:
        pd = import_pandas("load_housing")
        with open_gzip("housing.csv.gz") as stream:
            return pd.read_csv(stream)
    with open_gzip("housing.csv.gz", "rt") as stream:
        rows = csv.reader(stream)
        header = next(rows)
        columns = list(zip(*rows))
    values = {
        name: np.array([float(v) if v else np.nan for v in column])
        for name, column in zip(header[:-1], columns[:-1])
    }
    target = values.pop("median_house_value")
    return Bunch(
        data=np.column_stack(list(values.values())),
        target=target,
        ocean_proximity=np.array(columns[-1], dtype=object),
        feature_names=list(values),
        target_names=["median_house_value"],
        frame=None,
        DESCR=read_descr("housing.md"),
    )
