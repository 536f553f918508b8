"""blogimport: rescue old blogs from WordPress exports and saved pages.

The import package is ``importer``; the command is ``blogimport``.

The names below are imported on first use (``importer.convert`` imports the library API then), so
that ``import importer`` and the command's start cost little when a run needs little.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module (below this package) that defines it
_HOMES = {
    "Archive": "model",
    "Author": "model",
    "BlogImportError": "errors",
    "Comment": "model",
    "ConvertOptions": "api",
    "Filters": "api",
    "Meta": "model",
    "Post": "model",
    "Provenance": "model",
    "ReadOptions": "readers",
    "Site": "model",
    "Tally": "tally",
    "Term": "model",
    "TermRef": "model",
    "batch": "bulk",
    "convert": "api",
    "load": "api",
    "read": "api",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found at once next time
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


if TYPE_CHECKING:  # what type checkers and IDEs see (the aliases say: re-exported)
    from .api import ConvertOptions as ConvertOptions
    from .api import Filters as Filters
    from .api import convert as convert
    from .api import load as load
    from .api import read as read
    from .bulk import batch as batch
    from .errors import BlogImportError as BlogImportError
    from .model import Archive as Archive
    from .model import Author as Author
    from .model import Comment as Comment
    from .model import Meta as Meta
    from .model import Post as Post
    from .model import Provenance as Provenance
    from .model import Site as Site
    from .model import Term as Term
    from .model import TermRef as TermRef
    from .readers import ReadOptions as ReadOptions
    from .tally import Tally as Tally
