"""The optional compiled accelerators of the HTML reader (importer/readers/html/_cindex.pyx), of
the WXR reader (importer/readers/wxr/_cfields.pyx), of the simple HTML to Markdown path
(importer/transforms/_csimple.pyx), of the SQL rows (importer/writers/sql/_crows.pyx) and of the Markdown
writer's dates (importer/writers/markdown/_cdates.pyx).

Everything else is in pyproject.toml. The extension is optional: when it cannot be built (no C
compiler), the install goes on without it and the reader runs its pure-Python code
(importer/readers/html/css.py, importer/readers/wxr/elements.py,
importer/transforms/simple_markdown.py, importer/writers/sql/rows.py, importer/writers/markdown/frontmatter.py),
which gives the same results.
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = [
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

setup(ext_modules=cythonize(extensions, build_dir="build/cython", language_level=3))
