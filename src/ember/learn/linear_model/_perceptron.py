"""The perceptron: ``SGDClassifier`` with the perceptron loss, a constant step of 1, no penalty."""

from ._stochastic_gradient import SGDClassifier


class Perceptron(SGDClassifier):
    """Rosenblatt's perceptron (HOML ch. 10): on each misclassified sample, ``w += eta0 * y * x``.

    It is ``SGDClassifier(loss="perceptron", learning_rate="constant", eta0=1,
    penalty=None)``: the same weights, iterations and attributes. Unlike
    logistic regression it gives no probabilities, only labels.

    Parameters:
        penalty: None (default), ``"l2"``, ``"l1"`` or ``"elasticnet"``.
        alpha: penalty strength, when there is one.
        l1_ratio: the L1 share of the elastic-net penalty.
        fit_intercept, max_iter, tol, shuffle, verbose, n_jobs: as in SGDClassifier.
        eta0: the constant step size (default 1).
        random_state: seed of the shuffling (default 0).
        early_stopping, validation_fraction, n_iter_no_change, class_weight,
        warm_start: as in SGDClassifier.

    Attributes:
        classes_, coef_, intercept_, n_iter_, t_, n_features_in_: as in SGDClassifier.

    Example:
        >>> import numpy as np
        >>> from ember.learn.datasets import load_iris
        >>> iris = load_iris(as_frame=True)
        >>> X = iris.data[["petal length (cm)", "petal width (cm)"]].values
        >>> model = Perceptron(random_state=42).fit(X, iris.target == 0)
        >>> model.predict([[2, 0.5], [3, 1]]).tolist()
        [True, False]
    """

    # Fixed for the perceptron (not constructor parameters; read by the SGD code).
    loss = "perceptron"
    learning_rate = "constant"
    power_t = 0.5
    epsilon = 0.1
    average = False

    _parameter_constraints = {
        name: rule for name, rule in SGDClassifier._parameter_constraints.items()
        if name not in ("loss", "average", "learning_rate", "power_t", "epsilon")
    }

    def __init__(self, *, penalty=None, alpha=0.0001, l1_ratio=0.15, fit_intercept=True,
                 max_iter=1000, tol=1e-3, shuffle=True, verbose=0, eta0=1.0, n_jobs=None,
                 random_state=0, early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=5, class_weight=None, warm_start=False):
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.eta0 = eta0
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
