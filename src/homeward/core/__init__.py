"""Framework-free domain library of Homeward.

Nothing in this package may import Django (enforced by import-linter): it is what a data
scientist can use from a notebook, and what the Django apps call.
"""
