// The HTML report as a browser shows it: headless Chromium renders the page
// to a PNG, and the series colour must cover the pixels of drawn lines in both
// charts. Chromium (Debian package `chromium`) is installed with apt when it
// is missing and apt can be used (as root, or with password-less sudo);
// otherwise the check is skipped, saying why, except on CI where it must run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './runCli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome'];
const runs = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 }).status === 0;
const findBrowser = () => BROWSERS.find((b) => runs(b, ['--version']));

/** apt-get, as root or through password-less sudo; undefined when neither works. */
function aptGet(): string[] | undefined {
  if (!existsSync('/usr/bin/apt-get')) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  return runs('sudo', ['-n', 'true']) ? ['sudo', '-n', 'apt-get'] : undefined;
}

let browser: string | undefined;
let missing = '';

beforeAll(() => {
  browser = findBrowser();
  if (browser) return;
  const apt = aptGet();
  if (!apt) {
    missing = 'Chromium is not installed and apt-get cannot be used here (install the Debian package chromium to run it)';
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync(apt[0]!, [...apt.slice(1), ...args], { env, encoding: 'utf8', timeout: 540_000 });
    if (r.status !== 0) {
      missing = `apt-get ${args[0]} failed: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`;
      return;
    }
  }
  browser = findBrowser();
  if (!browser) missing = 'apt-get installed chromium, but no chromium command runs';
}, 600_000);

/** RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium writes). */
function decodePng(file: string): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const png = readFileSync(file);
  let at = 8;
  let width = 0, height = 0, channels = 0;
  const data: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      const [depth, colour, interlace] = [body[8], body[9], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unexpected PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  // Undo the per-row filters (PNG spec, section 9).
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (row[x]! + predicted) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe('the HTML report in headless Chromium', () => {
  it('shows both charts with their lines drawn', (ctx) => {
    if (!browser) {
      if (process.env['CI']) throw new Error(missing);
      ctx.skip(missing);
    }
    const html = path.join(dir, 'report.html');
    expect(runCli(['diagnose', '--depth', '20', '--width', '64', '--batch', '16', '--init', 'glorot-normal', '--html', html]).code).toBe(0);
    const shot = path.join(dir, 'report.png');
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=900,1600', `--screenshot=${shot}`, `file://${html}`];
    const r = spawnSync(browser!, args, { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { width, height, channels, pixels } = decodePng(shot);
    // Rows where the measured series' blue (#0072B2) shows, within anti-aliasing of it.
    const blueRows = new Set<number>();
    let blue = 0;
    for (let i = 0; i < width * height; i++) {
      const [r_, g, b] = [pixels[i * channels]!, pixels[i * channels + 1]!, pixels[i * channels + 2]!];
      if (Math.abs(r_ - 0x00) < 40 && Math.abs(g - 0x72) < 40 && Math.abs(b - 0xb2) < 40) {
        blue++;
        blueRows.add(Math.floor(i / width));
      }
    }
    // Two charts of 632 px wide plots, each with a solid and a dashed line: thousands of pixels.
    expect(blue).toBeGreaterThan(1500);
    // Lines span the height of both charts: blue in two separate bands of rows.
    const rows = [...blueRows].sort((a, b) => a - b);
    const gaps = rows.slice(1).filter((y, i) => y - rows[i]! > 40);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
  });
});
