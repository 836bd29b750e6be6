"""A separate process writing to a progress store, for the two-writer and kill -9 tests.

    python writer.py DATA_DIR NAME COUNT GO_FILE

Waits until GO_FILE exists (so that several writers start together), opens the
store and records COUNT rounds (0 = until killed). A round is an attempt on the
writer's own exercise and one on an exercise every writer shares, some time and
a position; the round number is printed only after all of it has returned.
"""

import sys
import time
from pathlib import Path

from nntutor.practice.store import ProgressStore


def main() -> None:
    data_dir, name, count, go = sys.argv[1:5]
    while not Path(go).exists():
        time.sleep(0.001)
    store = ProgressStore.open(Path(data_dir))
    if store.notice:
        print("NOTICE", store.notice, flush=True)
    i = 0
    while int(count) == 0 or i < int(count):
        store.record_attempt(
            "race", name, f"{name}:{i}", i % 2 == 0, skills=["shared", name], duration_s=30
        )
        store.record_attempt(
            "race", "common", f"{name}:{i}", i % 3 == 0, skills=["shared"], duration_s=30
        )
        store.add_time(1.0, "race")
        store.set_position("race", f"{name}:{i}")
        print(i, flush=True)
        i += 1
    store.close()


if __name__ == "__main__":
    main()
