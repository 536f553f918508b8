"""The optional compiled parts: the accelerators written in Cython (``.pyx``) and the HTML reader's
Python modules, compiled as they are.

Accelerators: the HTML reader's index (importer/readers/html/_cindex.pyx), the WXR reader's fields
(importer/readers/wxr/_cfields.pyx), the simple HTML to Markdown path
(importer/transforms/_csimple.pyx), the SQL rows (importer/writers/sql/_crows.pyx) and the Markdown
writer's dates (importer/writers/markdown/_cdates.pyx). Each stands for pure-Python code that gives
the same results (importer/readers/html/css.py, importer/readers/wxr/elements.py,
importer/transforms/simple_markdown.py, importer/writers/sql/rows.py,
importer/writers/markdown/frontmatter.py).

The HTML reader's own modules (importer/readers/html/*.py) are also compiled by Cython, unchanged:
the ``.so`` beside each ``.py`` is imported in its place and runs the same code without the
interpreter's dispatch (a read pass of bench/bench_html.py: about 8% fewer instructions). Their
annotations are left unchecked (``annotation_typing``: off), so the compiled module accepts what the
Python one accepts. Edit a ``.py`` and rebuild (``python setup.py build_ext --inplace`` or
``pip install -e .``); tests/test_html_compiled.py fails on a build older than its source.

Everything else is in pyproject.toml. Every extension is optional: when it cannot be built (no C
compiler), the install goes on without it and the Python code runs, with the same results.
"""

import os
from pathlib import Path

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

HTML_READER = Path("importer/readers/html")

accelerators = [
    Extension(
        "importer.readers.html._cindex",
        ["importer/readers/html/_cindex.pyx"],
        include_dirs=lxml.get_include(),
        optional=True,
    ),
    Extension(
        "importer.readers.wxr._cfields",
        ["importer/readers/wxr/_cfields.pyx"],
        include_dirs=lxml.get_include(),
        optional=True,
    ),
    Extension(
        "importer.transforms._csimple",
        ["importer/transforms/_csimple.pyx"],
        optional=True,
    ),
    Extension("importer.writers.sql._crows", ["importer/writers/sql/_crows.pyx"], optional=True),
    Extension(
        "importer.writers.markdown._cdates",
        ["importer/writers/markdown/_cdates.pyx"],
        optional=True,
    ),
]


def compiled_module(source: Path) -> Extension:
    """``source`` (a module of the HTML reader, its package's ``__init__.py`` too) as an extension
    of the same import name."""
    name = ".".join(source.with_suffix("").parts)
    return Extension(name, [str(source)], optional=True)


reader_modules = [compiled_module(source) for source in sorted(HTML_READER.glob("*.py"))]

JOBS = os.cpu_count() or 1  # Cython's translation and the C compiler, one module a core

setup(
    ext_modules=cythonize(accelerators, build_dir="build/cython", language_level=3, nthreads=JOBS)
    + cythonize(
        reader_modules,
        build_dir="build/cython",
        language_level=3,
        compiler_directives={"annotation_typing": False},
        nthreads=JOBS,
    ),
    options={"build_ext": {"parallel": JOBS}},
)
