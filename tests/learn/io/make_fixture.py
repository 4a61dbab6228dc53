"""Writes the format-v1 fixture archive that test_learn_io_format.py loads.

Run once per format version, from the repository root, and commit the output:

    .venv/bin/python tests/learn/io/make_fixture.py

It saves a fitted GridSearchCV over an impute/scale/classify pipeline on iris
(nested estimators, a k-d tree, masked cv_results_, a RandomState) as
``fixture_v1.ember``, and the predictions it made when saved as
``fixture_v1_expected.npz``. Never regenerate an existing version's files: the
point is that an archive written by this release still loads in later ones.
"""

import sys
from pathlib import Path

import numpy as np

from ember.learn import io as learn_io
from ember.learn.datasets import load_iris
from ember.learn.impute import SimpleImputer
from ember.learn.linear_model import LogisticRegression
from ember.learn.model_selection import GridSearchCV
from ember.learn.neighbors import KNeighborsClassifier
from ember.learn.pipeline import Pipeline
from ember.learn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent


def fixture_model():
    X, y = load_iris(return_X_y=True)
    X = X.copy()
    X[::17, 1] = np.nan  # something for the imputer to do
    pipe = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler()),
                     ("clf", LogisticRegression(max_iter=1000))])
    grid = [{"clf__C": [0.05, 1.0]},
            {"clf": [KNeighborsClassifier(algorithm="kd_tree")], "clf__n_neighbors": [1, 15]}]
    search = GridSearchCV(pipe, grid, cv=3, scoring=["accuracy", "f1_macro"], refit="f1_macro",
                          return_train_score=True).fit(X, y)
    return search, X


def main(folder=HERE):
    search, X = fixture_model()
    learn_io.dump(search, Path(folder) / "fixture_v1.ember")
    np.savez(Path(folder) / "fixture_v1_expected.npz", X=X, predict=search.predict(X),
             predict_proba=search.predict_proba(X), best_index=search.best_index_)


if __name__ == "__main__":
    main(*sys.argv[1:])
