"""The autodiff core: tensors, variables, tapes, custom gradients, gradient checks."""

from ._custom_gradient import custom_gradient as custom_gradient
from ._function import Function as Function
from ._function import TensorSpec as TensorSpec
from ._function import function as function
from ._gradcheck import check_gradients as check_gradients
from ._gradcheck import numerical_gradient as numerical_gradient
from ._tape import GradientTape as GradientTape
from ._tape import UnconnectedGradients as UnconnectedGradients
from ._tensor import Tensor as Tensor
from ._tensor import TensorShape as TensorShape
from ._tensor import Variable as Variable
from ._tensor import constant as constant
from ._tensor import convert_to_tensor as convert_to_tensor
from ._tensor import is_tensor as is_tensor

__all__ = [
    "Function",
    "GradientTape",
    "Tensor",
    "TensorShape",
    "TensorSpec",
    "UnconnectedGradients",
    "Variable",
    "check_gradients",
    "constant",
    "convert_to_tensor",
    "custom_gradient",
    "function",
    "is_tensor",
    "numerical_gradient",
]
