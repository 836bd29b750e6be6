"""Backends, the GPU path (skipped without a GPU) and the thread policy."""

import numpy as np
import pytest

from nntutor.engine import ConfigError, TrainConfig, Trainer
from nntutor.engine import backend as backend_module
from nntutor.engine.backend import (
    GpuWarmup,
    cpu_backend,
    gpu_expected,
    gpu_memory_limit,
    gpu_min_flops,
    select_backend,
    step_flops,
)
from nntutor.engine.threads import ThreadPolicy, threads_for


def test_auto_keeps_small_networks_on_the_cpu():
    backend, note = select_backend("auto", step_flops((2, 16, 16, 1), 32))
    assert backend.device == "cpu" and note is None
    assert step_flops((784, 512, 512, 10), 256) == 6 * 256 * (784 * 512 + 512 * 512 + 512 * 10)


def test_auto_crossover_grows_with_the_cpu_cores(monkeypatch):
    monkeypatch.setattr(backend_module, "GPU_CROSSOVERS", {4: 40e6, 16: 130e6})
    assert gpu_min_flops(16) == 130e6  # measured points are used as they are
    assert gpu_min_flops(4) == 40e6
    assert gpu_min_flops(10) == pytest.approx(85e6)  # between them: interpolated
    assert gpu_min_flops(32) == pytest.approx(260e6)  # beyond: in proportion to the cores
    assert gpu_min_flops(1) == backend_module.GPU_MIN_FLOPS_PER_STEP  # never below the floor
    flops = step_flops((64, 256, 256, 10), 256)  # ~130 MFLOP
    assert gpu_expected("auto", flops, cores=4) and not gpu_expected("auto", flops, cores=32)
    assert gpu_expected("gpu", 0, cores=64) and not gpu_expected("cpu", 1e12, cores=1)
    # a network the GPU would win beside few cores stays on the CPU beside many
    assert select_backend("auto", flops, cores=64)[0].device == "cpu"


def test_gpu_warmup_without_a_gpu_says_so_in_both_languages(monkeypatch):
    monkeypatch.setattr(backend_module, "load_cupy", lambda: (None, "CuPy is not installed"))
    warmup = GpuWarmup()
    assert warmup.wait(30)
    assert warmup.error == "CuPy is not installed" and warmup.seconds >= 0
    assert "CuPy is not installed" in warmup.message("en")
    assert "CuPy is not installed" in warmup.message("ru") and "CPU" in warmup.message("ru")
    assert warmup.message("en") != warmup.message("ru")


@pytest.mark.gpu
def test_gpu_warmup_runs_a_step_of_the_configuration():
    warmup = backend_module.warm_up_gpu(TrainConfig(dataset="moons", hidden=(64, 64)))
    assert warmup.wait(120) and warmup.error is None, warmup.error
    assert "GPU" in warmup.message("en") and "GPU" in warmup.message("ru")


def test_gpu_memory_limit_parsing():
    assert gpu_memory_limit({}) == 2 * 1024**3
    assert gpu_memory_limit({"NNTUTOR_GPU_MEMORY": "512MiB"}) == 512 * 1024**2
    assert gpu_memory_limit({"NNTUTOR_GPU_MEMORY": "1.5 GiB"}) == int(1.5 * 1024**3)
    with pytest.raises(ConfigError, match="NNTUTOR_GPU_MEMORY"):
        gpu_memory_limit({"NNTUTOR_GPU_MEMORY": "lots"})


def test_floats_copies_scalars_and_arrays_once():
    backend = cpu_backend()
    assert backend.floats([1, np.float32(2.5), None, np.array([3.0, 4.0])]) == [
        1.0,
        2.5,
        0.0,
        3.0,
        4.0,
    ]


def test_thread_rule():
    assert threads_for(busy=0.0, cores=2) == 2
    assert threads_for(busy=1.0, cores=2) == 1
    assert threads_for(busy=5.0, cores=2) == 1
    assert threads_for(busy=0.3, cores=16) == 16
    policy = ThreadPolicy(requested=1)
    assert policy.fixed and policy.threads == 1
    policy.recheck()
    assert policy.threads == 1
    small = ThreadPolicy(requested=None, largest_product=256 * 64 * 64)
    assert small.threads == 1 and not small.adaptive  # small products: one thread, no sampling
    assert ThreadPolicy(requested=2, largest_product=10).threads == 2


@pytest.mark.gpu
def test_gpu_training_matches_the_cpu():
    def run(device):
        trainer = Trainer(
            TrainConfig(
                dataset="moons",
                samples=300,
                hidden=(16, 16),
                epochs=3,
                device=device,
                dtype="float64",
                dropout=0.0,
                seed=3,
            )
        )
        reports = trainer.fit()
        return trainer, reports

    gpu, gpu_reports = run("gpu")
    cpu, cpu_reports = run("cpu")
    assert gpu.device == "gpu"
    for a, b in zip(gpu_reports, cpu_reports, strict=True):
        assert a.train_loss == pytest.approx(b.train_loss, rel=1e-9)
        assert a.val_acc == b.val_acc
    np.testing.assert_allclose(
        gpu.network.get_weights()[0][0], cpu.network.get_weights()[0][0], atol=1e-9
    )
    assert isinstance(gpu.step(), float)
    assert gpu.predict(np.zeros((3, 2))).shape == (3, 1)
    assert gpu.network.layers[0].snapshot()["z"].shape[1] == 16


@pytest.mark.gpu
def test_gpu_memory_pool_is_bounded(monkeypatch):
    import cupy

    monkeypatch.setenv("NNTUTOR_GPU_MEMORY", "256MiB")
    Trainer(TrainConfig(dataset="xor", samples=100, epochs=1, device="gpu"))
    assert cupy.get_default_memory_pool().get_limit() == 256 * 1024**2
    # the widest pair of layers the settings allow: 8192 × 8192 float32 weights are 256 MiB,
    # and with their gradients they cannot fit in a 256 MiB pool
    with pytest.raises(ConfigError, match="does not fit"):
        Trainer(
            TrainConfig(dataset="xor", samples=100, hidden=(8192, 8192), epochs=1, device="gpu")
        )
