// `ml search --queue` and `ml train --queue` on real `workstation worker` processes and Debian's redis-server (each
// test run starts its own on a free loopback port), and `--catalog` for the ml
// commands that read bars: both must give what the local run on the same bars gives, to the last digit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startRedis, type RunningRedis } from '../../support/redis-server.js';

const root = join(__dirname, '..', '..', '..');
const cliPath = join(root, 'dist/main/cli.mjs');
const orcl = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');
const cli = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
const text = (file: string) => readFileSync(file, 'utf8');
const json = (file: string) => JSON.parse(text(file)) as Record<string, unknown>;

describe('ml on the queue and the catalog', () => {
  let dir: string;
  let catalog: string;
  let redis: RunningRedis;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    ensureBuilt('main');
    ensureBuilt('ml-workers');
    ensureBuilt('backtest-worker');
    dir = mkdtempSync(join(tmpdir(), 'ml-queue-'));
    catalog = join(dir, 'catalog');
    const imported = cli('catalog', 'import', '--catalog', catalog, '--file', orcl);
    expect(imported.status, imported.stderr).toBe(0);
    redis = await startRedis();
    for (let n = 0; n < 2; n++) {
      const child = spawn(process.execPath, [cliPath, 'worker', '--queue', redis.url, '--stalled-ms', '5000'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      workers.push(child);
      await new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => c.toString().includes(' on redis://') && resolve()));
    }
  }, 180_000);
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ml search --queue reports what the local search reports, from inline bars and from the catalog', () => {
    const search = ['ml', 'search', '--trials', '3', '--folds', '3', '--seed', '7', '--quiet'];
    const local = cli(...search, '--data', orcl, '--json', join(dir, 'local.json'));
    expect(local.status, local.stderr).toBe(0);
    const queued = cli(...search, '--data', orcl, '--json', join(dir, 'queued.json'), '--queue', redis.url);
    expect(queued.status, queued.stderr).toBe(0);
    expect(text(join(dir, 'queued.json'))).toBe(text(join(dir, 'local.json')));
    // Workers read the range from the catalog themselves (the producer sends the hash of what it read).
    const fromCatalog = cli(...search, '--catalog', catalog, '--symbol', 'ORCL', '--json', join(dir, 'catalog-queued.json'), '--queue', redis.url);
    expect(fromCatalog.status, fromCatalog.stderr).toBe(0);
    expect(text(join(dir, 'catalog-queued.json'))).toBe(text(join(dir, 'local.json')));
    const report = json(join(dir, 'local.json')) as { trials: Array<{ trial: number }> };
    expect(report.trials.map((t) => t.trial)).toEqual([1, 2, 3]);
    const status = cli('queue', 'status', '--queue', redis.url);
    expect(status.stdout).toMatch(/2 worker\(s\) connected/);
    expect(status.stdout).not.toMatch(/run r/); // a finished run leaves no record behind
  }, 600_000);

  it('ml train --queue sends the folds to the workers and writes the local report and model, from inline bars and the catalog', () => {
    const train = (out: string, ...extra: string[]) =>
      cli('ml', 'train', '--model', 'gbdt', '--trees', '15', '--folds', '4', '--seed', '3', '--out', join(dir, out), '--json', join(dir, `${out}.json`), ...extra);
    const local = train('t-local', '--data', orcl, '--quiet');
    expect(local.status, local.stderr).toBe(0);
    const queued = train('t-queued', '--data', orcl, '--queue', redis.url);
    expect(queued.status, queued.stderr).toBe(0);
    // Each fold was a job: the producer saw four of them come back.
    expect(queued.stderr.match(/fold \d evaluated/g)).toHaveLength(4);
    const fromCatalog = train('t-catalog', '--catalog', catalog, '--symbol', 'ORCL', '--queue', redis.url, '--quiet');
    expect(fromCatalog.status, fromCatalog.stderr).toBe(0);
    const a = json(join(dir, 't-local.json'));
    expect((a.folds as unknown[]).length).toBe(4);
    for (const other of ['t-queued', 't-catalog']) {
      const b = json(join(dir, `${other}.json`));
      // Everything but the output folder, to the last digit (JSON prints every float64 with all its digits).
      expect(JSON.stringify({ ...b, out: '' })).toBe(JSON.stringify({ ...a, out: '' }));
      expect(readFileSync(join(dir, other, 'trees.json'))).toEqual(readFileSync(join(dir, 't-local', 'trees.json')));
      const card = json(join(dir, other, 'card.json'));
      expect(JSON.stringify(card.evaluation)).toBe(JSON.stringify(json(join(dir, 't-local', 'card.json')).evaluation));
    }
    const status = cli('queue', 'status', '--queue', redis.url);
    expect(status.stdout).not.toMatch(/run r/);
  }, 600_000);

  it('train, evaluate and backtest with --catalog equal the same commands on the CSV file', () => {
    const train = (source: string[], out: string) => cli('ml', 'train', '--model', 'gbdt', ...source, '--trees', '20', '--folds', '3', '--out', join(dir, out), '--json', join(dir, `${out}.json`), '--quiet');
    const fromFile = train(['--data', orcl], 'm-file');
    expect(fromFile.status, fromFile.stderr).toBe(0);
    const fromCatalog = train(['--catalog', catalog, '--symbol', 'ORCL'], 'm-catalog');
    expect(fromCatalog.status, fromCatalog.stderr).toBe(0);
    const a = json(join(dir, 'm-file.json'));
    const b = json(join(dir, 'm-catalog.json'));
    expect(b.oos).toEqual(a.oos);
    expect(b.folds).toEqual(a.folds);
    expect(readFileSync(join(dir, 'm-catalog', 'trees.json'))).toEqual(readFileSync(join(dir, 'm-file', 'trees.json')));

    const model = join(dir, 'm-file');
    for (const command of ['evaluate', 'backtest']) {
      const onFile = cli('ml', command, '--model', model, '--data', orcl, '--json', join(dir, `${command}-file.json`), '--quiet');
      expect(onFile.status, onFile.stderr).toBe(0);
      const onCatalog = cli('ml', command, '--model', model, '--catalog', catalog, '--symbol', 'ORCL', '--json', join(dir, `${command}-catalog.json`), '--quiet');
      expect(onCatalog.status, onCatalog.stderr).toBe(0);
      expect(text(join(dir, `${command}-catalog.json`))).toBe(text(join(dir, `${command}-file.json`)));
    }
    const missing = cli('ml', 'evaluate', '--model', model, '--catalog', catalog, '--symbol', 'NOPE');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no 1Day bars for NOPE .*catalog/);
    const both = cli('ml', 'evaluate', '--model', model, '--catalog', catalog, '--data', orcl);
    expect(both.stderr).toMatch(/--catalog reads --symbol SYM from the catalog/);
  }, 600_000);
});
