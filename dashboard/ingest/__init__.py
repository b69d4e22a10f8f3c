"""Importing files: read -> normalise -> validate -> stage -> commit, all or nothing.

One module per step (reading, normalise, columns, matching) and one per kind of file
(registry, scores); `framework.run_import` ties them together and `undo.undo_batch` removes a
batch exactly.
"""
