"""Skills and mastery levels as a learner reads them, in every interface language.

Lessons tag exercises with skill ids (``backprop``, ``mini-batch``); the progress screen shows
their names. A skill missing here is shown as its id with spaces for hyphens.
"""

from __future__ import annotations

from nntutor.i18n import Messages, t

SKILLS = Messages(
    "skills",
    {
        "activation": "activation functions",
        "activation-derivatives": "derivatives of activations",
        "architectures": "architectures",
        "autodiff": "automatic differentiation",
        "backprop": "backpropagation",
        "bias-variance": "bias and variance",
        "chain-rule": "chain rule",
        "computation-graph": "computation graph",
        "cross-entropy": "cross-entropy",
        "dropout": "dropout",
        "early-stopping": "early stopping",
        "epochs": "epochs",
        "forward-pass": "forward pass",
        "frameworks": "frameworks",
        "gradient-descent": "gradient descent",
        "hardware": "hardware",
        "initialisation": "initialisation",
        "layers": "layers",
        "learning-rate": "learning rate",
        "loss": "loss functions",
        "loss-curves": "loss curves",
        "mini-batch": "mini-batches",
        "momentum": "momentum",
        "mse": "mean squared error",
        "neuron": "the neuron",
        "nn-cost": "cost of neural networks",
        "nn-problems": "problems of neural networks",
        "nn-strengths": "strengths of neural networks",
        "optimizers": "optimizers",
        "overfitting": "overfitting",
        "regularisation": "regularisation",
        "sgd": "stochastic gradient descent",
        "shapes": "tensor shapes",
        "softmax": "softmax",
        "stopping": "when to stop training",
        "tensors": "tensors",
        "training-infrastructure": "training infrastructure",
        "transfer-learning": "transfer learning",
        "universal-approximation": "universal approximation",
        "validation": "validation",
        "vanishing-gradients": "vanishing gradients",
    },
)

LEVEL_NAMES = Messages(
    "levels",
    {
        "new": "new",
        "learning": "learning",
        "familiar": "familiar",
        "proficient": "proficient",
        "mastered": "mastered",
    },
)


def skill_name(skill: str, lang: str) -> str:
    """The name of ``skill`` in ``lang``; an unknown id reads as its words."""
    if skill in SKILLS:
        return t(skill, lang, SKILLS)
    return skill.replace("-", " ")


def level_name(level: str, lang: str) -> str:
    """A mastery level (``familiar`` …) in ``lang``."""
    return t(level, lang, LEVEL_NAMES) if level in LEVEL_NAMES else level
