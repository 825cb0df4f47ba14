import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedPath } from '../worker-bundles.js';

/**
 * Where the files the app needs live, seen from the CLI bundle (dist/main/cli.mjs): the app root two folders up
 * (or WORKSTATION_APP_ROOT), the GUI build, the worker bundles beside the CLI, the shipped models.
 */
export interface AppFiles {
  root: string;
  rendererDir: string;
  mainDir: string;
  modelsDir: string;
}

export function appFiles(): AppFiles {
  const mainDir = unpackedPath(dirname(fileURLToPath(import.meta.url)));
  const root = process.env.WORKSTATION_APP_ROOT ?? join(mainDir, '..', '..');
  return { root, rendererDir: join(mainDir, '..', 'renderer'), mainDir, modelsDir: join(root, 'models') };
}

/**
 * The worker-thread bundles a start needs, by file name. The same list as scripts/worker-bundles.mjs (which the
 * build reads; a packaged app does not ship scripts/), plus the exchange worker; a unit test keeps them equal.
 */
export const WORKER_BUNDLE_FILES = ['exchange-worker.mjs', 'backtest-worker.mjs', 'backtest-job-worker.mjs', 'history-read-worker.mjs', 'ml-train-worker.mjs', 'ml-inference-worker.mjs', 'scan-worker.mjs', 'rebalance-worker.mjs', 'ml-hist-worker.mjs'] as const;

export interface ShippedModel {
  name: string;
  version: string;
  dir: string;
  /** What is missing of model.onnx and card.json (empty: complete). */
  missing: string[];
}

/** models/<name>/<version>/ folders (model.onnx + card.json each). */
export function shippedModels(modelsDir: string): ShippedModel[] {
  if (!existsSync(modelsDir)) return [];
  const out: ShippedModel[] = [];
  for (const name of readdirSync(modelsDir).sort()) {
    const modelDir = join(modelsDir, name);
    if (!statSync(modelDir).isDirectory()) continue;
    for (const version of readdirSync(modelDir).sort()) {
      const dir = join(modelDir, version);
      if (!statSync(dir).isDirectory()) continue;
      out.push({ name, version, dir, missing: ['model.onnx', 'card.json'].filter((f) => !existsSync(join(dir, f))) });
    }
  }
  return out;
}

/** A model card's version where it names one, else the folder's. */
export function modelVersion(model: ShippedModel): string {
  try {
    const card = JSON.parse(readFileSync(join(model.dir, 'card.json'), 'utf8')) as { version?: unknown };
    return typeof card.version === 'string' ? card.version : model.version;
  } catch {
    return model.version;
  }
}
