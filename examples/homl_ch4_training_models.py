"""HOML chapter 4: training models.

The book's code (2nd edition, with the notebook's random_state=42 where the
book leaves the seed out) with only ``sklearn`` changed to ``ember.learn``:

* the Normal Equation in NumPy and LinearRegression on the book's linear data
  (np.random.seed(42); X = 2 * rand(100, 1); y = 4 + 3X + noise): the book
  prints theta = [[4.21509616], [2.77011339]];
* batch, stochastic and mini-batch gradient descent in NumPy, and
  SGDRegressor(max_iter=1000, tol=1e-3, penalty=None, eta0=0.1);
* PolynomialFeatures(degree=2, include_bias=False) + LinearRegression on the
  quadratic data (book: intercept 1.78134581, coef [0.93366893, 0.56456263]);
* learning_curve of LinearRegression and of a degree-10 polynomial pipeline
  (the 3rd edition's form of the book's plot_learning_curves);
* Ridge(alpha=1, solver="cholesky"), SGDRegressor(penalty="l2"),
  Lasso(alpha=0.1), ElasticNet(alpha=0.1, l1_ratio=0.5), each predicting 1.5
  (book: 1.55071465, 1.47012588, 1.53788174, 1.54333232);
* early stopping with a warm-started SGDRegressor on a degree-90 polynomial
  (book: best epoch 239; the best model is kept with deepcopy, as in the 3rd
  edition: the 2nd edition's clone() keeps an unfitted copy);
* LogisticRegression on iris petal width (book: decision boundary 1.66 cm,
  predict([[1.7], [1.5]]) = [1, 0]) and softmax regression with C=10 on petal
  length and width (book: predict([[5, 2]]) = [2] with probability 0.9425).

NumPy 2 has no ``np.int``: ``int`` stands in; scikit-learn 1.9 rejects the
book's ``tol=-np.infty`` (tol must be >= 0), ``tol=None`` means the same
(no stopping on the loss).
scikit-learn 1.8 removed LogisticRegression's ``multi_class``: the multinomial
model is its default for three classes, so the softmax line drops it. Where
the computation is the book's (same data, deterministic solver) the script
asserts the book's printed figures to their printed precision or 1e-3 for the
iterative solvers; the test compares every figure with scikit-learn's on the
same data.

Run: python examples/homl_ch4_training_models.py
"""

import warnings
from copy import deepcopy

import numpy as np

from ember.learn import datasets
from ember.learn.exceptions import ConvergenceWarning
from ember.learn.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression,
                                      Ridge, SGDRegressor)
from ember.learn.metrics import mean_squared_error
from ember.learn.model_selection import learning_curve, train_test_split
from ember.learn.pipeline import Pipeline, make_pipeline
from ember.learn.preprocessing import PolynomialFeatures, StandardScaler

BOOK_THETA = np.array([[4.21509616], [2.77011339]])
BOOK_THETA_SGD_NUMPY = np.array([[4.21076011], [2.74856079]])
BOOK_THETA_MINIBATCH = np.array([[4.25214635], [2.7896408]])
BOOK_SGD_REGRESSOR = (4.24365286, 2.8250878)
BOOK_POLY_INTERCEPT = 1.78134581
BOOK_POLY_COEF = np.array([0.93366893, 0.56456263])
BOOK_REGULARIZED_AT_1_5 = {"ridge": 1.55071465, "sgd_l2": 1.47012588,
                           "lasso": 1.53788174, "elastic_net": 1.54333232}
BOOK_BEST_EPOCH = 239
BOOK_DECISION_BOUNDARY = 1.66066066
BOOK_SOFTMAX_PROBA = np.array([6.38014896e-07, 5.74929995e-02, 9.42506362e-01])


