"""briefgen: annotated source documents -> a printable policy briefing memo.

The pipeline, one module a stage: workspace (read) -> annotations (parse spans) ->
merge (one summary model) -> render/* (one module per format), driven by cli.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
