def sgd_step(params, grads, lr):
    return [-lr * g for g in grads]
