"""HOML chapter 2: an end-to-end project on the California housing data.

The book's code with only ``sklearn`` changed to ``ember.learn``: the
stratified split on the income category, the numeric pipeline with the
custom CombinedAttributesAdder, the ColumnTransformer with OneHotEncoder,
LinearRegression and its 10-fold cross-validated RMSE. The book prints a
training RMSE of 68,628.198 and a mean cross-validation RMSE of 69,052.461
for linear regression (scikit-learn 0.22); scikit-learn 1.9 gives 68,627.874
and 69,104.080 on the same data, and so does ember. This script asserts that
ember lands within 0.1% of the book's figures; the test compares it with
scikit-learn's to 1e-9.

Run: python examples/homl_ch2_housing.py
"""

import numpy as np
import pandas as pd

from ember.learn.base import BaseEstimator, TransformerMixin
from ember.learn.compose import ColumnTransformer
from ember.learn.datasets import load_housing
from ember.learn.impute import SimpleImputer
from ember.learn.linear_model import LinearRegression
from ember.learn.metrics import mean_squared_error
from ember.learn.model_selection import StratifiedShuffleSplit, cross_val_score
from ember.learn.pipeline import Pipeline
from ember.learn.preprocessing import OneHotEncoder, StandardScaler

BOOK_TRAINING_RMSE = 68_628.19819848922
BOOK_CV_RMSE_MEAN = 69_052.46136345083

rooms_ix, bedrooms_ix, population_ix, households_ix = 3, 4, 5, 6


class CombinedAttributesAdder(BaseEstimator, TransformerMixin):
    def __init__(self, add_bedrooms_per_room=True):  # no *args or **kargs
        self.add_bedrooms_per_room = add_bedrooms_per_room

    def fit(self, X, y=None):
        return self  # nothing else to do

    def transform(self, X):
        rooms_per_household = X[:, rooms_ix] / X[:, households_ix]
        population_per_household = X[:, population_ix] / X[:, households_ix]
        if self.add_bedrooms_per_room:
            bedrooms_per_room = X[:, bedrooms_ix] / X[:, rooms_ix]
            return np.c_[X, rooms_per_household, population_per_household, bedrooms_per_room]
        return np.c_[X, rooms_per_household, population_per_household]


def main(cv=10):
    housing = load_housing()
    housing["income_cat"] = pd.cut(housing["median_income"],
                                   bins=[0., 1.5, 3.0, 4.5, 6., np.inf],
                                   labels=[1, 2, 3, 4, 5])
    split = StratifiedShuffleSplit(n_splits=1, test_size=0.2, random_state=42)
    for train_index, test_index in split.split(housing, housing["income_cat"]):
        strat_train_set = housing.loc[train_index]
        strat_test_set = housing.loc[test_index]
    # The book drops with inplace=True, which pandas 3.1 deprecates.
    strat_train_set = strat_train_set.drop("income_cat", axis=1)
    strat_test_set = strat_test_set.drop("income_cat", axis=1)

    housing = strat_train_set.drop("median_house_value", axis=1)
    housing_labels = strat_train_set["median_house_value"].copy()
    housing_num = housing.drop("ocean_proximity", axis=1)

    num_pipeline = Pipeline([
        ("imputer", SimpleImputer(strategy="median")),
        ("attribs_adder", CombinedAttributesAdder()),
        ("std_scaler", StandardScaler()),
    ])
    num_attribs = list(housing_num)
    cat_attribs = ["ocean_proximity"]
    full_pipeline = ColumnTransformer([
        ("num", num_pipeline, num_attribs),
        ("cat", OneHotEncoder(), cat_attribs),
    ])
    housing_prepared = full_pipeline.fit_transform(housing)
    assert housing_prepared.shape == (16512, 16)

    lin_reg = LinearRegression()
    lin_reg.fit(housing_prepared, housing_labels)
    housing_predictions = lin_reg.predict(housing_prepared)
    lin_rmse = np.sqrt(mean_squared_error(housing_labels, housing_predictions))
    print(f"training RMSE {lin_rmse:.3f} (the book: {BOOK_TRAINING_RMSE:.3f})")

    lin_scores = cross_val_score(lin_reg, housing_prepared, housing_labels,
                                 scoring="neg_mean_squared_error", cv=cv)
    lin_rmse_scores = np.sqrt(-lin_scores)
    print(f"cross-validation RMSE mean {lin_rmse_scores.mean():.3f}, "
          f"std {lin_rmse_scores.std():.3f} (the book: mean {BOOK_CV_RMSE_MEAN:.3f})")

    assert abs(lin_rmse / BOOK_TRAINING_RMSE - 1) < 1e-3
    if cv == 10:
        assert abs(lin_rmse_scores.mean() / BOOK_CV_RMSE_MEAN - 1) < 1e-3
    return lin_rmse, lin_rmse_scores, housing_prepared


if __name__ == "__main__":
    main()
