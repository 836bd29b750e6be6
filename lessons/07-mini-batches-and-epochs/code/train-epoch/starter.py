"""One epoch of mini-batch gradient descent, with the samples shuffled.

X and Y hold the training set, one sample per row (N rows). params is a list of arrays.
grad_fn(X_batch, Y_batch, params) returns the gradients of that batch's mean loss, a
list in the same order as params.

One epoch:
  1. order = rng.permutation(N): a new random order of the sample indices (call it once);
  2. walk through order in slices of batch_size indices; the last slice may be smaller;
  3. for each slice: grads = grad_fn(X[idx], Y[idx], params), then a step
     p ← p − lr·g, so that the next batch sees the updated params.
Return the parameters after the epoch.
"""


def train_epoch(X, Y, params, grad_fn, lr, batch_size, rng):
    """The parameters after one shuffled pass over the training set."""
    raise NotImplementedError("write train_epoch(X, Y, params, grad_fn, lr, batch_size, rng)")
