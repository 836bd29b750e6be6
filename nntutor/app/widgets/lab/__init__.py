"""The lab's widgets, one per module, and its UI-free training session (session.py)."""
