// A chart as SVG, self-contained (no fonts, scripts or links to fetch):
// decades on a log y axis, layers on x, measured series solid and their
// mean-field predictions dashed in the same colour (Okabe-Ito palette, which
// colour-blind readers can tell apart).
import { chartDepth, chartValues, type Chart } from './chart.js';
import { decadeRange, layerTicks } from './scale.js';

const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const WIDTH = 720;
const LEFT = 64;
const RIGHT = 24;
const TOP = 44;
const PLOT_HEIGHT = 220;
const LEGEND_TOP = TOP + PLOT_HEIGHT + 56;
const LEGEND_ROW = 20;
const FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', Helvetica, Arial, sans-serif" font-size="12"';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (x: number) => (Math.round(x * 10) / 10).toString();

interface LegendItem { label: string; colour: string; dashed: boolean }

// Items flow left to right and wrap; text is about 7 px per character at 12 px.
function legend(items: LegendItem[]): { svg: string; rows: number } {
  let x = LEFT;
  let row = 0;
  const parts = items.map((item) => {
    const w = 34 + 7 * item.label.length;
    if (x + w > WIDTH - RIGHT && x > LEFT) [x, row] = [LEFT, row + 1];
    const y = LEGEND_TOP + row * LEGEND_ROW;
    const dash = item.dashed ? ' stroke-dasharray="6 4"' : '';
    const svg = `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${item.colour}" stroke-width="2"${dash}/><text x="${x + 30}" y="${y}">${escapeXml(item.label)}</text>`;
    x += w + 12;
    return svg;
  });
  return { svg: parts.join(''), rows: row + 1 };
}

/** The chart's elements, for an <svg> or a <g>, and the size they take. */
function svgChartBody(chart: Chart): { body: string; width: number; height: number } {
  const depth = chartDepth(chart);
  const range = decadeRange(chartValues(chart), 8);
  const right = WIDTH - RIGHT;
  const bottom = TOP + PLOT_HEIGHT;
  const xOf = (layer: number) => (depth <= 1 ? (LEFT + right) / 2 : LEFT + ((layer - 1) / (depth - 1)) * (right - LEFT));
  const yOf = (v: number) => TOP + ((range.max - v) / (range.max - range.min)) * PLOT_HEIGHT;

  const grid = range.ticks.map((t) => {
    const y = n(yOf(t));
    return `<line x1="${LEFT}" y1="${y}" x2="${right}" y2="${y}" stroke="#e4e4e4"/>` +
      `<text x="${LEFT - 8}" y="${n(yOf(t) + 4)}" text-anchor="end">10<tspan dy="-6" font-size="9">${t}</tspan></text>`;
  });
  const xTicks = layerTicks(depth, 10).map((l) => {
    const x = n(xOf(l));
    return `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#333"/><text x="${x}" y="${bottom + 18}" text-anchor="middle">${l}</text>`;
  });
  const lines = chart.series.map((s) => {
    const colour = PALETTE[s.colour % PALETTE.length]!;
    const segments: string[] = [];
    const dots: string[] = [];
    let run: [string, string][] = [];
    // A run of consecutive values is a line; a lone value between gaps, a dot.
    const close = () => {
      if (run.length > 1) segments.push(`M${run.map(([x, y]) => `${x} ${y}`).join('L')}`);
      else if (run.length === 1) dots.push(`<circle cx="${run[0]![0]}" cy="${run[0]![1]}" r="2.5" fill="${colour}"/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) close();
      else run.push([n(xOf(i + 1)), n(yOf(v))]);
    });
    close();
    const style = s.predicted ? 'stroke-width="1.5" stroke-dasharray="6 4" opacity="0.8"' : 'stroke-width="2"';
    const path = segments.length > 0 ? `<path d="${segments.join('')}" fill="none" stroke="${colour}" ${style} stroke-linejoin="round"/>` : '';
    return path + dots.join('');
  });
  const key = legend(chart.series.map((s) => ({ label: s.label, colour: PALETTE[s.colour % PALETTE.length]!, dashed: s.predicted })));
  const height = LEGEND_TOP + (key.rows - 1) * LEGEND_ROW + 16;
  const body = [
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="600">${escapeXml(chart.title)}</text>`,
    ...grid,
    `<path d="M${LEFT} ${TOP}V${bottom}H${right}" fill="none" stroke="#333"/>`,
    ...xTicks,
    `<text x="${n((LEFT + right) / 2)}" y="${bottom + 36}" text-anchor="middle">layer</text>`,
    ...lines,
    key.svg,
  ].join('\n');
  return { body, width: WIDTH, height };
}

/** One chart as an <svg> element, for inline use in HTML. */
export function svgChart(chart: Chart): string {
  const { body, width, height } = svgChartBody(chart);
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(chart.title)}" ${FONT}>\n${body}\n</svg>`;
}

/** Several charts stacked in one standalone SVG document (a .svg file). */
export function svgFigure(charts: Chart[]): string {
  let y = 0;
  const groups = charts.map((chart) => {
    const { body, height } = svgChartBody(chart);
    const g = `<g transform="translate(0 ${y})">\n${body}\n</g>`;
    y += height;
    return g;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" ${FONT}>\n<title>${escapeXml(charts.map((c) => c.title).join('; '))}</title>\n${groups.join('\n')}\n</svg>\n`;
}
