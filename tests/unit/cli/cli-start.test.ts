import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';

const dist = join(__dirname, '..', '..', '..', 'dist', 'main');

/** The files and packages node loads before main() runs: cli.mjs and its static imports, transitively. */
function startGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const m of text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('./')) visit(spec.slice(2));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages].sort() };
}

describe('the CLI start', () => {
  it('loads only what every command needs: the services, host, broker SDK and queue come with their commands', () => {
    ensureBuilt('main');
    const { files, packages } = startGraph('cli.mjs');
    // zod is bundled into the chunks; better-sqlite3 (history for --symbol and import) is the one package left.
    expect(packages).toEqual(['better-sqlite3']);
    // The chunks the other commands import exist beside it (the split is real, not one bundle).
    const lazy = readFileSync(join(dist, 'cli.mjs'), 'utf8').match(/import\("\.\/cli-chunk-[A-Z0-9]+\.mjs"\)/g) ?? [];
    expect(lazy.length).toBeGreaterThan(3);
    for (const file of files) expect(existsSync(join(dist, file))).toBe(true);
  });
});
