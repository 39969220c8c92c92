"""``python -m agent.llm``: build (once) the embedded chat model and print its folder."""

from agent.llm.embedded import ensure_embedded_llm
from agent.settings import Settings


def main() -> None:
    print(ensure_embedded_llm(Settings().model_cache_dir))


if __name__ == "__main__":
    main()
