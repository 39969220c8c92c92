"""Intent classification: a multilingual BERT fine-tuned here, packaged like a Hugging Face model."""

from agent.intent.data import LABELS, IntentDataError, IntentExample, load_examples
from agent.intent.modeling import IntentClassifier, IntentPrediction

__all__ = [
    "LABELS",
    "IntentClassifier",
    "IntentDataError",
    "IntentExample",
    "IntentPrediction",
    "load_examples",
]
