"""The learner's record: the progress store (SQLite), attempts, mastery, the review schedule.

No Textual and no course knowledge here: callers pass lesson and exercise ids
and skill tags. Start with ``nntutor.practice.store.ProgressStore``; the rules
are in docs/progress.md.
"""
