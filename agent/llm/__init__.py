"""Chat models: one factory (``make_chat_model``) for hosted, local and fake models."""
