"""export_graphviz, export_text and plot_tree: the same text, colours and layout items as
scikit-learn's renderings of the same tree."""

import re

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import tree as sk_tree  # noqa: E402
from tree_cases import classification, regression  # noqa: E402

from ember.learn import tree  # noqa: E402
from ember.learn.datasets import load_iris  # noqa: E402

IRIS = load_iris()
PETALS = list(IRIS.feature_names[2:])

DOT_OPTIONS = [
    {},
    {"filled": True, "rounded": True, "class_names": True},
    {"filled": True, "proportion": True, "node_ids": True, "label": "root",
     "leaves_parallel": True, "rotate": True, "special_characters": True},
    {"max_depth": 1, "filled": True, "label": "none", "impurity": False},
    {"precision": 5, "fontname": "courier"},
]


def _iris_trees(depth):
    X = IRIS.data[:, 2:] if depth == 2 else IRIS.data
    ours = tree.DecisionTreeClassifier(max_depth=depth, random_state=42).fit(X, IRIS.target)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=depth, random_state=42).fit(X, IRIS.target)
    return ours, theirs


def test_homl_iris_graphviz(tmp_path):
    ours, theirs = _iris_trees(2)
    options = {"feature_names": PETALS, "class_names": IRIS.target_names, "rounded": True,
               "filled": True}
    path = tmp_path / "iris_tree.dot"
    assert tree.export_graphviz(ours, out_file=str(path), **options) is None
    dot = path.read_text(encoding="utf-8")
    assert dot == sk_tree.export_graphviz(theirs, **options)
    # Render-ready DOT: one statement per line, a node per tree node, an edge per child.
    lines = dot.splitlines()
    assert lines[0] == "digraph Tree {" and lines[-1] == "}"
    assert lines[1] == 'node [shape=box, style="filled, rounded", color="black", fontname="helvetica"] ;'
    nodes = [line for line in lines if re.match(r'^\d+ \[label="', line)]
    edges = [line for line in lines if re.match(r"^\d+ -> \d+", line)]
    assert len(nodes) == ours.tree_.node_count and len(edges) == ours.tree_.node_count - 1
    assert all(line.endswith(" ;") and line.count('"') % 2 == 0 for line in nodes + edges)
    assert 'headlabel="True"' in edges[0] and 'headlabel="False"' in edges[1]
    labels = dict(re.findall(r'^(\d+) \[label="(.*?)"', dot, flags=re.M))
    assert labels["0"].split("\\n") == ["petal length (cm) <= 2.45", "gini = 0.667",
                                        "samples = 150", "value = [50, 50, 50]",
                                        "class = setosa"]
    assert labels["3"].split("\\n") == ["gini = 0.168", "samples = 54", "value = [0, 49, 5]",
                                        "class = versicolor"]
    assert re.search(r'^1 \[label=".*", fillcolor="#e58139"\] ;$', dot, flags=re.M)


@pytest.mark.parametrize("options", DOT_OPTIONS, ids=str)
@pytest.mark.parametrize("depth", [2, 3])
def test_graphviz_matches_sklearn(options, depth):
    ours, theirs = _iris_trees(depth)
    dot = tree.export_graphviz(ours, **options)
    assert dot == sk_tree.export_graphviz(theirs, **options)
    assert dot == sk_tree.export_graphviz(ours, **options)  # scikit-learn reads our tree_ too


def test_graphviz_regression_multi_output_and_weights():
    X, y = regression()
    for model in (tree.DecisionTreeRegressor(max_depth=3).fit(X, y),
                  tree.DecisionTreeRegressor(max_depth=2).fit(X, np.column_stack([y, -y]))):
        for options in ({"filled": True}, {"filled": True, "proportion": True}):
            assert tree.export_graphviz(model, **options) == sk_tree.export_graphviz(model, **options)
    X, y = classification()
    weighted = tree.DecisionTreeClassifier(max_depth=2).fit(X, y, sample_weight=np.linspace(0.5, 2, len(y)))
    assert "value = [" in tree.export_graphviz(weighted)
    assert tree.export_graphviz(weighted, filled=True) == sk_tree.export_graphviz(weighted, filled=True)
    # A bare Tree has no criterion name.
    assert tree.export_graphviz(weighted.tree_) == sk_tree.export_graphviz(weighted).replace(
        "gini = ", "impurity = ")


@pytest.mark.parametrize("depth", [2, 3])
def test_export_text_matches_sklearn(depth):
    ours, theirs = _iris_trees(depth)
    names = PETALS if depth == 2 else list(IRIS.feature_names)
    for options in ({}, {"feature_names": names}, {"show_weights": True, "max_depth": 1},
                    {"decimals": 4, "spacing": 2, "class_names": ["a", "b", "c"]}):
        assert tree.export_text(ours, **options) == sk_tree.export_text(theirs, **options)
    X, y = regression()
    ours = tree.DecisionTreeRegressor(max_depth=3, min_samples_leaf=20).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=3, min_samples_leaf=20).fit(X, y)
    assert tree.export_text(ours, max_depth=1) == sk_tree.export_text(theirs, max_depth=1)


def test_export_errors():
    ours, _ = _iris_trees(2)
    with pytest.raises(ValueError, match="Length of feature_names, 1 does not match number of features, 2"):
        tree.export_graphviz(ours, feature_names=["a"])
    with pytest.raises(ValueError, match="All feature names must be strings"):
        tree.export_graphviz(ours, feature_names=[1, 2])
    with pytest.raises(ValueError, match="feature_names must contain 2 elements, got 3"):
        tree.export_text(ours, feature_names=["a", "b", "c"])
    with pytest.raises(ValueError, match="should contain as many items as"):
        tree.export_text(ours, class_names=["a"])
    with pytest.raises(ValueError, match="'spacing' parameter of export_text"):
        tree.export_text(ours, spacing=0)


@pytest.mark.parametrize("options", [{"filled": True, "rounded": True}, {"max_depth": 1, "filled": True},
                                     {"fontsize": 8, "proportion": True, "feature_names": list(IRIS.feature_names)}],
                         ids=str)
def test_plot_tree_draws_sklearn_labels(options):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ours, theirs = _iris_trees(3)
    fig, (ax, their_ax) = plt.subplots(1, 2, figsize=(12, 5))
    try:
        drawn = tree.plot_tree(ours, ax=ax, **options)
        expected = sk_tree.plot_tree(theirs, ax=their_ax, **options)
        assert sorted(a.get_text() for a in drawn) == sorted(a.get_text() for a in expected)

        def colours(annotations):
            return sorted(tuple(a.get_bbox_patch().get_facecolor()) for a in annotations
                          if a.get_bbox_patch() is not None)

        assert colours(drawn) == colours(expected)
        inside = [a.xyann for a in drawn]
        assert all(0 < x < 1 and 0 < y < 1 for x, y in inside)
    finally:
        plt.close(fig)
