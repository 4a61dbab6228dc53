"""Readable renderings of a fitted tree: Graphviz DOT text, an indented text report, and a
matplotlib drawing, with scikit-learn's node labels and colours.

A node's label lists, one item per line: its node id (``node_ids``), the test
``feature <= threshold`` (internal nodes), the impurity, the sample count (or
share), the value (class counts, class fractions with ``proportion``, or the
regression value) and the majority class (``class_names``). ``filled`` colours a
classification node by its majority class, more saturated the purer it is
(``(p1 - p2) / (1 - p2)`` for its two largest class fractions), a regression
node by its value between the smallest and largest node values, and a
multi-output node by its impurity.
"""

import numbers
from io import StringIO

import numpy as np

from ..base import is_classifier
from ..utils.validation import check_is_fitted
from ._tree import Tree

_DOT_MARKS = ("#", "[", "]", "<=", "\\n", '"', '"')
_HTML_MARKS = ("&#35;", "<SUB>", "</SUB>", "&le;", "<br/>", ">", "<")
_PLOT_MARKS = ("#", "[", "]", "<=", "\n", "", "")


def _palette(n):
    """n colours of equally spaced hues (HSV, saturation 0.75, value 0.9), 8-bit RGB."""
    chroma, value = 0.75 * 0.9, 0.9
    low = value - chroma
    colours = []
    for hue in np.arange(25, 385, 360.0 / n).astype(int):
        sector = hue / 60.0
        second = chroma * (1 - abs(sector % 2 - 1))
        r, g, b = [(chroma, second, 0), (second, chroma, 0), (0, chroma, second),
                   (0, second, chroma), (second, 0, chroma), (chroma, 0, second),
                   (chroma, second, 0)][int(sector)]
        colours.append([int(255 * (r + low)), int(255 * (g + low)), int(255 * (b + low))])
    return colours


def _blend(rgb, alpha):
    """#rrggbb of colour rgb at opacity alpha over white."""
    mixed = [int(round(alpha * c + (1 - alpha) * 255, 0)) for c in rgb]
    return "#%02x%02x%02x" % tuple(mixed)


def _array_text(values, newline):
    """values as NumPy prints an array of their strings, brackets and commas kept."""
    text = str(np.asarray(values).astype("S32")).replace("b'", "'")
    return text.replace("' '", ", ").replace("'", "").replace("\n ", newline)


