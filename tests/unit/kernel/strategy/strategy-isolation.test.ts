import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../../..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function violations(dir: string, files: Record<string, string>): string[] {
  for (const [path, text] of Object.entries({ 'src-shared/x.ts': 'export const x = 1;\n', ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  copyFileSync(join(root, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  copyFileSync(join(root, 'tsconfig.depcruise.json'), join(dir, 'tsconfig.depcruise.json'));
  const run = spawnSync(depcruise, ['--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', 'src-main', 'src-shared'], { cwd: dir, encoding: 'utf8' });
  return (JSON.parse(run.stdout) as { summary: { violations: Array<{ rule: { name: string } }> } }).summary.violations.map((v) => v.rule.name);
}

const API = 'export interface Ctx { now(): number }\n';

describe('a strategy can reach only the strategy API', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'strategy-rules-'));
    execFileSync('ln', ['-s', join(root, 'node_modules'), join(work, 'node_modules')]);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('accepts a strategy that imports the API, src-shared and zod', () => {
    const found = violations(join(work, 'ok'), {
      'src-main/kernel/strategy/types.ts': API,
      'src-shared/x.ts': 'export const x = 1;\n',
      'src-main/strategies/s.ts': "import { z } from 'zod';\nimport type { Ctx } from '../kernel/strategy/types.js';\nimport { x } from '../../src-shared/x.js';\nexport const s = (c: Ctx) => [z, c, x];\n",
    });
    expect(found).toEqual([]);
  });

  it.each([
    ['timers', "import { setTimeout } from 'node:timers';\nexport const s = setTimeout;\n"],
    ['the file system', "import { readFileSync } from 'node:fs';\nexport const s = readFileSync;\n"],
    ['the backtest engine', "import { e } from '../backtest/engine.js';\nexport const s = e;\n"],
    ['the order manager', "import { e } from '../kernel/orders/m.js';\nexport const s = e;\n"],
  ])('refuses a strategy that imports %s', (_what, source) => {
    const found = violations(join(work, _what.replace(/\W/g, '-')), {
      'src-main/kernel/strategy/types.ts': API,
      'src-main/backtest/engine.ts': 'export const e = 1;\n',
      'src-main/kernel/orders/m.ts': 'export const e = 1;\n',
      'src-main/strategies/s.ts': source,
    });
    expect(found, JSON.stringify(found)).toContain('strategies-see-only-the-strategy-api');
  });

  it('refuses a strategy API that reaches for node modules', () => {
    const found = violations(join(work, 'api'), { 'src-main/kernel/strategy/types.ts': "import { hrtime } from 'node:process';\nexport const t = hrtime;\n" });
    expect(found).toContain('strategy-api-is-pure');
  });

  it('no shipped strategy names the wall clock, timers or globals that lead outside', () => {
    // Imports are covered by the rules above; these are the globals a module can touch without importing.
    const forbidden = /\b(Date\s*\.\s*now|new\s+Date|setTimeout|setInterval|setImmediate|queueMicrotask|performance|process|globalThis|require|fetch|import\s*\()/;
    const dir = join(root, 'src-main', 'strategies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(forbidden);
    }
  });
});
