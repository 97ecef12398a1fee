"""Sphinx configuration for the trustops documentation."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "trustops"
author = "trustops developers"
copyright = "2026, trustops developers"
release = _version("trustops")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
]
# copy commands and code without prompts or doctest output
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = f"trustops {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}
autoclass_content = "class"

# The builds run offline, so no intersphinx: references to outside types are not resolved.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(pendulum|attrs|attr|cattrs|cattr|datetime|collections|typing|enum|decimal)\..*"),
    (
        r"py:.*",
        r"(DateTime|Date|Duration|Interval|Attribute|Converter|Path|PathLike|IO|BinaryIO|TextIO)",
    ),
    (r"py:.*", r"(_S|_T|T|TypeVar|ellipsis|NoneType|Any|Self)"),
    (
        r"py:.*",
        r"(os|io|pathlib|json|tomllib|hashlib|hmac|fractions|click|rich|matplotlib|hypothesis)\..*",
    ),
    (r"py:.*", r"trustops\..*\._.*"),
    (r"py:.*", r"(pyspark|pyarrow|py4j)\..*"),
    (r"py:.*", r"(DataFrame|SparkSession|Column|RecordBatch)"),
]

# Docstring examples (plain ">>>" blocks) are run by pytest --doctest-modules with their
# module's names in scope; the doctest builder runs the explicit {doctest} blocks of the pages.
doctest_test_doctest_blocks = ""

# Each page runs in a fresh empty folder, as a reader following it would (and as
# tests/test_docs.py runs it): files a page writes never land in the repository.
doctest_global_setup = """
import os as _os
import tempfile as _tempfile

import pendulum
import trustops

_docs_folder = _os.getcwd()
_os.chdir(_tempfile.mkdtemp(prefix="trustops-docs-page-"))
"""
doctest_global_cleanup = """
_os.chdir(_docs_folder)
"""


def setup(app: object) -> dict[str, bool]:
    """Register the ``metric-definitions`` directive: the table of definitions, generated
    from the metric registry (:data:`trustops.metrics.METRICS`), so it is never typed twice."""
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    from trustops.metrics import METRICS

    class MetricDefinitions(SphinxDirective):
        has_content = False

        def run(self) -> list[object]:
            lines = [
                "| metric | title | kind | formula | range | n | missing when |",
                "|---|---|---|---|---|---|---|",
            ]
            for m in METRICS.values():
                lines.append(
                    f"| `{m.name}` | {m.title} | {m.kind.value} | {m.definition} "
                    f"| {m.value_range} | {m.n} | {m.missing_when} |"
                )
            container = nodes.container()
            self.state.nested_parse(StringList(lines, "trustops.metrics.METRICS"), 0, container)
            return list(container.children)

    from docutils import nodes

    app.add_directive("metric-definitions", MetricDefinitions)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True}
