"""Project-specific import-linter contracts (registered in ``pyproject.toml``)."""
