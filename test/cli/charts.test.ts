// The charts: one terminal column per layer, ASCII on request, colour never
// when piped; the HTML report with one inline SVG per chart and nothing to
// fetch; --compare overlays the inits; --svg writes one standalone figure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './runCli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = ['--width', '48', '--batch', '16'];

/** The lines of the chart titled `title`, from its title to its legend. */
function chartLines(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  const axis = lines.findIndex((l, i) => i > start && /^\s*\+-+$/.test(l));
  return lines.slice(start, axis + 3);
}

describe('terminal chart', () => {
  it.each([7, 23, 40])('--ascii: one column per layer (depth %i), plain ASCII', (depth) => {
    const r = runCli(['diagnose', '--depth', String(depth), ...SMALL, '--ascii']);
    expect(r.code).toBe(0);
    for (const title of ['forward: second moment', 'backward: variance']) {
      const chart = chartLines(r.stdout, title);
      const axis = chart.find((l) => /^\s*\+-+$/.test(l))!;
      expect(axis.split('+')[1]).toHaveLength(depth);
      const plot = chart.slice(1, chart.indexOf(axis));
      const origin = axis.indexOf('+');
      for (const row of plot) expect(row.length - origin - 1).toBeLessThanOrEqual(depth);
      // every layer has its point, in its own column
      const columns = new Set(plot.flatMap((row) => [...row.slice(origin + 1)].flatMap((c, i) => (c === '*' ? [i] : []))));
      expect(columns.size).toBe(depth);
    }
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
  });

  it('draws braille by default, and no colour codes when stdout is not a terminal', () => {
    const r = runCli(['diagnose', '--depth', '10', ...SMALL]);
    expect(r.stdout).toMatch(/[\u2800-\u28ff]/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--compare: one chart per quantity, a series per init', () => {
    const r = runCli(['diagnose', '--depth', '10', ...SMALL, '--compare', 'he-normal,glorot-normal,orthogonal', '--ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/\* he-normal {3}o glorot-normal {3}x orthogonal/g)).toHaveLength(2);
    expect(r.stdout.split("\n")[0]).toMatch(/^he-normal\s+forward (healthy|vanishing|exploding) /);
  });
});

describe('--html and --svg', () => {
  it('writes a self-contained page with one SVG per chart and the table', () => {
    const html = path.join(dir, 'report.html');
    const r = runCli(['diagnose', '--depth', '12', ...SMALL, '--init', 'glorot-normal', '--html', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page.match(/<\/svg>/g)).toHaveLength(2);
    // measured and mean field in each chart
    expect(page.match(/<path d="M[^"]+" fill="none" stroke="#0072B2"/g)).toHaveLength(4);
    expect(page.match(/<tr><td>/g)).toHaveLength(12);
    expect(page).toContain('forward: vanishing');
    // nothing to fetch: no scripts, links, images or URLs
    expect(page).not.toMatch(/<script|<link|<img|src=|href=|url\(|https?:/);
  });

  it('--compare: the page overlays every init in each chart', () => {
    const html = path.join(dir, 'compare.html');
    runCli(['diagnose', '--depth', '8', ...SMALL, '--compare', 'he-normal,glorot-normal,orthogonal', '--html', html]);
    const page = readFileSync(html, 'utf8');
    const charts = page.split('<svg ').slice(1);
    expect(charts).toHaveLength(2);
    for (const chart of charts) {
      // three inits, each measured (solid) and mean field (dashed)
      expect(chart.match(/<path d="M/g)!.length).toBe(7); // + the axes
      expect(chart.match(/stroke-dasharray="6 4"/g)!.length).toBeGreaterThanOrEqual(3);
      for (const init of ['he-normal', 'glorot-normal', 'orthogonal']) expect(chart).toContain(`>${init}</text>`);
    }
  });

  it('--svg writes both charts into one standalone SVG file', () => {
    const svg = path.join(dir, 'figure.svg');
    expect(runCli(['diagnose', '--depth', '8', ...SMALL, '--svg', svg, '--json']).code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text.match(/<g transform=/g)).toHaveLength(2);
  });
});
