"""The consultation: per-turn state, rules decided in code, and the LangChain agent around them."""