def linear_regression():
    np.random.seed(42)
    X = 2 * np.random.rand(100, 1)
    y = 4 + 3 * X + np.random.randn(100, 1)

    X_b = np.c_[np.ones((100, 1)), X]  # add x0 = 1 to each instance
    theta_best = np.linalg.inv(X_b.T.dot(X_b)).dot(X_b.T).dot(y)

    X_new = np.array([[0], [2]])
    X_new_b = np.c_[np.ones((2, 1)), X_new]
    y_predict = X_new_b.dot(theta_best)

    lin_reg = LinearRegression()
    lin_reg.fit(X, y)
    print(f"Normal Equation theta {theta_best.ravel()} (the book: {BOOK_THETA.ravel()})")
    print(f"LinearRegression intercept {lin_reg.intercept_}, coef {lin_reg.coef_.ravel()}")
    assert np.allclose(theta_best, BOOK_THETA, atol=1e-8)
    assert np.allclose(lin_reg.intercept_, BOOK_THETA[0], atol=1e-8)
    assert np.allclose(lin_reg.coef_, BOOK_THETA[1], atol=1e-8)
    assert np.allclose(lin_reg.predict(X_new), y_predict, atol=1e-10)

    # Batch gradient descent
    eta = 0.1  # learning rate
    n_iterations = 1000
    m = 100
    theta = np.random.randn(2, 1)  # random initialization
    for iteration in range(n_iterations):
        gradients = 2 / m * X_b.T.dot(X_b.dot(theta) - y)
        theta = theta - eta * gradients
    theta_bgd = theta
    assert np.allclose(theta_bgd, BOOK_THETA, atol=1e-8)

    # Stochastic gradient descent (the notebook seeds 42 before the start)
    n_epochs = 50
    t0, t1 = 5, 50  # learning schedule hyperparameters

    def learning_schedule(t):
        return t0 / (t + t1)

    np.random.seed(42)
    theta = np.random.randn(2, 1)  # random initialization
    for epoch in range(n_epochs):
        for i in range(m):
            random_index = np.random.randint(m)
            xi = X_b[random_index:random_index + 1]
            yi = y[random_index:random_index + 1]
            gradients = 2 * xi.T.dot(xi.dot(theta) - yi)
            eta = learning_schedule(epoch * m + i)
            theta = theta - eta * gradients
    theta_sgd = theta
    assert np.allclose(theta_sgd, BOOK_THETA_SGD_NUMPY, atol=1e-8)

    # Mini-batch gradient descent
    n_iterations = 50
    minibatch_size = 20
    np.random.seed(42)
    theta = np.random.randn(2, 1)  # random initialization
    t0, t1 = 200, 1000
    t = 0
    for epoch in range(n_iterations):
        shuffled_indices = np.random.permutation(m)
        X_b_shuffled = X_b[shuffled_indices]
        y_shuffled = y[shuffled_indices]
        for i in range(0, m, minibatch_size):
            t += 1
            xi = X_b_shuffled[i:i + minibatch_size]
            yi = y_shuffled[i:i + minibatch_size]
            gradients = 2 / minibatch_size * xi.T.dot(xi.dot(theta) - yi)
            eta = learning_schedule(t)
            theta = theta - eta * gradients
    theta_mgd = theta
    assert np.allclose(theta_mgd, BOOK_THETA_MINIBATCH, atol=1e-8)
    print(f"batch GD {theta_bgd.ravel()}, stochastic GD {theta_sgd.ravel()}, "
          f"mini-batch GD {theta_mgd.ravel()}")

    sgd_reg = SGDRegressor(max_iter=1000, tol=1e-3, penalty=None, eta0=0.1, random_state=42)
    sgd_reg.fit(X, y.ravel())
    print(f"SGDRegressor intercept {sgd_reg.intercept_}, coef {sgd_reg.coef_} "
          f"(the book: {BOOK_SGD_REGRESSOR})")
    assert np.allclose([sgd_reg.intercept_[0], sgd_reg.coef_[0]], BOOK_SGD_REGRESSOR, atol=1e-8)
    return {"X": X, "y": y, "theta_best": theta_best, "lin_reg": lin_reg,
            "theta_bgd": theta_bgd, "theta_sgd": theta_sgd, "theta_mgd": theta_mgd,
            "sgd_reg": sgd_reg}


