"""The one typed settings object. Built once (``Settings()``) at the entry point and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting, read from ``SALES_*`` environment variables or a ``.env`` file."""

    model_config = SettingsConfigDict(
        env_prefix="SALES_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Shop persona
    shop_name: str = Field("Maple Electronics", description="Shop name the assistant speaks for.")
    tone: str = Field("friendly, concise and honest", description="Tone of voice for answers.")

    # Knowledge and models on disk
    knowledge_sources: list[Path] = Field(
        default_factory=lambda: [Path("knowledge/catalog"), Path("knowledge/faq")],
        description="Files or folders ingested by default (catalogs and FAQ/policy documents).",
    )
    index_dir: Path = Field(Path("var/index"), description="Where the FAISS index and its manifest live.")
    synonyms_file: Path = Field(
        Path("knowledge/synonyms.txt"),
        description="The shop's synonym groups (one per line, terms separated by commas: '酥油, ghee'); "
        "read at start-up and with each new index; none when the file is missing.",
    )
    model_cache_dir: Path = Field(Path(".cache/models"), description="Where rebuilt models are cached.")
    request_model_dir: Path = Field(
        Path("var/models/request"),
        description="The fine-tuned request parser (acts and spans of a customer message).",
    )

    # Retrieval
    retrieval_k: int = Field(5, ge=1, le=50, description="Hits retrieved per query.")
    dense_weight: float = Field(
        0.6, ge=0.0, le=1.0, description="Weight of dense similarity against the keyword score."
    )
    embed_batch_size: int = Field(64, ge=1, description="Texts per embedding batch during ingestion.")

    # LLM
    llm: str = Field(
        "embedded", description="Chat model as provider:model (embedded, gguf:, openai:, hf:, fake)."
    )
    openai_api_key: SecretStr | None = Field(None, description="Key for openai: models.")
    openai_base_url: str | None = Field(None, description="Any OpenAI-compatible server (vLLM, Ollama...).")
    llm_timeout_s: float = Field(60.0, gt=0, description="Timeout of one LLM call.")
    llm_max_retries: int = Field(2, ge=0, description="Retries (with backoff) of a failed LLM call.")
    llm_max_new_tokens: int | None = Field(
        None,
        ge=16,
        description="Longest answer in tokens, sent to every model; default 96 for the fixed "
        "pipeline, 512 for models with tools (tool calls need room).",
    )
    llm_list_answer_tokens: int = Field(
        56,
        ge=16,
        description="Longest answer on the fixed pipeline when the turn found several products: code "
        "lists them after the model's words, so the model writes the lead, not a list of its own.",
    )
    llm_draft_tokens: int = Field(
        360, ge=64, description="Longest draft a salesperson asks for (a script, an email), in tokens."
    )
    llm_tools: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Offer the model tools: auto = only hosted OpenAI (no custom base URL) and fake; "
        "small models (embedded, gguf:, hf:, any custom server) get the fixed pipeline.",
    )
    llm_grammar: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Send each answer's GBNF grammar (references to the turn's records, no digits of "
        "the model's own) to the model's server: auto = the local engine (embedded, gguf:); on = also "
        "an OpenAI-compatible server that takes llama.cpp's 'grammar' field; off = never.",
    )
    search_translation: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Translate a Chinese request into the words of an English catalog before "
        "searching: the CC-CEDICT dictionary always, plus the chat model (one short call) when on; "
        "auto = the model for every model but the fake; off = neither.",
    )
    llm_parallel: int = Field(2, ge=1, le=16, description="Conversations the local engine generates at once.")
    llm_context_tokens: int = Field(4096, ge=512, description="Context of each local engine slot, in tokens.")
    llm_threads: int = Field(0, ge=0, description="CPU threads of the local engine; 0 = every core.")

    # Conversations and sales records
    conversations_db: Path = Field(
        Path("var/conversations.sqlite"), description="LangGraph checkpoints: each conversation's memory."
    )
    sales_db: Path = Field(Path("var/sales.sqlite"), description="Leads and handoff requests.")
    history_messages: int = Field(
        8, ge=2, description="Recent messages sent to a model with tools; older turns live on in the profile."
    )
    pipeline_history_messages: int = Field(
        3,
        ge=1,
        description="Recent messages sent to a model on the fixed pipeline (small models copy old answers).",
    )

    # Orders history and demand forecast (agent/insights)
    orders_db: Path = Field(Path("var/orders.sqlite"), description="Orders history (ingest.py --orders).")
    forecast_weeks: int = Field(4, ge=1, le=26, description="Weeks ahead the demand forecast covers.")
    restock_lead_weeks: int = Field(
        4, ge=1, le=26, description="Weeks a restock takes: stock short of the demand over it is flagged."
    )

    # The Chainlit app
    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("SALES_DATABASE_URL", "DATABASE_URL"),
        description="The one database a cluster of app workers shares (postgresql://...): chat history, "
        "agent memory, leads, handoffs, analytics, rate limits, published knowledge. Default: SQLite in var/.",
    )
    chat_db: Path = Field(
        Path("var/chainlit.sqlite"), description="SQLite chat history when no DATABASE_URL."
    )
    users_file: Path = Field(Path("var/users.json"), description="Staff logins: hashed passwords and roles.")
    allowed_origins: list[str] = Field(
        default_factory=lambda: ["http://127.0.0.1:8001", "http://localhost:8001"],
        description="Shop pages allowed to embed the chat widget; every other origin is refused.",
    )
    upload_dir: Path = Field(Path("var/uploads"), description="Catalog and FAQ files uploaded by admins.")
    max_upload_mb: int = Field(20, ge=1, description="Largest file an admin may upload.")
    max_message_chars: int = Field(4000, ge=10, description="Longest chat message; longer ones are refused.")
    session_messages_per_minute: int = Field(20, ge=1, description="Customer messages per conversation.")
    redact_transcripts: bool = Field(
        True, description="Store chat history and logs with emails, phones and card numbers redacted."
    )
    retention_days: int = Field(
        365, ge=0, description="Conversations older than this are deleted (at start-up, daily); 0 keeps all."
    )
    ip_messages_per_minute: int = Field(60, ge=1, description="Customer messages per client address.")

    # Live handoff to a person (agent/handoff)
    opening_hours: str = Field(
        "Mon-Fri 09:00-18:00",
        description="When salespeople answer live, e.g. 'Mon-Fri 09:00-18:00, Sat 10:00-14:00' "
        "(told to a customer who asks for a person outside them).",
    )
    opening_timezone: str = Field("UTC", description="IANA time zone of opening_hours, e.g. Europe/Berlin.")

    # Branding of the widget and the app (agent/branding)
    assistant_name: str = Field(
        "", description="The assistant's display name in the chat; default: '<shop name> Assistant'."
    )
    brand_logo_light: str | None = Field(None, description="Logo URL (or /public/ path), light backgrounds.")
    brand_logo_dark: str | None = Field(None, description="Logo URL (or /public/ path) on dark backgrounds.")
    brand_color: str = Field("#b22222", pattern=r"^#[0-9a-fA-F]{6}$", description="Primary colour, #rrggbb.")
    privacy_url: str | None = Field(None, description="The shop's privacy notice, linked under the chat box.")
    footer_text: str | None = Field(
        None, description="The line under the chat box; default: '<shop> assistant · Privacy'."
    )

    @model_validator(mode="after")
    def _name_from_the_shop(self) -> Settings:
        """The assistant is named after the shop unless it is given its own name."""
        if not self.assistant_name.strip():
            self.assistant_name = f"{self.shop_name} Assistant"
        return self

    def all_knowledge_sources(self) -> list[Path]:
        """What ingestion reads: the configured sources plus files admins uploaded in the app."""
        uploaded = [self.upload_dir] if self.upload_dir.is_dir() and any(self.upload_dir.iterdir()) else []
        return [*self.knowledge_sources, *uploaded]

    @property
    def chat_database_url(self) -> str:
        url = self.database_url or f"sqlite+aiosqlite:///{self.chat_db.absolute()}"
        # Accept the usual postgres:// form; the async engine needs its driver named.
        for plain in ("postgres://", "postgresql://"):
            if url.startswith(plain):
                return "postgresql+asyncpg://" + url.removeprefix(plain)
        return url

    @property
    def e5_model_dir(self) -> Path:
        from agent.e5.rebuild import MODEL_DIR_NAME

        return self.model_cache_dir / MODEL_DIR_NAME
