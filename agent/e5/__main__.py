"""``python -m agent.e5``: build (once) and print the rebuilt model folder."""

from agent.e5.rebuild import ensure_e5_model
from agent.settings import Settings


def main() -> None:
    settings = Settings()
    print(ensure_e5_model(settings.model_cache_dir))


if __name__ == "__main__":
    main()
