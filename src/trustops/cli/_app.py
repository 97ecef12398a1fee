"""The ``trustops`` click group and its global options."""

from __future__ import annotations

import click

from ._cmd_effects import effects
from ._cmd_metrics import metrics
from ._cmd_report import report
from ._cmd_sample import sample
from ._cmd_schema import schema
from ._cmd_score import score
from ._cmd_validate import validate
from ._ui import Ui

__all__ = ["cli"]

_EPILOG = """\b
Examples:
  trustops report --out report.html        # the bundled sample programme
  trustops sample data/                    # write the sample as files
  trustops validate data/ --rejects rejects.jsonl
  trustops metrics data/ --period month --format csv --out metrics.csv
  trustops score data/ --format json
  trustops effects data/ --outcome trust_mean_score
  cat new.jsonl | trustops validate - --type interactions
  trustops schema interactions

Exit status: 0 success, 1 data problems (rejected records, nothing to compute),
2 usage errors (unknown option, missing file).
"""


@click.group(
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="trustops", prog_name="trustops")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bars and no notes on standard error; outputs and exit status unchanged.",
)
@click.pass_context
def cli(ctx: click.Context, quiet: bool) -> None:
    """Typed records, engagement metrics and explainable trust scores for community trust
    programmes.

    FILES arguments may be record files named after their kind (interactions.jsonl,
    areas.csv, ...), folders of such files, or - for JSON Lines on standard input (with
    --type). Progress bars show on a terminal only.
    """
    ctx.obj = Ui(quiet=quiet)


for _command in (sample, validate, metrics, score, effects, report, schema):
    cli.add_command(_command)
