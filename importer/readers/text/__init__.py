"""Saved text pages (a browser's "save as text", copied page text): :mod:`.reader` is the
engine, :mod:`.layouts` the line patterns of each theme family."""
