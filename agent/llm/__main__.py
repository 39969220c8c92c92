"""``python -m agent.llm [0.5b|1.5b]``: join (once) an embedded GGUF model and print its path."""

import argparse

from agent.llm.embedded import EMBEDDED_MODELS, ensure_embedded_gguf
from agent.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m agent.llm", description=__doc__)
    parser.add_argument("size", nargs="?", default="0.5b", choices=list(EMBEDDED_MODELS))
    print(ensure_embedded_gguf(Settings().model_cache_dir, parser.parse_args().size))


if __name__ == "__main__":
    main()
