"""blogimport: rescue old blogs from WordPress exports and saved pages.

The import package is ``importer``; the command is ``blogimport``.
"""

from .api import ConvertOptions, Filters, convert, load, read
from .bulk import batch
from .errors import BlogImportError
from .model import Archive, Author, Comment, Meta, Post, Provenance, Site, Term, TermRef
from .readers import ReadOptions
from .tally import Tally

__version__ = "0.1.0"

__all__ = [
    "Archive",
    "Author",
    "BlogImportError",
    "Comment",
    "ConvertOptions",
    "Filters",
    "Meta",
    "Post",
    "Provenance",
    "ReadOptions",
    "Site",
    "Tally",
    "Term",
    "TermRef",
    "batch",
    "convert",
    "load",
    "read",
]
