"""Bridgework's domain: courses, grading, rendering and the private progress store.

Pure Python. Nothing in this package imports PySide6 or `ui`; tests enforce it.
"""

__version__ = "0.1.0"
