#!/usr/bin/env python3
"""Draws docs/benchmarks-load.svg from benchmarks/results/load.csv: each variant's throughput and p99 latency
as a ratio to the no-session baseline of the same run. Standard library only."""
import csv
import sys
from html import escape

src = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/load.csv"
out = sys.argv[2] if len(sys.argv) > 2 else "docs/benchmarks-load.svg"
with open(src, newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["variant"] != "none"]

bar_h, gap, label_w, plot_w, top = 18, 10, 210, 360, 56
panel_h = len(rows) * (bar_h + gap)
height = top + 2 * panel_h + 90
width = label_w + plot_w + 80
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="10" y="22" font-size="15" font-weight="bold">End to end over HTTP (wrk, loopback): ratio to no session, same run</text>']

def panel(y0, key, title, better, color):
    scale_max = max(1.0, max(float(r[key]) for r in rows)) * 1.1
    svg.append(f'<text x="10" y="{y0 - 12}" font-weight="bold">{escape(title)} ({escape(better)})</text>')
    for i, r in enumerate(rows):
        y = y0 + i * (bar_h + gap)
        v = float(r[key])
        w = plot_w * v / scale_max
        svg.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{escape(r["variant"])}</text>')
        svg.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
        svg.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 13}">{v:.2f}×</text>')
    x1 = label_w + plot_w / scale_max
    svg.append(f'<line x1="{x1:.1f}" y1="{y0 - 4}" x2="{x1:.1f}" y2="{y0 + panel_h - gap + 4}" stroke="#444" stroke-dasharray="4 3"/>')
    svg.append(f'<text x="{x1 + 3:.1f}" y="{y0 + panel_h + 8}" fill="#444">1.0 = no session</text>')

panel(top + 20, "rps_ratio", "Requests/s", "higher is better", "#2b7bb9")
panel(top + panel_h + 70, "p99_ratio", "p99 latency", "lower is better", "#d9822b")
svg.append("</svg>")
with open(out, "w") as f:
    f.write("\n".join(svg) + "\n")
print(f"chart: {out}")
