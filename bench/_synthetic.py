"""A synthetic catalog of any size, with English and Chinese products, for benchmarks."""

from __future__ import annotations

import csv
import random
from pathlib import Path

_BRANDS = ["Voltix", "Kestrel", "Nimbus", "Aurora", "Lumio", "华光", "墨竹"]
_KINDS = [
    ("Laptops", ["laptop", "ultrabook", "gaming laptop", "笔记本电脑"]),
    ("Headphones", ["headphones", "earbuds", "headset", "降噪耳机"]),
    ("Monitors", ["monitor", "display", "ultrawide screen", "显示器"]),
    ("Smart Home", ["smart plug", "robot vacuum", "door lock", "智能门锁"]),
    ("Wearables", ["smartwatch", "fitness band", "GPS watch", "运动手环"]),
]
_TRAITS = [
    "lightweight",
    "wireless",
    "waterproof",
    "noise-cancelling",
    "4K",
    "budget",
    "pro",
    "compact",
    "长续航",
    "高性价比",
]


def write_catalog(path: Path, count: int, seed: int = 7) -> list[str]:
    """Write ``count`` products to a CSV at ``path``; returns their embedded texts' names."""
    rng = random.Random(seed)
    names = []
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "brand", "category", "price", "stock", "description"])
        for i in range(count):
            category, kinds = rng.choice(_KINDS)
            brand, kind = rng.choice(_BRANDS), rng.choice(kinds)
            traits = rng.sample(_TRAITS, 2)
            name = f"{brand} {traits[0]} {kind} {i}"
            names.append(name)
            description = (
                f"A {traits[0]}, {traits[1]} {kind} from {brand}, model {i}, great for everyday use."
            )
            writer.writerow(
                [
                    f"S-{i:05d}",
                    name,
                    brand,
                    category,
                    f"${rng.randint(10, 2000)}.99",
                    rng.randint(0, 50),
                    description,
                ]
            )
    return names