def polynomial_regression(learning_curve_sizes=40):
    np.random.seed(42)
    m = 100
    X = 6 * np.random.rand(m, 1) - 3
    y = 0.5 * X**2 + X + 2 + np.random.randn(m, 1)

    poly_features = PolynomialFeatures(degree=2, include_bias=False)
    X_poly = poly_features.fit_transform(X)
    lin_reg = LinearRegression()
    lin_reg.fit(X_poly, y)
    print(f"polynomial intercept {lin_reg.intercept_}, coef {lin_reg.coef_.ravel()} "
          f"(the book: {BOOK_POLY_INTERCEPT}, {BOOK_POLY_COEF})")
    assert np.allclose(X_poly[0], [X[0, 0], X[0, 0] ** 2])
    assert abs(lin_reg.intercept_[0] - BOOK_POLY_INTERCEPT) < 1e-8
    assert np.allclose(lin_reg.coef_.ravel(), BOOK_POLY_COEF, atol=1e-8)

    train_sizes, train_scores, valid_scores = learning_curve(
        LinearRegression(), X, y, train_sizes=np.linspace(0.01, 1.0, learning_curve_sizes),
        cv=5, scoring="neg_root_mean_squared_error")
    train_errors = -train_scores.mean(axis=1)
    valid_errors = -valid_scores.mean(axis=1)

    polynomial_regression = make_pipeline(
        PolynomialFeatures(degree=10, include_bias=False),
        LinearRegression())
    poly_sizes, poly_train_scores, poly_valid_scores = learning_curve(
        polynomial_regression, X, y, train_sizes=np.linspace(0.01, 1.0, learning_curve_sizes),
        cv=5, scoring="neg_root_mean_squared_error")
    poly_train_errors = -poly_train_scores.mean(axis=1)
    poly_valid_errors = -poly_valid_scores.mean(axis=1)
    print(f"learning curves on {train_sizes[-1]} instances: linear train/valid RMSE "
          f"{train_errors[-1]:.3f}/{valid_errors[-1]:.3f}, degree 10 "
          f"{poly_train_errors[-1]:.3f}/{poly_valid_errors[-1]:.3f}")
    # The book: the linear model underfits (both curves plateau high, close to
    # each other); the degree-10 model fits the training data much better.
    assert train_sizes[-1] == 80
    assert valid_errors[-1] - train_errors[-1] < 0.5 * train_errors[-1]
    assert poly_train_errors[-1] < train_errors[-1]
    return {"X": X, "y": y, "X_poly": X_poly, "lin_reg": lin_reg,
            "learning_curve": (train_sizes, train_scores, valid_scores),
            "poly_learning_curve": (poly_sizes, poly_train_scores, poly_valid_scores)}


def regularized_models():
    np.random.seed(42)
    m = 20
    X = 3 * np.random.rand(m, 1)
    y = 1 + 0.5 * X + np.random.randn(m, 1) / 1.5

    ridge_reg = Ridge(alpha=1, solver="cholesky", random_state=42)
    ridge_reg.fit(X, y)
    sgd_reg = SGDRegressor(penalty="l2", max_iter=1000, tol=1e-3, random_state=42)
    sgd_reg.fit(X, y.ravel())
    lasso_reg = Lasso(alpha=0.1)
    lasso_reg.fit(X, y)
    elastic_net = ElasticNet(alpha=0.1, l1_ratio=0.5, random_state=42)
    elastic_net.fit(X, y)
    at_1_5 = {"ridge": ridge_reg.predict([[1.5]]).item(),
              "sgd_l2": sgd_reg.predict([[1.5]]).item(),
              "lasso": lasso_reg.predict([[1.5]]).item(),
              "elastic_net": elastic_net.predict([[1.5]]).item()}
    for name, value in at_1_5.items():
        print(f"{name} predicts {value:.8f} at 1.5 (the book: {BOOK_REGULARIZED_AT_1_5[name]})")
    assert abs(at_1_5["ridge"] - BOOK_REGULARIZED_AT_1_5["ridge"]) < 1e-8
    assert abs(at_1_5["lasso"] - BOOK_REGULARIZED_AT_1_5["lasso"]) < 1e-6
    assert abs(at_1_5["elastic_net"] - BOOK_REGULARIZED_AT_1_5["elastic_net"]) < 1e-6
    assert abs(at_1_5["sgd_l2"] - BOOK_REGULARIZED_AT_1_5["sgd_l2"]) < 1e-8
    return {"X": X, "y": y, "at_1_5": at_1_5,
            "models": {"ridge": ridge_reg, "sgd_l2": sgd_reg, "lasso": lasso_reg,
                       "elastic_net": elastic_net}}


