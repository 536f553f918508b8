"""``--to wxr``: WordPress eXtended RSS 1.2, the file WordPress's importer takes (see :mod:`.writer`)."""

from .writer import WxrOptions, write_wxr

__all__ = ["WxrOptions", "write_wxr"]
