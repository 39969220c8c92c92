"""Embed product catalogs and FAQ documents into the FAISS index. See ``--help``."""

from agent.ingestion.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
