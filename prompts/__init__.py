"""The prompt text files, shipped inside the package as ``agent.prompt_files`` (see pyproject.toml)."""
