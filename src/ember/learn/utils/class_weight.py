"""Class weights and the per-sample weights they imply (scikit-learn's ``utils.class_weight``)."""

import numbers

import numpy as np
import scipy.sparse as sp


def compute_class_weight(class_weight, *, classes, y, sample_weight=None):
    """Weight of each class in ``classes``.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
        ``"balanced"`` gives ``n_samples / (n_classes * np.bincount(y))`` (weighted counts
        when ``sample_weight`` is given); a dict maps labels to weights (others get 1).
    classes : ndarray
        The classes, as ``np.unique`` of the original labels.
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), default=None
        Used by ``"balanced"`` only.

    Returns
    -------
    weight : ndarray of shape (n_classes,)

    Examples
    --------
    >>> compute_class_weight("balanced", classes=np.array([0, 1]), y=[1, 1, 1, 1, 0, 0])
    array([1.5 , 0.75])
    """
    y = np.asarray(y)
    classes = np.asarray(classes)
    if set(np.unique(y).tolist()) - set(classes.tolist()):
        raise ValueError("classes should include all valid labels that can be in y")
    if class_weight is None or (isinstance(class_weight, dict) and not class_weight):
        return np.ones(len(classes))
    if isinstance(class_weight, str):
        if class_weight != "balanced":
            raise ValueError(
                f"The 'class_weight' parameter must be a dict, 'balanced' or None. "
                f"Got {class_weight!r} instead."
            )
        present, codes = np.unique(y, return_inverse=True)
        if not np.isin(classes, present).all():
            raise ValueError("classes should have valid labels that are in y")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        counts = np.bincount(codes.ravel(), weights=weights, minlength=len(present))
        balanced = counts.sum() / (len(present) * counts.astype(np.float64))
        return balanced[np.searchsorted(present, classes)]
    if not isinstance(class_weight, dict):
        raise ValueError(
            f"The 'class_weight' parameter must be a dict, 'balanced' or None. "
            f"Got {class_weight!r} instead."
        )
    weight = np.ones(len(classes))
    missing = []
    for i, label in enumerate(classes.tolist()):
        key = int(label) if isinstance(label, numbers.Integral) else label
        if key in class_weight:
            weight[i] = class_weight[key]
        else:
            missing.append(key)
    if missing and len(classes) - len(missing) != len(class_weight):
        raise ValueError(f"The classes, {missing}, are not in class_weight")
    return weight


def compute_sample_weight(class_weight, y, *, indices=None):
    """Per-sample weights from class weights; the product over the outputs of 2-D ``y``.

    Parameters
    ----------
    class_weight : dict, list of dicts (one per output), "balanced" or None
    y : array-like or sparse matrix of shape (n_samples,) or (n_samples, n_outputs)
        The original labels.
    indices : array-like of shape (n_subsample,), default=None
        A (bootstrap) subsample: ``"balanced"`` weights are computed on ``y[indices]`` and
        classes absent from it get weight 0.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)

    Examples
    --------
    >>> compute_sample_weight("balanced", [1, 1, 1, 1, 0, 0])
    array([0.75, 0.75, 0.75, 0.75, 1.5 , 1.5 ])
    """
    if not sp.issparse(y):
        y = np.atleast_1d(np.asarray(y))
        if y.ndim == 1:
            y = y.reshape(-1, 1)
    n_outputs = y.shape[1]
    if indices is not None and class_weight != "balanced":
        raise ValueError(
            "The only valid class_weight for subsampling is 'balanced'. "
            f"Given {class_weight}."
        )
    if n_outputs > 1:
        if class_weight is None or isinstance(class_weight, dict):
            raise ValueError(
                "For multi-output, class_weight should be a list of dicts, or the string "
                "'balanced'."
            )
        if isinstance(class_weight, list) and len(class_weight) != n_outputs:
            raise ValueError(
                "For multi-output, number of elements in class_weight should match number "
                f"of outputs. Got {len(class_weight)} element(s) while having {n_outputs} "
                "outputs."
            )
    product = np.ones(y.shape[0])
    for k in range(n_outputs):
        column = y[:, [k]].toarray().ravel() if sp.issparse(y) else y[:, k]
        classes = np.unique(column)
        weight_k = class_weight if class_weight == "balanced" or n_outputs == 1 else class_weight[k]
        if indices is None:
            per_class = compute_class_weight(weight_k, classes=classes, y=column)
        else:
            subsample = column[indices]
            present = np.unique(subsample)
            per_class = compute_class_weight(weight_k, classes=present, y=subsample)
            per_class = np.where(np.isin(classes, present),
                                 per_class.take(np.searchsorted(present, classes), mode="clip"),
                                 0.0)
        product *= per_class[np.searchsorted(classes, column)]
    return product
