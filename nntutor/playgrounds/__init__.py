"""The mathematics behind the lessons' playgrounds, with no user interface (see docs/playgrounds.md).

One module per playground:

- ``neuron``: a = f(w·x + b) for the activations of lesson 2, and f′;
- ``computation_graph`` and ``lesson_graphs``: small computation graphs, walked forward
  node by node, then backward node by node (lesson 5);
- ``gradient_descent``: gradient descent on a curve, a bumpy curve and a 2-D valley (lesson 6);
- ``gradient_comparison``: the learner's derivative beside backprop, the engine's gradient
  and a finite difference (the graph playground's comparison).

Values of formulas come from ``nntutor.course.formula``, the one plain-float evaluator.
Nothing here imports Textual or ``nntutor.app``; NumPy is imported only by
``gradient_comparison.engine_gradient``, when it is called.
"""
