// The house rules as a test: imports only run downwards. src/lib (pure code) imports nothing of
// the app; the store knows no component and no engine; the engine and the workers know no UI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname);
const FORBIDDEN: Record<string, string[]> = {
  lib: ['store', 'engine', 'worker', 'ui', 'canvas'],
  store: ['engine', 'ui', 'canvas'], // (it may name the worker protocol's types: the data it holds)
  engine: ['ui', 'canvas'],
  worker: ['store', 'engine', 'ui', 'canvas'],
};

function imports(dir: string): { file: string; target: string }[] {
  return readdirSync(join(SRC, dir))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .flatMap((f) => [...readFileSync(join(SRC, dir, f), 'utf8').matchAll(/from '\.\.\/(\w+)\//g)].map((m) => ({ file: `${dir}/${f}`, target: m[1] })));
}

describe('layering', () => {
  for (const [dir, banned] of Object.entries(FORBIDDEN)) {
    it(`src/${dir} imports none of ${banned.join(', ')}`, () => {
      expect(imports(dir).filter((i) => banned.includes(i.target))).toEqual([]);
    });
  }
});
