def momentum_step(params, grads, velocities, lr, beta):
    new_v = [beta * v + (1 - beta) * g for v, g in zip(velocities, grads)]
    new_p = [p - lr * v for p, v in zip(params, new_v)]
    return new_p, new_v
