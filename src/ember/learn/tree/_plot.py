"""``plot_tree``: a fitted tree drawn with matplotlib (imported only when drawing).

Leaves take consecutive slots from left to right, each internal node sits
midway over its two children, one row per level; every node is a boxed
annotation with its label (as ``export_graphviz`` writes it) and an arrow from
its parent.
"""

import numpy as np

from ._export import _PLOT_MARKS, _Labeller, _names, _tree_and_criterion


def _layout(tree, max_depth):
    """(x, depth, parent) of every drawn node, keyed by node id, and the number of slots:
    terminal nodes take slots in preorder (left to right), parents are centred."""
    depth = tree.compute_node_depths() - 1
    x, level, parent = {}, {}, {}
    stack = [(0, None)]
    while stack:
        node, up = stack.pop()
        level[node], parent[node] = int(depth[node]), up
        if tree.children_left[node] == -1 or (max_depth is not None and depth[node] > max_depth):
            x[node] = float(len(x))
        else:
            stack.append((tree.children_right[node], node))
            stack.append((tree.children_left[node], node))
    n_slots = len(x)
    for node in sorted(level, reverse=True):  # children have larger ids than their parent
        if node not in x:
            x[node] = (x[tree.children_left[node]] + x[tree.children_right[node]]) / 2
    return x, level, parent, n_slots


def plot_tree(decision_tree, *, max_depth=None, feature_names=None, class_names=None,
              label="all", filled=False, impurity=True, node_ids=False, proportion=False,
              rounded=False, precision=3, ax=None, fontsize=None):
    """Draw a decision tree with matplotlib.

    Parameters
    ----------
    decision_tree : fitted tree estimator or Tree
    max_depth : int, default=None
        Deeper nodes are drawn as grey "(...)" boxes.
    feature_names, class_names, label, filled, impurity, node_ids, proportion, rounded,
    precision : as ``export_graphviz``.
    ax : matplotlib Axes, default=None
        Where to draw (the current axes when None); it is cleared first.
    fontsize : float, default=None
        None fits the boxes to the axes.

    Returns
    -------
    annotations : list of matplotlib.text.Annotation
        One per node (and the "True"/"False" labels under the root).
    """
    import matplotlib.pyplot as plt

    tree, criterion = _tree_and_criterion(decision_tree)
    labeller = _Labeller(tree, criterion, _PLOT_MARKS, feature_names=_names(feature_names, "feature"),
                         class_names=_names(class_names, "class"), label=label,
                         impurity=impurity, node_ids=node_ids, proportion=proportion,
                         precision=precision)
    ax = plt.gca() if ax is None else ax
    ax.clear()
    ax.set_axis_off()
    x, depth, parents, n_slots = _layout(tree, max_depth)
    n_rows = max(depth.values()) + 1

    def position(node):
        return (x[node] + 0.5) / n_slots, (n_rows - depth[node] - 0.5) / n_rows

    common = {"xycoords": "axes fraction"}
    if fontsize is not None:
        common["fontsize"] = fontsize
    annotations = []
    for node in sorted(x):
        cut = max_depth is not None and depth[node] > max_depth
        box = {"boxstyle": "round"} if rounded else {}
        box["fc"] = ("grey" if cut else labeller.fill(node) if filled else ax.get_facecolor())
        text = "\n  (...)  \n" if cut else labeller.text(node)
        style = dict(common, ha="center", va="center", bbox=box, zorder=100 - 10 * depth[node],
                     arrowprops={"arrowstyle": "<-", "edgecolor": plt.rcParams["text.color"]})
        parent = parents[node]
        if parent is None:
            annotations.append(ax.annotate(text, position(node), **style))
            continue
        annotations.append(ax.annotate(text, position(parent), position(node), **style))
        if parent == 0:  # which side is the test's True branch
            middle = tuple(np.add(position(parent), position(node)) / 2)
            left = tree.children_left[0] == node
            annotations.append(ax.annotate("True  " if left else "  False", middle,
                                           ha="right" if left else "left", **common))
    if fontsize is None:
        _fit_fontsize(ax, annotations, n_slots, n_rows)
    return annotations


def _fit_fontsize(ax, annotations, n_slots, n_rows):
    """Scale the font so that the largest box fits in one slot of the grid."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = []
    for annotation in annotations:
        annotation.update_bbox_position_size(renderer)
        patch = annotation.get_bbox_patch()
        if patch is not None:
            boxes.append(patch.get_window_extent())
    if not boxes:
        return
    extent = ax.get_window_extent()
    scale = min(extent.width / n_slots / max(b.width for b in boxes),
                extent.height / n_rows / max(b.height for b in boxes))
    size = annotations[0].get_fontsize() * scale
    for annotation in annotations:
        annotation.set_fontsize(size)
