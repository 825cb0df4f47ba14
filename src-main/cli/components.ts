import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceHealth } from '../../src-shared/ipc/schemas.js';
import type { Workstation } from '../services/workstation.js';
import { STRATEGIES } from '../strategies/index.js';
import { APP_VERSION } from '../version.js';
import { modelVersion, shippedModels, WORKER_BUNDLE_FILES, type AppFiles } from './app-files.js';

export const COMPONENT_KINDS = ['service', 'strategy', 'model', 'data-provider', 'worker-bundle'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
const KIND_TITLE: Record<ComponentKind, string> = { service: 'services', strategy: 'strategies', model: 'models', 'data-provider': 'data providers', 'worker-bundle': 'worker bundles' };

/** One part of the app as `workstation components` lists it. */
export interface Component {
  kind: ComponentKind;
  name: string;
  /** A service's health state (ok, degraded, down, ...) for what runs; available / missing for what is loaded on demand. */
  state: ServiceHealth['state'] | 'available' | 'missing';
  version: string;
  detail: string;
}

/**
 * Every service (with its health), strategy, shipped model, market-data provider (in fallback order, with the
 * chain's view of it) and worker bundle. Services, strategies and providers are built into this version of the app,
 * so they carry its version; a model carries its card's.
 */
export function listComponents(workstation: Workstation, files: AppFiles): Component[] {
  const out: Component[] = [];
  for (const h of workstation.registry.health()) out.push({ kind: 'service', name: h.name, state: h.state, version: APP_VERSION, detail: h.detail });
  for (const [name, definition] of STRATEGIES) {
    out.push({ kind: 'strategy', name, state: 'available', version: APP_VERSION, detail: `${definition.timeframe}: ${definition.description}` });
  }
  for (const model of shippedModels(files.modelsDir)) {
    out.push({
      kind: 'model',
      name: model.name,
      state: model.missing.length === 0 ? 'available' : 'missing',
      version: modelVersion(model),
      detail: model.missing.length === 0 ? model.dir : `${model.dir} lacks ${model.missing.join(' and ')}`,
    });
  }
  let providers: ReturnType<Workstation['marketData']['providers']['report']> = [];
  try {
    providers = workstation.marketData.providers.report();
  } catch {
    // Market data did not start: its service line says why.
  }
  providers.forEach((p, i) => {
    out.push({
      kind: 'data-provider',
      name: p.source,
      state: p.ok ? 'ok' : 'down',
      version: APP_VERSION,
      detail: `${i === 0 ? 'first' : `fallback ${i}`} in the chain${p.lastError ? `; last error: ${p.lastError}` : ''}`,
    });
  });
  for (const file of WORKER_BUNDLE_FILES) {
    const path = join(files.mainDir, file);
    const found = existsSync(path);
    out.push({
      kind: 'worker-bundle',
      name: file.replace(/\.mjs$/, ''),
      state: found ? 'available' : 'missing',
      version: APP_VERSION,
      detail: found ? `${path} (${(statSync(path).size / 1024).toFixed(0)} KiB)` : `missing ${path}: run \`npm run build\``,
    });
  }
  return out;
}

/** The list as aligned text, grouped by kind. */
export function componentsText(components: readonly Component[]): string {
  const width = components.reduce((w, c) => Math.max(w, c.name.length), 4);
  const lines: string[] = [];
  for (const kind of COMPONENT_KINDS) {
    const group = components.filter((c) => c.kind === kind);
    lines.push(`${KIND_TITLE[kind]} (${group.length})`);
    for (const c of group) lines.push(`  ${c.name.padEnd(width)}  ${c.state.padEnd(9)}  ${c.version.padEnd(8)}  ${c.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
