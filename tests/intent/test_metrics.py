import numpy as np

from agent.intent.metrics import bootstrap_macro_f1, evaluate

LABELS = ["price_inquiry", "shipping", "complaint"]


def test_evaluate_counts_precision_recall_and_macro_f1() -> None:
    true = ["price_inquiry", "price_inquiry", "shipping", "complaint"]
    predicted = ["price_inquiry", "shipping", "shipping", "complaint"]
    report = evaluate(true, predicted, LABELS)
    assert report.accuracy == 0.75
    assert report.precision["shipping"] == 0.5 and report.recall["price_inquiry"] == 0.5
    # F1: price 2/3, shipping 2/3, complaint 1
    assert abs(report.macro_f1 - (2 / 3 + 2 / 3 + 1) / 3) < 1e-9
    assert report.confusion[0, 1] == 1


def _predictions(count: int, wrong_every: int) -> tuple[list[str], list[str]]:
    true = [LABELS[i % 3] for i in range(count)]
    predicted = [LABELS[(i + 1) % 3] if i % wrong_every == 0 else t for i, t in enumerate(true)]
    return true, predicted


def test_bootstrap_interval_surrounds_the_figure_and_narrows_with_more_messages() -> None:
    widths = []
    for count in (60, 600):
        true, predicted = _predictions(count, wrong_every=7)
        scores = bootstrap_macro_f1(true, [predicted], LABELS, rounds=300)
        low, high = np.percentile(scores[:, 0], [2.5, 97.5])
        assert low < evaluate(true, predicted, LABELS).macro_f1 < high
        widths.append(high - low)
    assert widths[1] < widths[0] / 2


def test_bootstrap_scores_methods_on_the_same_resamples() -> None:
    true, better = _predictions(150, wrong_every=20)
    _, worse = _predictions(150, wrong_every=5)
    scores = bootstrap_macro_f1(true, [true, better, worse], LABELS, rounds=200)
    assert scores.shape == (200, 3)
    assert (scores[:, 0] == 1.0).all()
    assert (scores[:, 1] > scores[:, 2]).mean() > 0.95
    again = bootstrap_macro_f1(true, [true, better, worse], LABELS, rounds=200)
    assert (scores == again).all()  # seeded: a bench run can be repeated
