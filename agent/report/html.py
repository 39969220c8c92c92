"""One self-contained HTML file: the text summary and every chart, with plotly.js inlined so it
opens offline (no CDN)."""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio


def write_html(path: Path, title: str, summary_markdown: str, figures: dict[str, go.Figure]) -> Path:
    parts = []
    for number, (key, figure) in enumerate(figures.items()):
        # plotly.js once, in the first chart; the others use it
        inline = pio.to_html(figure, include_plotlyjs=number == 0, full_html=False, div_id=f"chart-{key}")
        parts.append(f'<section class="chart" data-chart="{key}">{inline}</section>')
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}}
pre{{background:#f6f6f6;padding:1rem;white-space:pre-wrap}}.chart{{margin:1.5rem 0}}</style>
</head><body><h1>{html.escape(title)}</h1>
{"".join(parts)}
<h2>Summary</h2><pre>{html.escape(summary_markdown)}</pre>
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
