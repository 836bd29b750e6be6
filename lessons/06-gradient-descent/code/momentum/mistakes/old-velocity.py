def momentum_step(params, grads, velocities, lr, beta):
    new_p = [p - lr * v for p, v in zip(params, velocities)]
    new_v = [beta * v + g for v, g in zip(velocities, grads)]
    return new_p, new_v
