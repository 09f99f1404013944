// A diagnosis as one self-contained HTML page: the verdict, the charts as
// inline SVG and the per-layer table. Nothing is fetched to view it.
import { escapeXml, svgChart } from './chart/svgChart.js';
import type { Chart } from './chart/chart.js';
import type { Line } from './diagnosis/verdictText.js';
import type { Table } from './table.js';

export interface Report {
  title: string;
  /** What ran. */
  subtitle: string;
  verdict: Line[];
  charts: Chart[];
  table: Table;
}

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; margin-bottom: 0.2rem; }
.subtitle { color: #555; margin-top: 0; }
ul.verdict { padding-left: 1.2rem; }
.good { color: #1a7f37; } .bad { color: #c0392b; }
figure { margin: 1.5rem 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 0.15rem 0.6rem; text-align: right; border-bottom: 1px solid #e4e4e4; }
th:first-child, td:first-child { text-align: left; }
th { position: sticky; top: 0; background: #fafafa; }
`;

export function htmlReport(r: Report): string {
  const verdict = r.verdict.map((l) => `<li class="${l.tone}">${escapeXml(l.text)}</li>`).join('\n');
  const figures = r.charts.map((c) => `<figure>\n${svgChart(c)}\n</figure>`).join('\n');
  const head = r.table.header.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const rows = r.table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeXml(r.title)}</h1>
<p class="subtitle">${escapeXml(r.subtitle)}</p>
<ul class="verdict">
${verdict}
</ul>
${figures}
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
