import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Lays out a miniature project in the repository's shape and runs the real rule set on it. */
function cruise(dir: string, files: Record<string, string>): { violations: Violation[] } {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  copyFileSync(join(root, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  copyFileSync(join(root, 'tsconfig.depcruise.json'), join(dir, 'tsconfig.depcruise.json'));
  const roots = [...new Set(Object.keys(files).map((p) => p.split('/')[0]!))];
  const run = spawnSync(depcruise, ['--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', ...roots], {
    cwd: dir,
    encoding: 'utf8',
  });
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return { violations: report.summary.violations };
}

describe('import rules', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'import-rules-'));
    // The fixture's imports of 'electron' and 'zod' must resolve, as in the real tree.
    execFileSync('ln', ['-s', join(root, 'node_modules'), join(work, 'node_modules')]);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('accepts imports the design allows', () => {
    const result = cruise(join(work, 'ok'), {
      'src-shared/a.ts': "import { z } from 'zod';\nexport const a = z.string();\n",
      'src-renderer/features/chart/chart.ts': "import { a } from '../../../src-shared/a.js';\nexport const c = a;\n",
      'src-main/kernel/k.ts': "import { readFileSync } from 'node:fs';\nimport { a } from '../../src-shared/a.js';\nexport const k = [a, readFileSync];\n",
      'src-main/electron/shell.ts': "import { app } from 'electron';\nimport { k } from '../kernel/k.js';\nexport const s = [app, k];\n",
    });
    expect(result.violations).toEqual([]);
  });

  it.each([
    ['shared-imports-nothing-of-ours', { 'src-shared/a.ts': "import { m } from '../src-main/m.js';\nexport const a = m;\n", 'src-main/m.ts': 'export const m = 1;\n' }],
    ['shared-no-node-or-electron', { 'src-shared/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" }],
    ['renderer-imports-only-shared', { 'src-renderer/app/x.ts': "import { m } from '../../src-main/m.js';\nexport const x = m;\n", 'src-main/m.ts': 'export const m = 1;\n' }],
    ['renderer-no-node', { 'src-renderer/app/x.ts': "import { join } from 'node:path';\nexport const x = join;\n" }],
    ['electron-only-in-shell', { 'src-main/storage/db.ts': "import { app } from 'electron';\nexport const d = app;\n" }],
    ['plain-node-parts-stay-out-of-the-shells', { 'src-main/kernel/k.ts': "import { h } from '../host/h.js';\nexport const k = h;\n", 'src-main/host/h.ts': 'export const h = 1;\n' }],
    ['strategies-never-import-adapters', { 'src-main/strategies/s.ts': "import { a } from '../adapters/alpaca/a.js';\nexport const s = a;\n", 'src-main/adapters/alpaca/a.ts': 'export const a = 1;\n' }],
    ['discovery-stays-plain-node', { 'src-main/discovery/d.ts': "import { v } from '../services/v.js';\nexport const d = v;\n", 'src-main/services/v.ts': 'export const v = 1;\n' }],
    // LLM proposals never trade: the analysis module cannot reach the order manager (nor anything else that sends).
    ['llm-only-proposes', { 'src-main/llm/l.ts': "import { o } from '../kernel/orders/o.js';\nexport const l = o;\n", 'src-main/kernel/orders/o.ts': 'export const o = 1;\n' }],
    ['renderer-features-independent', { 'src-renderer/features/chart/c.ts': "import { w } from '../watchlist/w.js';\nexport const c = w;\n", 'src-renderer/features/watchlist/w.ts': 'export const w = 1;\n' }],
  ])('catches a violation of %s', (rule, files) => {
    const result = cruise(join(work, rule), files);
    expect(result.violations.map((v) => v.rule.name)).toContain(rule);
  });

  it('fails the check command (non-zero exit) when a rule is broken', () => {
    const dir = join(work, 'exit-code');
    cruise(dir, { 'src-shared/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" });
    const run = spawnSync(depcruise, ['--config', join(root, '.dependency-cruiser.cjs'), 'src-shared'], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toContain('shared-no-node-or-electron');
    expect(run.status).not.toBe(0);
  });

  it('passes on the real source tree', () => {
    const run = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', 'src-shared', 'src-main', 'src-renderer'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('no dependency violations');
    expect(run.status).toBe(0);
  });
});