class _Labeller:
    """Node labels and fill colours of one tree (shared by the DOT and matplotlib outputs)."""

    def __init__(self, tree, criterion, marks, *, feature_names=None, class_names=None,
                 label="all", impurity=True, node_ids=False, proportion=False, precision=3):
        self.tree, self.marks = tree, marks
        self.criterion = "squared_error" if criterion == "friedman_mse" else criterion
        self.feature_names, self.class_names = feature_names, class_names
        self.label, self.impurity, self.node_ids = label, impurity, node_ids
        self.proportion, self.precision = proportion, precision
        self.is_regression = tree.n_classes[0] == 1
        self._colours, self._bounds = None, None

    def text(self, node):
        tree, marks, precision = self.tree, self.marks, self.precision
        named = self.label == "all" or (self.label == "root" and node == 0)
        lines = []
        if self.node_ids:
            lines.append(("node " if named else "") + marks[0] + str(node))
        if tree.children_left[node] != -1:
            f = tree.feature[node]
            name = (self.feature_names[f] if self.feature_names is not None
                    else "x%s%s%s" % (marks[1], f, marks[2]))
            lines.append("%s %s %s" % (name, marks[3], round(tree.threshold[node], precision)))
        if self.impurity:
            lines.append(("%s = " % self.criterion if named else "")
                         + str(round(tree.impurity[node], precision)))
        share = 100.0 * tree.n_node_samples[node] / float(tree.n_node_samples[0])
        lines.append(("samples = " if named else "")
                     + (str(round(share, 1)) + "%" if self.proportion
                        else str(tree.n_node_samples[node])))
        value = tree.value[node][0, :] if tree.n_outputs == 1 else tree.value[node]
        if not self.proportion and not self.is_regression:
            value = value * tree.weighted_n_node_samples[node]  # fractions to (weighted) counts
        if (self.is_regression or self.proportion
                or not np.all(np.equal(np.mod(value, 1), 0))):
            shown = np.around(value, precision)
        else:
            shown = value.astype(int)
        text = _array_text(shown, marks[4])
        if self.is_regression and tree.n_outputs == 1:
            text = text.replace("[", "").replace("]", "")
        lines.append(("value = " if named else "") + text)
        if self.class_names is not None and not self.is_regression and tree.n_outputs == 1:
            best = np.argmax(value)
            name = (self.class_names[best] if self.class_names is not True
                    else "y%s%s%s" % (marks[1], best, marks[2]))
            lines.append(("class = " if named else "") + str(name))
        return marks[6] + marks[4].join(lines) + marks[5]

    def fill(self, node):
        tree = self.tree
        if self._colours is None:
            self._colours = _palette(tree.n_classes[0])
            if tree.n_outputs != 1:
                self._bounds = (-np.max(tree.impurity), -np.min(tree.impurity))
            elif self.is_regression and len(np.unique(tree.value)) != 1:
                self._bounds = (np.min(tree.value), np.max(tree.value))
        if tree.n_outputs != 1 or (self.is_regression and self._bounds is not None):
            level = -tree.impurity[node] if tree.n_outputs != 1 else tree.value[node][0, 0]
            low, high = self._bounds
            return _blend(self._colours[0], (level - low) / (high - low))
        fractions = tree.value[node][0, :]
        top = sorted(fractions, reverse=True)
        alpha = 0.0 if len(top) == 1 else (top[0] - top[1]) / (1 - top[1])
        return _blend(self._colours[int(np.argmax(fractions))], alpha)


def _tree_and_criterion(decision_tree):
    if isinstance(decision_tree, Tree):
        return decision_tree, "impurity"
    check_is_fitted(decision_tree)
    return decision_tree.tree_, decision_tree.criterion


def _names(names, what):
    if names is None or isinstance(names, bool):
        return names
    names = list(np.asarray(names, dtype=object).ravel()) if not isinstance(names, list) else names
    if what == "feature" and any(not isinstance(name, str) for name in names):
        raise ValueError("All feature names must be strings.")
    return names


