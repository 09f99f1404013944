// Every public function is documented with an example. The check reads
// TypeDoc's JSON model of the three entry points, the model `npm run docs`
// renders, so what it checks is what the published docs show.
//
// The rule:
// - every exported function, function-valued constant and class of
//   src/index.ts, src/promises.ts and src/tfjs.ts has a TSDoc comment with an
//   @example (on the declaration or on any of its signatures); types are exempt;
// - a re-export or alias (`xavierUniform`, promises' `fans`) is judged by what
//   it names;
// - a Promise twin in src/promises.ts may instead say "Promise form of `name`",
//   where `name` is a function of src/index.ts that has an @example: it takes
//   the same arguments, so that example shows it too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const typedoc = join(root, 'tools', 'typedoc', 'node_modules', 'typedoc', 'bin', 'typedoc');
const ENTRY_POINTS = ['index', 'promises', 'tfjs'];

// TypeDoc's ReflectionKind values (its JSON schema).
const KIND = { variable: 32, function: 64, class: 128, reference: 4194304 } as const;
const VALUE_KINDS: number[] = [KIND.variable, KIND.function, KIND.class];

interface Part { kind: string; text: string }
interface Comment { summary: Part[]; blockTags?: { tag: string }[] }
interface Reflection {
  id: number;
  name: string;
  kind: number;
  target?: number;
  comment?: Comment;
  signatures?: { comment?: Comment }[];
  children?: Reflection[];
  sources?: { fileName: string; line: number }[];
}

let modules: Map<string, Reflection>;
let byId: Map<number, Reflection>;

beforeAll(() => {
  if (!existsSync(typedoc)) throw new Error(`TypeDoc is not installed at ${typedoc}; run npm install`);
  const dir = mkdtempSync(join(tmpdir(), 'weightinit-api-'));
  try {
    const out = join(dir, 'api.json');
    execFileSync(process.execPath, [typedoc, '--json', out, '--logLevel', 'Error'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    const project = JSON.parse(readFileSync(out, 'utf8')) as Reflection;
    byId = new Map();
    const index = (r: Reflection): void => {
      byId.set(r.id, r);
      r.children?.forEach(index);
    };
    index(project);
    modules = new Map((project.children ?? []).map((m) => [m.name, m]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000); // TypeDoc type-checks the whole program: several seconds, more on a busy machine.

function resolved(r: Reflection): Reflection {
  let at = r;
  while (at.kind === KIND.reference && at.target !== undefined) at = byId.get(at.target) ?? at;
  return at;
}

const comments = (r: Reflection): Comment[] => [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].filter((c): c is Comment => !!c);
const hasExample = (r: Reflection): boolean => comments(r).some((c) => (c.blockTags ?? []).some((t) => t.tag === '@example'));

function syncTwinNamed(r: Reflection): string | undefined {
  const summary = comments(r).map((c) => c.summary.map((p) => p.text).join('')).join(' ');
  return /Promise form of `(\w+)`/.exec(summary)?.[1];
}

function documented(moduleName: string, r: Reflection): boolean {
  if (hasExample(r)) return true;
  const twin = moduleName === 'promises' ? syncTwinNamed(r) : undefined;
  const sync = twin === undefined ? undefined : modules.get('index')?.children?.find((c) => c.name === twin);
  return sync !== undefined && hasExample(resolved(sync));
}

function undocumented(moduleName: string): string[] {
  const m = modules.get(moduleName);
  if (!m) throw new Error(`TypeDoc's model has no module '${moduleName}'; check typedoc.json's entryPoints`);
  return (m.children ?? [])
    .map((entry) => ({ entry, target: resolved(entry) }))
    .filter(({ target }) => VALUE_KINDS.includes(target.kind) && !documented(moduleName, target))
    .map(({ entry, target }) => {
      const where = target.sources?.[0];
      return `${moduleName}.${entry.name}${where ? ` (${where.fileName}:${where.line})` : ''}`;
    });
}

describe('API documentation', () => {
  it('models every entry point', () => {
    expect([...modules.keys()].sort()).toEqual([...ENTRY_POINTS].sort());
  });

  for (const name of ENTRY_POINTS) {
    it(`documents every export of src/${name}.ts with an @example`, () => {
      expect(undocumented(name), 'exports without an @example in their TSDoc comment').toEqual([]);
    });
  }

  it('accepts a Promise twin only by the name of a documented sync function', () => {
    const twin = modules.get('promises')?.children?.find((c) => c.name === 'randomBits');
    expect(twin && syncTwinNamed(resolved(twin))).toBe('randomBits');
    expect(documented('promises', { id: -1, name: 'x', kind: KIND.variable, comment: { summary: [{ kind: 'text', text: 'Promise form of ' }, { kind: 'code', text: '`noSuchFunction`' }] } })).toBe(false);
  });
});
