"""The intent classifier as a LangChain tool: a thin wrapper, the model does the work."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from agent.batching import MicroBatcher
from agent.intent.modeling import IntentClassifier, IntentPrediction


def make_intent_tool(classifier: IntentClassifier) -> BaseTool:
    # Messages from concurrent conversations are classified in one forward pass.
    predict: MicroBatcher[str, IntentPrediction] = MicroBatcher(classifier.predict, name="intent")

    def classify_intent(message: str) -> dict[str, object]:
        """Classify what a shop customer wants (chitchat, product_recommendation, price_inquiry, ...)."""
        return _as_output(predict(message))

    async def aclassify_intent(message: str) -> dict[str, object]:
        return _as_output(await predict.acall(message))

    return StructuredTool.from_function(classify_intent, aclassify_intent, name="classify_intent")


def _as_output(prediction: IntentPrediction) -> dict[str, object]:
    return {"intent": prediction.intent, "confidence": round(prediction.confidence, 4)}