def export_graphviz(decision_tree, out_file=None, *, max_depth=None, feature_names=None,
                    class_names=None, label="all", filled=False, leaves_parallel=False,
                    impurity=True, node_ids=False, proportion=False, rotate=False,
                    rounded=False, special_characters=False, precision=3,
                    fontname="helvetica"):
    """A decision tree in Graphviz's DOT language (``dot -Tpng tree.dot -o tree.png``).

    Parameters
    ----------
    decision_tree : fitted tree estimator or Tree
    out_file : str, file object or None, default=None
        Where to write; None returns the text.
    max_depth : int, default=None
        Deeper nodes are drawn as "(...)".
    feature_names : list of str, default=None
        Names of the features ("x[i]" when None).
    class_names : list of str, bool or None, default=None
        Names of the classes in ascending order; True shows "y[i]".
    label : {"all", "root", "none"}, default="all"
        Where the items of a label are named ("gini = ...").
    filled, rounded : bool, default=False
        Colour the nodes; rounded corners.
    leaves_parallel, rotate : bool, default=False
        Leaves on one rank; left-to-right layout.
    impurity, node_ids, proportion : bool
        Show the impurity (default True), node ids, shares instead of counts.
    special_characters : bool, default=False
        HTML labels (for PostScript output).
    precision : int, default=3
    fontname : str, default="helvetica"

    Returns
    -------
    dot_data : str or None
        The DOT text when ``out_file`` is None.

    Examples
    --------
    >>> from ember.learn.tree import DecisionTreeClassifier
    >>> model = DecisionTreeClassifier().fit([[0.0], [1.0]], ["a", "b"])
    >>> print(export_graphviz(model, class_names=["a", "b"]))  # doctest: +ELLIPSIS
    digraph Tree {
    node [shape=box, fontname="helvetica"] ;
    edge [fontname="helvetica"] ;
    0 [label="x[0] <= 0.5\\ngini = 0.5\\nsamples = 2\\nvalue = [1, 1]\\nclass = a"] ;
    ...
    """
    tree, criterion = _tree_and_criterion(decision_tree)
    feature_names, class_names = _names(feature_names, "feature"), _names(class_names, "class")
    if feature_names is not None and len(feature_names) != tree.n_features:
        raise ValueError(f"Length of feature_names, {len(feature_names)} does not match number "
                         f"of features, {tree.n_features}")
    marks = _HTML_MARKS if special_characters else _DOT_MARKS
    if feature_names is not None:  # quotes escaped for DOT
        feature_names = [name.replace('"', '\\"') for name in feature_names]
    if class_names is not None and not isinstance(class_names, bool):
        class_names = [str(name).replace('"', '\\"') for name in class_names]
    labeller = _Labeller(tree, criterion, marks, feature_names=feature_names,
                         class_names=class_names, label=label, impurity=impurity,
                         node_ids=node_ids, proportion=proportion, precision=precision)
    out = StringIO()
    style = [word for word, on in (("filled", filled), ("rounded", rounded)) if on]
    out.write("digraph Tree {\nnode [shape=box")
    if style:
        out.write(', style="%s", color="black"' % ", ".join(style))
    out.write(', fontname="%s"] ;\n' % fontname)
    if leaves_parallel:
        out.write("graph [ranksep=equally, splines=polyline] ;\n")
    out.write('edge [fontname="%s"] ;\n' % fontname)
    if rotate:
        out.write("rankdir=LR ;\n")
    ranks = {"leaves": []}
    sign = -1 if rotate else 1
    stack = [(0, None, 0)]
    while stack:  # preorder: node, then its left subtree, then its right subtree
        node, parent, depth = stack.pop()
        leaf = tree.children_left[node] == -1
        cut = max_depth is not None and depth > max_depth
        if leaf or cut:
            ranks["leaves"].append(str(node))
        else:
            ranks.setdefault(str(depth), []).append(str(node))
        if cut:
            out.write('%d [label="(...)"' % node + (', fillcolor="#C0C0C0"' if filled else "")
                      + "] ;\n")
        else:
            out.write("%d [label=%s" % (node, labeller.text(node)))
            if filled:
                out.write(', fillcolor="%s"' % labeller.fill(node))
            out.write("] ;\n")
        if parent is not None:
            out.write("%d -> %d" % (parent, node))
            if parent == 0 and not cut:
                angle, head = (45 * sign, "True") if node == 1 else (-45 * sign, "False")
                out.write(' [labeldistance=2.5, labelangle=%d, headlabel="%s"]' % (angle, head))
            out.write(" ;\n")
        if not leaf and not cut:
            stack.append((tree.children_right[node], node, depth + 1))
            stack.append((tree.children_left[node], node, depth + 1))
    if leaves_parallel:
        for rank in sorted(ranks):
            out.write("{rank=same ; " + "; ".join(ranks[rank]) + "} ;\n")
    out.write("}")
    text = out.getvalue()
    if out_file is None:
        return text
    if isinstance(out_file, str):
        with open(out_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        out_file.write(text)
    return None


def export_text(decision_tree, *, feature_names=None, class_names=None, max_depth=10,
                spacing=3, decimals=2, show_weights=False):
    """The rules of a decision tree as indented text.

    Parameters
    ----------
    decision_tree : fitted DecisionTreeClassifier or DecisionTreeRegressor
    feature_names : list of str, default=None
        ("feature_i" when None).
    class_names : list, default=None
        Names for ``classes_`` (the classes themselves when None).
    max_depth : int, default=10
        Deeper branches are summarised as "truncated branch of depth d".
    spacing : int, default=3
    decimals : int, default=2
    show_weights : bool, default=False
        Show the (weighted) class counts at the leaves of a classifier.

    Returns
    -------
    report : str

    Examples
    --------
    >>> from ember.learn.tree import DecisionTreeClassifier
    >>> model = DecisionTreeClassifier().fit([[0.0], [1.0]], ["a", "b"])
    >>> print(export_text(model, feature_names=["x"]))
    |--- x <= 0.50
    |   |--- class: a
    |--- x >  0.50
    |   |--- class: b
    <BLANKLINE>
    """
    for name, value, low in (("max_depth", max_depth, 0), ("spacing", spacing, 1),
                             ("decimals", decimals, 0)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"The '{name}' parameter of export_text must be an int in the "
                             f"range [{low}, inf). Got {value!r} instead.")
    check_is_fitted(decision_tree)
    tree = decision_tree.tree_
    classifier = is_classifier(decision_tree)
    feature_names = _names(feature_names, "text")
    if classifier:
        if class_names is None:
            class_names = decision_tree.classes_
        elif len(class_names) != len(decision_tree.classes_):
            raise ValueError(
                "When `class_names` is an array, it should contain as many items as "
                f"`decision_tree.classes_`. Got {len(class_names)} while the tree was fitted "
                f"with {len(decision_tree.classes_)} classes.")
    if feature_names is not None and len(feature_names) != tree.n_features:
        raise ValueError(f"feature_names must contain {tree.n_features} elements, got "
                         f"{len(feature_names)}")
    subtree_depth = _subtree_depths(tree)

    def number(v):
        return "{1:.{0}f}".format(decimals, v)

    lines = []
    stack = [(0, 1, None)]
    while stack:
        node, depth, pending = stack.pop()
        if pending is not None:  # the ">" line between the two subtrees
            lines.append(pending)
            continue
        indent = ("|" + " " * spacing) * depth
        indent = indent[:-spacing] + "-" * spacing
        value = tree.value[node][0] if tree.n_outputs == 1 else tree.value[node].T[0]
        is_leaf = tree.children_left[node] == -1
        if depth > max_depth + 1 and subtree_depth[node] > 1:
            lines.append(f"{indent} truncated branch of depth {subtree_depth[node]}")
        elif not is_leaf and depth <= max_depth + 1:
            f = tree.feature[node]
            name = feature_names[f] if feature_names is not None else f"feature_{f}"
            threshold = number(tree.threshold[node])
            lines.append(f"{indent} {name} <= {threshold}")
            stack.append((tree.children_right[node], depth + 1, None))
            stack.append((None, None, f"{indent} {name} >  {threshold}"))
            stack.append((tree.children_left[node], depth + 1, None))
        elif classifier:
            best = np.argmax(value)
            name = class_names[best] if tree.n_classes[0] != 1 and tree.n_outputs == 1 else best
            weights = ""
            if show_weights:
                counts = value * tree.weighted_n_node_samples[node]
                weights = " weights: [" + ", ".join(number(v) for v in counts) + "]"
            lines.append(f"{indent}{weights} class: {name}")
        else:
            lines.append(f"{indent} value: [" + ", ".join(number(v) for v in value) + "]")
    return "\n".join(lines) + "\n"


def _subtree_depths(tree):
    """Number of levels of the subtree under each node (1 at a leaf)."""
    levels = tree.compute_node_depths()
    below = np.ones(tree.node_count, dtype=np.int64)
    for level in range(levels.max(), 0, -1):  # bottom up, one level at a time
        nodes = np.flatnonzero((levels == level) & (tree.children_left != -1))
        below[nodes] = 1 + np.maximum(below[tree.children_left[nodes]],
                                      below[tree.children_right[nodes]])
    return below
