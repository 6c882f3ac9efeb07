"""briefgen: annotated source documents -> a printable policy briefing memo.

The pipeline, one module a stage: workspace (read) -> annotations (parse spans) ->
merge (one summary model) -> render/* (one module per format), driven by cli.
"""


def __getattr__(name: str) -> str:
    """`briefgen.__version__`, read from the installed package's metadata when first
    asked for: importing importlib.metadata on every start would slow every command."""
    if name != "__version__":
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefgen")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"
