"""validate's settings: [tool.blogimport.validate] in pyproject.toml, [validate] in .blogimport.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from importer.errors import UsageError
from importer.validate.config import ValidateConfig, load_config, with_options


def test_no_config_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(directory=tmp_path) == ValidateConfig()


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.blogimport.validate]\nignore = ["BI302", "mojibake"]\nstrict = true\n'
    )
    config = load_config(directory=tmp_path)
    assert config.ignore == {"BI302", "BI021"}
    assert config.strict is True
    assert config.source == str(tmp_path / "pyproject.toml")


def test_dot_blogimport_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.blogimport.validate]\nignore = ["BI302"]\n')
    (tmp_path / ".blogimport.toml").write_text('[validate]\nignore = ["BI301"]\nformat = "github"\n')
    config = load_config(directory=tmp_path)
    assert config.ignore == {"BI301"} and config.format == "github"


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(directory=tmp_path) == ValidateConfig()


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('ignore = ["BI999"]', "unknown finding code"),
        ("strict = 1", "'strict' must be true or false"),
        ('format = "xml"', "'format' must be one of"),
        ("colour = true", "unknown validate setting"),
        ("ignore = 3", "must be a list"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, table: str, complaint: str) -> None:
    (tmp_path / ".blogimport.toml").write_text(f"[validate]\n{table}\n")
    with pytest.raises(UsageError, match=complaint):
        load_config(directory=tmp_path)


def test_invalid_toml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".blogimport.toml").write_text("[validate\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_config(directory=tmp_path)


def test_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        load_config(str(tmp_path / "missing.toml"))


def test_command_line_options_add_to_the_file() -> None:
    base = ValidateConfig(frozenset({"BI302"}), False, "text")
    merged = with_options(base, strict=True, ignore=("BI021,duplicate-slug",), fmt="junit")
    assert merged.ignore == {"BI302", "BI021", "BI301"}
    assert merged.strict and merged.format == "junit"
    with pytest.raises(UsageError, match=r"^ignore: unknown finding code 'nonsense'"):
        with_options(base, ignore=("nonsense",))
