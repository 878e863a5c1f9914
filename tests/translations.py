"""Chinese translations for tests, written into a course copy in the format of source/<id>/zh-CN.toml.

The course's own translations are written by people; these tests need one that is complete and current. Three
cells of 02 are translated for real (the feedback page and the screenshots show them); every other cell gets a
marked stand-in, so that the tests see which text came from the translation.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder import catalogue, translation

STAND_IN = "【中文】"

CHINESE = {
    ("02_single_example_gd", "markdown-1"): """# 单个样本上的梯度下降

上一次作业里，你推导出了单个神经元损失函数的每一个导数。现在让它们派上用场：前向传播算出预测值，反向传播算出各个导数，
再用一次更新把参数朝下坡方向挪一小步。把这三步反复做下去，损失就会不断减小。

**你要完成的内容**

| 练习 | 函数 | 计算什么 | 分值 |
|---|---|---|---|
| 1 | `forward(x1, x2, w1, w2, b)` | 一个样本的预测值 $a$ | 2 |
| 2 | `backward(x1, x2, a, y)` | 导数 $dw_1$、$dw_2$、$db$ | 3 |
| 3 | `update(params, grads, alpha)` | 一步梯度下降 | 2 |

共 7 分，全部自动评分。""",
    ("02_single_example_gd", "markdown-3"): r"""## 1. 问题设定

一个训练样本有两个特征 $x_1, x_2$ 和一个标签 $y \in \{0, 1\}$。这个神经元有三个参数：权重 $w_1, w_2$ 和偏置 $b$。
准备单元里已经给出了作业 1 中的四个函数：`sigmoid`、`loss`、`numerical_derivative` 和 `gradient_check`。""",
    ("02_single_example_gd", "markdown-5"): r"""## 2. 前向传播

前向传播沿着计算图从左往右走：

$$z = w_1 x_1 + w_2 x_2 + b, \qquad a = \sigma(z).$$

在这个例子里，$z = 0.5 - 0.5 + 0.1 = 0.1$，$a = \sigma(0.1) \approx 0.5250$：神经元认为是 “1” 的把握只比 “0” 略大一点。""",
}


def stand_in(english: str) -> str:
    """The English text marked as translated; a heading stays a heading (the feedback page names exercises by them)."""
    import re

    return re.sub(r"^(#{1,6}\s+)?", lambda m: (m.group(1) or "") + STAND_IN, english, count=1)


def toml_literal(text: str) -> str:
    """`text` as a TOML multi-line literal string (no escapes: LaTeX backslashes stay as written)."""
    assert "'''" not in text
    return f"'''\n{text}\n'''"


def write(root: Path, assignment_id: str) -> Path:
    """A complete, current zh-CN.toml for the assignment in the course at `root`."""
    assignment = catalogue.load(root).get(assignment_id)
    nb = nbformat.read(root / "source" / assignment_id / assignment.notebook, as_version=4)
    tables = []
    for cell in nb.cells:
        if translation.translatable(cell):
            zh = CHINESE.get((assignment_id, cell.id), stand_in(cell.source))
            tables.append(f'[cells."{cell.id}"]\nen = "{translation.fingerprint(cell.source)}"\nzh = {toml_literal(zh)}\n')
    path = root / "source" / assignment_id / translation.FILE
    path.write_text("# one table per translated markdown cell\n\n" + "\n".join(tables), encoding="utf-8")
    return path


def set_roster(root: Path, chinese: list[str]) -> None:
    """The course's roster of Chinese-reading students, in the catalogue of the course at `root`."""
    import re

    path = root / catalogue.CATALOGUE
    text, count = re.subn(r'(?m)^"zh-CN" = \[.*\]$', f'"zh-CN" = {chinese!r}'.replace("'", '"'), path.read_text())
    assert count == 1
    path.write_text(text)
