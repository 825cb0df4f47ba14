// `workstation ml train | predict | evaluate | export | backtest | models` on the built CLI and the real daily files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, packageJson.bin.workstation);
const dir = mkdtempSync(join(tmpdir(), 'cli-ml-'));
const dataDir = join(dir, 'data');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', timeout: 180_000 });
const orcl = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');
const yhoo = join(YAHOO_DAILY_DIR, 'yhoo-2003-2005.txt');
const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

interface Report {
  oos: { auc: number; rows: number };
  folds: Array<{ fold: number; metrics: { auc: number } }>;
  permutedLabels: boolean;
  registered?: string;
}

describe('workstation ml', () => {
  beforeAll(() => {
    ensureBuilt('main');
    ensureBuilt('ml-workers');
  });

  it('train writes model.onnx, card.json and a report with oos.auc and per-fold metrics; --register saves it in the registry', () => {
    const run = cli('ml', 'train', '--model', 'gbdt', '--data', orcl, '--horizon', '5', '--trees', '30', '--folds', '4', '--out', join(dir, 'm'), '--json', join(dir, 'r.json'), '--name', 'orcl5', '--register');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/out of sample: AUC 0\.\d{4}/);
    const r = json<Report>(join(dir, 'r.json'));
    expect(r.folds.length).toBe(4);
    expect(r.oos.auc).toBeGreaterThan(0.3);
    expect(r.oos.auc).toBeLessThan(0.7);
    expect(r.registered).toBe('orcl5@1');
    for (const f of ['model.onnx', 'card.json', 'trees.json']) expect(existsSync(join(dir, 'm', f)), f).toBe(true);
    const models = cli('ml', 'models', '--json', join(dir, 'models.json'));
    expect(models.status, models.stderr).toBe(0);
    const listed = json<{ models: Array<{ name: string; version: number; source: string }> }>(join(dir, 'models.json')).models;
    expect(listed.map((m) => `${m.source}:${m.name}@${m.version}`)).toEqual(expect.arrayContaining(['shipped:example@1', 'user:orcl5@1']));
  });

  it('--permute-labels: the control shows no edge', () => {
    const run = cli('ml', 'train', '--model', 'forest', '--data', orcl, '--trees', '20', '--depth', '6', '--folds', '4', '--permute-labels', '--out', join(dir, 'p'), '--json', join(dir, 'p.json'));
    expect(run.status, run.stderr).toBe(0);
    const r = json<Report>(join(dir, 'p.json'));
    expect(r.permutedLabels).toBe(true);
    expect(Math.abs(r.oos.auc - 0.5)).toBeLessThan(0.05);
  });

  it('predict runs the ONNX file on the worker, reports the provider and flags; evaluate, export and backtest run', () => {
    const p = cli('ml', 'predict', '--model', join(dir, 'm'), '--data', yhoo, '--json', join(dir, 'pred.json'));
    expect(p.status, p.stderr).toBe(0);
    const pred = json<{ provider: string; predictions: Array<{ prediction: number; flagged: boolean; dissimilarity: number }> }>(join(dir, 'pred.json'));
    expect(pred.provider).toBe('cpu');
    expect(pred.predictions.length).toBeGreaterThan(600);
    expect(pred.predictions.every((x) => x.prediction > 0 && x.prediction < 1 && x.dissimilarity >= 0)).toBe(true);
    const e = cli('ml', 'evaluate', '--model', 'orcl5', '--data', yhoo, '--json', join(dir, 'e.json'));
    expect(e.status, e.stderr).toBe(0);
    expect(json<Report>(join(dir, 'e.json')).oos.rows).toBeGreaterThan(600);
    const x = cli('ml', 'export', '--model', join(dir, 'm'), '--out', join(dir, 'again.onnx'));
    expect(x.status, x.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again.onnx'))).toEqual(readFileSync(join(dir, 'm', 'model.onnx')));
    const b = cli('ml', 'backtest', '--model', join(dir, 'm'), '--data', yhoo, '--json', join(dir, 'b.json'));
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/ml-signal: \d+ orders/);
  });

  it.each(['lstm', 'transformer'])('train --model %s: windows of --steps rows, trained by tfjs on purged folds, written as ONNX that predict runs', (kind) => {
    const out = join(dir, kind);
    const run = cli('ml', 'train', '--model', kind, '--data', yhoo, '--horizon', '5', '--folds', '2', '--steps', '4', '--units', '6', '--epochs', '1', '--out', out, '--json', join(dir, `${kind}.json`));
    expect(run.status, run.stderr).toBe(0);
    const r = json<Report>(join(dir, `${kind}.json`));
    expect(r.folds.length).toBe(2);
    expect(r.oos.rows).toBeGreaterThan(100);
    const card = json<{ algorithm: string; input?: { steps: number } }>(join(out, 'card.json'));
    expect(card.algorithm).toBe(kind);
    expect(card.input?.steps).toBe(4);
    for (const f of ['model.onnx', 'predictor.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const p = cli('ml', 'predict', '--model', out, '--data', yhoo, '--json', join(dir, `${kind}-pred.json`));
    expect(p.status, p.stderr).toBe(0);
    const pred = json<{ predictions: Array<{ prediction: number }> }>(join(dir, `${kind}-pred.json`)).predictions;
    expect(pred.length).toBeGreaterThan(600);
    expect(pred.every((x) => x.prediction > 0 && x.prediction < 1)).toBe(true);
    // a network predicts from the window: predictions differ across rows (a constant output would pass the range check)
    expect(new Set(pred.map((x) => x.prediction.toFixed(6))).size).toBeGreaterThan(10);
  });

  it('search scores each trial by the purged folds and deflates the winner for the number of trials', () => {
    const run = cli('ml', 'search', '--data', orcl, '--trials', '3', '--folds', '3', '--json', join(dir, 's.json'));
    expect(run.status, run.stderr).toBe(0);
    const r = json<{ trials: Array<{ auc: number }>; best: { auc: number }; deflatedAuc: number; expectedMaxNoSkill: number }>(join(dir, 's.json'));
    expect(r.trials.length).toBe(3);
    expect(r.best.auc).toBe(Math.max(...r.trials.map((t) => t.auc)));
    expect(r.expectedMaxNoSkill).toBeGreaterThan(0.5);
    expect(r.deflatedAuc).toBeCloseTo(r.best.auc - (r.expectedMaxNoSkill - 0.5), 12);
    expect(run.stdout).toMatch(/deflated AUC 0\.\d{4}/);
  });

  it('refuses what it cannot do with a reason and exit 2', () => {
    // lstm, transformer and ensemble train now (tests/integration/ml/model-kinds.test.ts); an unknown kind is refused.
    const unknown = cli('ml', 'train', '--model', 'xgboost', '--data', orcl, '--out', join(dir, 'x'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--model must be one of gbdt, forest, lstm, transformer, ensemble/);
    const none = cli('ml', 'predict', '--model', 'nope', '--data', orcl, '--json', join(dir, 'x.json'));
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no model "nope"/);
  });
});
