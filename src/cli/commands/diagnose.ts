// weightinit diagnose: will this network's signal explode or vanish at its
// init? The verdict first, then the per-layer table, then the charts; or the
// result as JSON, an HTML report, an SVG figure.
import { writeFileSync } from 'node:fs';

import { diagnose } from '../../index.js';
import { renderTerminalChart } from '../chart/terminalChart.js';
import { svgFigure } from '../chart/svgChart.js';
import type { Command } from '../command.js';
import { diagnosisCharts } from '../diagnosis/charts.js';
import { compareTable, layerTable } from '../diagnosis/layerTable.js';
import { DEFAULTS, requestsOf } from '../diagnosis/requests.js';
import { compareLines, networkLine, verdictLines, type Line, type Run } from '../diagnosis/verdictText.js';
import { EXIT } from '../failure.js';
import { toJson } from '../format.js';
import { htmlReport } from '../htmlReport.js';
import { paint } from '../paint.js';
import { seedOf } from '../parse.js';
import { SCHEME_OPTIONS } from '../schemeFlags.js';
import { renderTable } from '../table.js';

const CHART_ROWS = 10;
const DEFAULT_BATCH = 256;
const DEFAULT_SEED = 1;

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: "will a deep network's signal explode or vanish at its init? (measured beside mean-field theory)",
  usage: 'diagnose [--depth N --width N --activation A --init SCHEME | --network FILE] [--compare S1,S2,...] [--json] [--html FILE] [--svg FILE]',
  positionals: [],
  options: [
    { name: 'depth', value: 'N', example: '50', description: `dense layers (default ${DEFAULTS.depth})` },
    { name: 'width', value: 'N', example: '1024', description: `units per layer (default ${DEFAULTS.width})` },
    { name: 'activation', value: 'A', example: 'tanh', description: `${DEFAULTS.activation} (default), linear, leaky_relu, elu, selu, gelu, silu, tanh, sigmoid, softplus` },
    { name: 'param', value: 'X', example: '0.2', description: "leaky_relu's negative slope (default 0.01) or elu's alpha (default 1)" },
    { name: 'init', value: 'SCHEME', example: 'glorot-normal', description: `the weights' scheme (default ${DEFAULTS.init}); takes the scheme options below` },
    { name: 'bias-std', value: 'S', example: '0.05', description: 'draw biases N(0, S^2) (default: no bias)' },
    { name: 'network', value: 'FILE', example: 'net.json', description: 'a JSON network instead: [{ in, out, activation, weights, bias? }, ...] or { depth, width, activation, init }' },
    { name: 'compare', value: 'S1,S2', example: 'he-normal,glorot-normal,orthogonal', description: 'diagnose the network with each of these inits, overlaid in one chart' },
    { name: 'batch', value: 'N', example: '256', description: `inputs in the pass (default ${DEFAULT_BATCH})` },
    { name: 'seed', value: 'N', example: '1', description: `seed of weights, inputs and output gradient (default ${DEFAULT_SEED})` },
    { name: 'json', description: "print the library's result object as JSON (an object by init with --compare)" },
    { name: 'html', value: 'FILE', example: 'report.html', description: 'also write a self-contained HTML report (charts as inline SVG, the table)' },
    { name: 'svg', value: 'FILE', example: 'diagnosis.svg', description: 'also write the charts as one SVG file' },
    { name: 'ascii', description: 'draw the terminal chart in plain ASCII' },
    ...SCHEME_OPTIONS,
  ],
  examples: [
    'weightinit diagnose --depth 50 --width 1024 --activation relu --init glorot-normal',
    'weightinit diagnose --activation tanh --init normal --std 0.05 --bias-std 0.05',
    'weightinit diagnose --compare he-normal,glorot-normal,orthogonal --html report.html',
    'weightinit diagnose --network net.json --json',
  ],
  async run(args, io) {
    const requests = requestsOf(args);
    const options = { seed: seedOf(args, 'seed') ?? DEFAULT_SEED, batch: args.integer('batch', 2, DEFAULT_BATCH) };
    const runs: Run[] = requests.map((r) => ({ label: r.label, diagnosis: diagnose(r.network, options) }));
    const single = runs.length === 1;
    const first = runs[0]!.diagnosis;
    const charts = diagnosisCharts(runs);
    const verdict = single ? verdictLines(first) : compareLines(runs);
    const table = single ? layerTable(first) : compareTable(runs);
    const subtitle = networkLine(first, single ? undefined : runs.map((r) => r.label).join(' vs '));

    const written: string[] = [];
    const html = args.text('html');
    if (html !== undefined) {
      writeFileSync(html, htmlReport({ title: 'weightinit diagnose', subtitle, verdict, charts, table }));
      written.push(html);
    }
    const svg = args.text('svg');
    if (svg !== undefined) {
      writeFileSync(svg, svgFigure(charts));
      written.push(svg);
    }
    if (args.switch('json')) {
      io.out(`${toJson(single ? first : Object.fromEntries(runs.map((r) => [r.label, r.diagnosis])))}\n`);
      return EXIT.ok;
    }
    const tone = (l: Line) => (l.tone === 'good' ? paint(l.text, 'green', io.color) : l.tone === 'bad' ? paint(l.text, 'red', io.color) : l.text);
    const chartOptions = { ascii: args.switch('ascii'), color: io.color, columns: io.columns, rows: CHART_ROWS };
    io.out(
      [
        ...verdict.map(tone),
        paint(subtitle, 'grey', io.color),
        '',
        renderTable(table),
        ...charts.map((c) => renderTerminalChart(c, chartOptions)),
        ...written.map((f) => `wrote ${f}`),
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  },
};
