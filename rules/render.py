"""Moved to :mod:`rules.present.text`; this name is kept so that existing imports work."""

from rules.present.text import render, render_text

__all__ = ["render", "render_text"]
