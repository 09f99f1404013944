// A chart in the terminal: one text column per layer (several layers per
// column only when the network is wider than the terminal), whole decades on
// the y axis. Braille dots give four dot rows per text row; markers (one per
// series) are used in plain ASCII, and when several series share a chart
// without colours to tell them apart. Predicted series are left to the table
// and the SVG: in a terminal they would hide the measured ones.
import { paint, type Colour } from '../paint.js';
import { chartDepth, chartValues, type Chart } from './chart.js';
import { decadeRange, layerTicks } from './scale.js';

export interface TerminalChartOptions {
  ascii: boolean;
  color: boolean;
  /** Width available for the whole chart, axis labels included. */
  columns: number;
  /** Text rows of the plotting area. */
  rows: number;
}

// The bit of each dot of a braille cell (U+2800 + bits), by [dot row][dot column].
const DOT = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];
const BRAILLE = 0x2800;
const MARKERS = { unicode: ['●', '○', '◆', '◇', '▲', '△'], ascii: ['*', 'o', 'x', '#', '@', '%'] };
const SERIES_COLOURS: Colour[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];
const MIN_PLOT_COLUMNS = 10;

interface Cell {
  bits: number;
  marker: string;
  /** The series that drew here first, or -1. */
  series: number;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function decadeLabel(exponent: number, ascii: boolean): string {
  return ascii ? `1e${exponent}` : `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

export function renderTerminalChart(chart: Chart, o: TerminalChartOptions): string {
  const series = chart.series.filter((s) => !s.predicted);
  const depth = chartDepth(chart);
  const range = decadeRange(chartValues(chart, (s) => !s.predicted), Math.max(2, Math.floor(o.rows / 2)));
  const labels = new Map(range.ticks.map((t) => [t, decadeLabel(t, o.ascii)]));
  const labelWidth = Math.max(...[...labels.values()].map((l) => l.length));
  const perColumn = Math.ceil(depth / Math.max(MIN_PLOT_COLUMNS, o.columns - labelWidth - 2));
  const width = Math.ceil(depth / perColumn);
  const braille = !o.ascii && (series.length === 1 || o.color);
  const markerOf = (i: number) => MARKERS[o.ascii ? 'ascii' : 'unicode'][i % MARKERS.ascii.length]!;
  const colourOf = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;
  const dotRows = o.rows * (braille ? 4 : 1);
  const dotRowOf = (v: number) => Math.round(((range.max - v) / (range.max - range.min)) * (dotRows - 1));
  // A column shows the last layer it covers.
  const valueAt = (values: (number | null)[], column: number) => values[Math.min(depth, (column + 1) * perColumn) - 1] ?? null;

  const cells: Cell[][] = Array.from({ length: o.rows }, () => Array.from({ length: width }, () => ({ bits: 0, marker: '', series: -1 })));
  const dot = (row: number, column: number, half: 0 | 1, s: number) => {
    const cell = cells[Math.floor(row / 4)]![column]!;
    cell.bits |= DOT[row % 4]![half]!;
    if (cell.series < 0) cell.series = s;
  };
  series.forEach((s, i) => {
    for (let c = 0; c < width; c++) {
      const v = valueAt(s.values, c);
      if (v === null) continue;
      const r = dotRowOf(v);
      if (!braille) {
        // Where series meet, the first one drawn stays visible.
        const cell = cells[r]![c]!;
        if (cell.series < 0) Object.assign(cell, { marker: markerOf(i), series: i });
        continue;
      }
      dot(r, c, 0, i);
      dot(r, c, 1, i);
      const next = c + 1 < width ? valueAt(s.values, c + 1) : null;
      if (next === null) continue;
      // The vertical stretch to the next layer's dot: the nearer half of it in this column, the rest in the next.
      const r2 = dotRowOf(next);
      for (let rr = Math.min(r, r2) + 1; rr < Math.max(r, r2); rr++) {
        if (Math.abs(rr - r) <= Math.abs(rr - r2)) dot(rr, c, 1, i);
        else dot(rr, c + 1, 0, i);
      }
    }
  });

  const tickRows = new Map(range.ticks.map((t) => [Math.floor(dotRowOf(t) / (braille ? 4 : 1)), labels.get(t)!]));
  const lines = [paint(chart.title, 'bold', o.color)];
  cells.forEach((row, y) => {
    const label = tickRows.get(y);
    const axis = label === undefined ? (o.ascii ? '|' : '│') : o.ascii ? '+' : '┤';
    const plot = row
      .map((cell) => {
        if (cell.series < 0) return ' ';
        const glyph = braille ? String.fromCodePoint(BRAILLE + cell.bits) : cell.marker;
        return paint(glyph, colourOf(cell.series), o.color);
      })
      .join('');
    lines.push(`${(label ?? '').padStart(labelWidth)}${axis}${plot}`.trimEnd());
  });
  lines.push(`${' '.repeat(labelWidth)}${o.ascii ? '+' : '└'}${(o.ascii ? '-' : '─').repeat(width)}`);
  lines.push(' '.repeat(labelWidth + 1) + layerAxis(depth, perColumn, width) + '  layer');
  lines.push(
    ' '.repeat(labelWidth + 1) +
      series
        .map((s, i) => `${paint(braille ? '⣿' : markerOf(i), colourOf(i), o.color)} ${s.label}${s.values.every((v) => v === null) ? ' (nothing finite to draw)' : ''}`)
        .join('   '),
  );
  return lines.join('\n') + '\n';
}

/** Layer numbers under their columns, left-aligned at the column, never overlapping. */
function layerAxis(depth: number, perColumn: number, width: number): string {
  const chars: string[] = Array.from({ length: width }, () => ' ');
  let free = 0;
  for (const layer of layerTicks(depth, Math.max(1, Math.floor(width / 5)))) {
    const column = Math.floor((layer - 1) / perColumn);
    const text = String(layer);
    if (column < free) continue;
    for (let k = 0; k < text.length; k++) chars[column + k] = text[k]!;
    free = column + text.length + 1;
  }
  return chars.join('').trimEnd();
}