def early_stopping(n_epochs=1000):
    np.random.seed(42)
    m = 100
    X = 6 * np.random.rand(m, 1) - 3
    y = 2 + X + 0.5 * X**2 + np.random.randn(m, 1)
    X_train, X_val, y_train, y_val = train_test_split(X[:50], y[:50].ravel(), test_size=0.5,
                                                      random_state=10)

    # prepare the data
    poly_scaler = Pipeline([
        ("poly_features", PolynomialFeatures(degree=90, include_bias=False)),
        ("std_scaler", StandardScaler()),
    ])
    X_train_poly_scaled = poly_scaler.fit_transform(X_train)
    X_val_poly_scaled = poly_scaler.transform(X_val)

    sgd_reg = SGDRegressor(max_iter=1, tol=None, warm_start=True, penalty=None,
                           learning_rate="constant", eta0=0.0005, random_state=42)
    minimum_val_error = float("inf")
    best_epoch = None
    best_model = None
    val_errors = []
    with warnings.catch_warnings():
        # one epoch per fit: every fit warns that max_iter was reached
        warnings.simplefilter("ignore", ConvergenceWarning)
        for epoch in range(n_epochs):
            sgd_reg.fit(X_train_poly_scaled, y_train)  # continues where it left off
            y_val_predict = sgd_reg.predict(X_val_poly_scaled)
            val_error = mean_squared_error(y_val, y_val_predict)
            val_errors.append(val_error)
            if val_error < minimum_val_error:
                minimum_val_error = val_error
                best_epoch = epoch
                best_model = deepcopy(sgd_reg)
    print(f"early stopping: best epoch {best_epoch}, validation MSE {minimum_val_error:.4f} "
          f"(the book: epoch {BOOK_BEST_EPOCH})")
    if n_epochs > BOOK_BEST_EPOCH:
        assert best_epoch == BOOK_BEST_EPOCH
    return {"best_epoch": best_epoch, "minimum_val_error": minimum_val_error,
            "val_errors": np.array(val_errors), "best_model": best_model,
            "X_train_poly_scaled": X_train_poly_scaled, "X_val_poly_scaled": X_val_poly_scaled}


def logistic_regression():
    iris = datasets.load_iris()
    X = iris["data"][:, 3:]  # petal width
    y = (iris["target"] == 2).astype(int)  # 1 if Iris virginica, else 0

    log_reg = LogisticRegression(solver="lbfgs", random_state=42)
    log_reg.fit(X, y)
    X_new = np.linspace(0, 3, 1000).reshape(-1, 1)
    y_proba = log_reg.predict_proba(X_new)
    decision_boundary = X_new[y_proba[:, 1] >= 0.5][0]
    predictions = log_reg.predict([[1.7], [1.5]])
    print(f"logistic decision boundary {decision_boundary} cm (the book: "
          f"{BOOK_DECISION_BOUNDARY}), predict([[1.7], [1.5]]) = {predictions}")
    assert abs(decision_boundary[0] - BOOK_DECISION_BOUNDARY) < 1e-6
    assert predictions.tolist() == [1, 0]

    X = iris["data"][:, (2, 3)]  # petal length, petal width
    y = iris["target"]
    softmax_reg = LogisticRegression(solver="lbfgs", C=10, random_state=42)
    softmax_reg.fit(X, y)
    softmax_prediction = softmax_reg.predict([[5, 2]])
    softmax_proba = softmax_reg.predict_proba([[5, 2]])
    print(f"softmax predict([[5, 2]]) = {softmax_prediction}, proba {softmax_proba.ravel()} "
          f"(the book: [2], {BOOK_SOFTMAX_PROBA})")
    assert softmax_prediction.tolist() == [2]
    assert np.allclose(softmax_proba.ravel(), BOOK_SOFTMAX_PROBA, atol=1e-3)
    return {"log_reg": log_reg, "y_proba": y_proba, "decision_boundary": decision_boundary,
            "softmax_reg": softmax_reg, "softmax_proba": softmax_proba}


def main(n_epochs=1000, learning_curve_sizes=40):
    return {"linear": linear_regression(),
            "polynomial": polynomial_regression(learning_curve_sizes),
            "regularized": regularized_models(),
            "early_stopping": early_stopping(n_epochs),
            "logistic": logistic_regression()}


if __name__ == "__main__":
    main()
