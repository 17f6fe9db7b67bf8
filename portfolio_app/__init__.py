"""Learner Portfolio: an offline wallet for digital badges and micro-credentials."""

__version__ = "0.1.0"
