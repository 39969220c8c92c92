"""The request parser as a LangChain tool: a thin wrapper, the fine-tuned model does the work."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from agent.understand.parse import RequestParser
from agent.understand.request import CustomerRequest


def make_request_tool(parser: RequestParser) -> BaseTool:
    def understand_request(message: str, language: str = "en") -> CustomerRequest:
        """Read a shop customer's message: its acts (browse, order, haggle, shipping, ...), the
        need, budget, quantity, the product it refers to, attributes and contact details.
        ``language``: the conversation's so far (kept by a message too short to tell)."""
        return parser.parse(message, language)

    async def aunderstand_request(message: str, language: str = "en") -> CustomerRequest:
        return await parser.aparse(message, language)

    return StructuredTool.from_function(understand_request, aunderstand_request, name="understand_request")
