"""The national-scale benchmark (issue 7): run with `python -m benchmarks.run`.

Not part of the test run: pytest collects tests/ only.
"""
