"""``python -m agent.llm``: join (once) the embedded GGUF model and print its path."""

from agent.llm.embedded import ensure_embedded_gguf
from agent.settings import Settings


def main() -> None:
    print(ensure_embedded_gguf(Settings().model_cache_dir))


if __name__ == "__main__":
    main()
