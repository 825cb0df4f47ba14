import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultReadWorkerScript } from '../../../src-main/history/read-client.js';
import { defaultBacktestScripts } from '../../../src-main/services/backtest-service.js';

/**
 * In an installed app, main runs from resources/app.asar (WORKSTATION_APP_ROOT, set by src-main/electron/main.ts)
 * and the worker bundles lie in resources/app.asar.unpacked (electron-builder.yml asarUnpack): a worker thread
 * cannot load its script from inside the archive, so the services must hand out the unpacked paths.
 */
describe('worker bundles are found unpacked beside the ASAR', () => {
  let dir = '';
  let unpacked = '';
  const saved = process.env.WORKSTATION_APP_ROOT;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asar-'));
    const asar = join(dir, 'resources', 'app.asar');
    unpacked = join(dir, 'resources', 'app.asar.unpacked', 'dist', 'main');
    mkdirSync(asar, { recursive: true });
    mkdirSync(unpacked, { recursive: true });
    for (const name of ['backtest-worker', 'backtest-job-worker', 'history-read-worker']) writeFileSync(join(unpacked, `${name}.mjs`), '');
    process.env.WORKSTATION_APP_ROOT = asar;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.WORKSTATION_APP_ROOT;
    else process.env.WORKSTATION_APP_ROOT = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the backtest job and sweep workers', () => {
    expect(defaultBacktestScripts()).toEqual({ job: join(unpacked, 'backtest-job-worker.mjs'), sweep: join(unpacked, 'backtest-worker.mjs') });
  });

  it('the history read worker', () => {
    expect(defaultReadWorkerScript()).toBe(join(unpacked, 'history-read-worker.mjs'));
  });
});
