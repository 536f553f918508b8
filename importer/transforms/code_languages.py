"""Language names of WordPress code highlighters, mapped to the names Markdown fences use.

Highlighters spell one language many ways (SyntaxHighlighter's ``jscript``, Crayon's ``c#`` and
``sh``, GeSHi's ``html4strict``, Enlighter's ``golang``). The fence gets one common name, the one
GitHub, Hugo's Chroma and highlight.js all know; a name not in the table is kept as written
(lowercased, reduced to safe characters). The "plain" names mean "no language".
"""

from __future__ import annotations

import re

ALIASES: dict[str, str] = {
    "jscript": "javascript",
    "js": "javascript",
    "ecmascript": "javascript",
    "sh": "bash",
    "shell": "bash",
    "unix": "bash",
    "c#": "csharp",
    "c-sharp": "csharp",
    "cs": "csharp",
    "dotnet": "csharp",
    "c++": "cpp",
    "cc": "cpp",
    "cpp-qt": "cpp",
    "hpp": "cpp",
    "h++": "cpp",
    "c_mac": "c",
    "f#": "fsharp",
    "fs": "fsharp",
    "xhtml": "html",
    "html4strict": "html",
    "html5": "html",
    "markup": "html",
    "xslt": "xml",
    "plist": "xml",
    "py": "python",
    "python3": "python",
    "rb": "ruby",
    "rails": "ruby",
    "ror": "ruby",
    "pl": "perl",
    "as3": "actionscript",
    "actionscript3": "actionscript",
    "as": "actionscript",
    "flash": "actionscript",
    "pas": "pascal",
    "patch": "diff",
    "git": "diff",
    "matlabkey": "matlab",
    "tex": "latex",
    "obj-c": "objectivec",
    "objc": "objectivec",
    "golang": "go",
    "yml": "yaml",
    "ps": "powershell",
    "posh": "powershell",
    "vbs": "vb",
    "visualbasic": "vb",
    "visual-basic": "vb",
    "pgsql": "sql",
    "mysql": "sql",
    "tsql": "sql",
    "plsql": "sql",
    "mariadb": "sql",
    "mssql": "sql",
    "oracledb": "sql",
    "postgresql": "sql",
    "bat": "batch",
    "cmd": "batch",
    "dos": "batch",
    "winbatch": "batch",
    "md": "markdown",
    "gfm": "markdown",
    "htaccess": "apache",
    "apacheconf": "apache",
    "docker": "dockerfile",
    "ts": "typescript",
    "php-brief": "php",
    "java5": "java",
    "ocaml-brief": "ocaml",
    "clj": "clojure",
    "erl": "erlang",
    "cf": "coldfusion",
    "jfx": "javafx",
    "splus": "r",
    "elisp": "emacs-lisp",
}
# Names meaning "plain text": the fence gets "text" so it still says "no highlighting".
PLAIN = frozenset(["plain", "text", "plaintext", "raw", "txt", "none", "nohighlight", "no-highlight"])
# Names meaning "not said" (a plugin's default grammar, not a language the author chose).
UNSPECIFIED = frozenset(["", "generic", "default", "code", "auto", "language", "lang"])
_UNSAFE = re.compile(r"[^\w+#.-]")


def fence_language(name: str | None) -> str:
    """The fence info string for a highlighter's language name ("" when there is none)."""
    if not name:
        return ""
    key = name.strip().lower()
    if key in UNSPECIFIED:
        return ""
    if key in PLAIN:
        return "text"
    key = ALIASES.get(key, key)
    return _UNSAFE.sub("", key)[:40]


def is_language_name(name: str) -> bool:
    """Is ``name`` a language some highlighter knows (used for a lone ``<pre class="php">``)?"""
    key = name.strip().lower()
    return key in ALIASES or key in KNOWN or key in PLAIN


# Languages a lone class can name (GeSHi writes <pre class="php">, SyntaxHighlighter 1.x
# <pre name="code" class="php">). Kept to real grammars so a styling class is not read as one.
KNOWN = frozenset(
    [
        "actionscript",
        "ada",
        "apache",
        "applescript",
        "asm",
        "assembly",
        "awk",
        "bash",
        "basic",
        "batch",
        "c",
        "clojure",
        "cobol",
        "coffeescript",
        "coldfusion",
        "cpp",
        "csharp",
        "css",
        "cuda",
        "d",
        "dart",
        "delphi",
        "diff",
        "django",
        "dockerfile",
        "elixir",
        "elm",
        "emacs-lisp",
        "erlang",
        "fortran",
        "fsharp",
        "go",
        "graphql",
        "groovy",
        "haskell",
        "haxe",
        "html",
        "http",
        "ini",
        "java",
        "javafx",
        "javascript",
        "json",
        "jsx",
        "julia",
        "kotlin",
        "latex",
        "less",
        "lisp",
        "lua",
        "makefile",
        "markdown",
        "matlab",
        "nginx",
        "nim",
        "objectivec",
        "ocaml",
        "pascal",
        "perl",
        "php",
        "powershell",
        "prolog",
        "protobuf",
        "python",
        "r",
        "racket",
        "ruby",
        "rust",
        "sass",
        "scala",
        "scheme",
        "scss",
        "smalltalk",
        "sql",
        "swift",
        "tcl",
        "toml",
        "typescript",
        "vb",
        "vbnet",
        "verilog",
        "vhdl",
        "vim",
        "xml",
        "yaml",
        "zsh",
    ]
)
