"""Which catalog names name a kind of product rather than one product.

Real catalogs have products called just "Face Wash" or "Green Tea" beside "Neem Face Wash" and
"Green Tea Bags". A customer (or a model) writing "face wash" means the kind; only a name that few
other names contain points at one product.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

KIND_AFTER = 3  # other names holding a name: then it names a kind
_LONGEST = 6  # words: longer names are never inside other names in practice


def kind_names(names: Iterable[str]) -> frozenset[str]:
    """The names (normalised as given: case-folded, single spaces) that at least ``KIND_AFTER``
    other distinct names contain as whole words. One pass over each name's word runs."""
    distinct = {n for n in names if n}
    holders: Counter[str] = Counter()
    for name in distinct:
        words = name.split()
        runs = {
            " ".join(words[start:end])
            for start in range(len(words))
            for end in range(start + 1, min(len(words), start + _LONGEST) + 1)
        }
        holders.update(runs - {name})
    return frozenset(n for n in distinct if holders[n] >= KIND_AFTER)
