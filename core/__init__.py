"""Foundation shared by every layer: settings, bundled-asset assembly, small helpers.

``core`` imports no other project package (checked by import-linter).
"""
