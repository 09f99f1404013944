// The installed package's root folder, found from this file's location (the
// same code runs from src/ under tests and from dist/cjs/ when installed).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'weightinit') return dir;
    if (dirname(dir) === dir) throw new Error(`weightinit: cannot find its package.json above ${__dirname}`);
  }
}

export const packageRoot = findRoot();
export const packageVersion: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
