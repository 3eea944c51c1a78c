"""Bridgework's PySide6 user interface: thin widgets over `course/`."""
