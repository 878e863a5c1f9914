"""One set of terms: the variants docs/glossary.md says the course does not use appear nowhere in its Chinese text
(the notebooks' translations, the Chinese of their code cells, the message catalogue), and the conventions a
program can check hold there: no space before a percent sign, formulas' words translated inside \\text{}, no
half-width space beside full-width punctuation or between two Chinese characters."""

from __future__ import annotations

import re
import tomllib

import pytest

from autograder import i18n, translation
from tests.conftest import REPO

GLOSSARY = REPO / "docs" / "glossary.md"
CJK = "\u4e00-\u9fff"
FULL_WIDTH = "，。：；、！？（）“”‘’《》"
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)
PERCENT = re.compile(r"\d %")
# Words in a formula are Chinese; names of the code stay as they are (the argument `dim`, `W_next`'s "next").
ENGLISH_IN_FORMULA = re.compile(r"\\text\{(?!(?:dim|next)\})[^{}]*[A-Za-z]{2,}[^{}]*\}")
STRAY_SPACE = re.compile(rf"[{CJK}{FULL_WIDTH}] +[{CJK}{FULL_WIDTH}]|[{FULL_WIDTH}] +\S|\S +[{FULL_WIDTH}]")


def variants() -> list[str]:
    """The first column of the glossary's table of variants the course does not use."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## 不用的译法", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")]
    return [row for row in rows[1:] if row]  # the header row names the columns


def chinese_texts() -> dict[str, str]:
    """Every Chinese text of the course, by where it is: markdown cells, code cells' fragments, messages."""
    found = {}
    for path in sorted((REPO / "source").glob(f"*/{translation.FILE}")):
        where = path.relative_to(REPO)
        for cell, entry in translation.load(path).items():
            found[f"{where} {cell}"] = entry.zh
        for cell, pairs in translation.load_code(path).items():
            for number, (_, chinese) in enumerate(pairs, start=1):
                found[f"{where} {cell} [code {number}]"] = chinese
    for key, message in i18n.catalogue("zh-CN").items():
        found[f"autograder/locale/zh-CN.toml {key}"] = message
    return found


def test_the_glossary_lists_the_variants_it_forbids():
    found = variants()
    assert {"前向传播", "贯穿示例", "**参数**："} <= set(found) and len(found) == len(set(found))


def test_no_forbidden_variant_appears_in_the_chinese_text():
    texts = chinese_texts()
    assert len(texts) > 400
    used = [(where, variant) for where, text in texts.items() for variant in variants() if variant in text]
    assert used == []


@pytest.mark.parametrize("rule, pattern", [("a space before %", PERCENT),
                                           ("English inside \\text{} of a formula", ENGLISH_IN_FORMULA)])
def test_the_checkable_conventions_hold(rule, pattern):
    broken = [(where, found.group(0)) for where, text in chinese_texts().items()
              for found in pattern.finditer(text)]
    assert broken == [], rule


def test_no_stray_half_width_space_in_chinese_prose():
    """Outside code and math: no space between two Chinese characters or beside full-width punctuation."""
    broken = []
    for where, text in chinese_texts().items():
        prose = MATH.sub("$", CODE.sub("`", text))
        broken += [(where, found.group(0)) for line in prose.splitlines() if not line.lstrip().startswith("#")
                   for found in STRAY_SPACE.finditer(line.strip())]
    assert broken == []


def test_the_catalogue_header_keeps_its_comment_lines_out_of_the_messages():
    """A sanity check of what is read: the catalogue's comments are not messages."""
    raw = tomllib.loads((REPO / "autograder" / "locale" / "zh-CN.toml").read_text(encoding="utf-8"))
    assert "grammar" in raw and not any(key.startswith("#") for key in i18n.catalogue("zh-CN"))
