import type { DockviewApi, SerializedDockview } from 'dockview';
import type { WorkstationClient } from '../../../src-shared/ipc/client.js';
import { findTab } from '../tab-registry.js';
import { applyDefaultLayout } from './default-layout.js';

const SAVE_DEBOUNCE_MS = 500;
/** A host that never answers must not leave the user looking at an empty dock. */
const RESTORE_TIMEOUT_MS = 5000;

export type RestoreOutcome = 'restored' | 'default' | 'fallback';

/** Restores the saved layout, or shows the default one when there is none or it cannot be used. */
export async function restoreLayout(api: DockviewApi, client: WorkstationClient): Promise<RestoreOutcome> {
  let saved: unknown;
  try {
    saved = (await withTimeout(client.invoke('settings.get', { key: 'ui.layout' }), RESTORE_TIMEOUT_MS)).value;
  } catch (error) {
    console.warn('could not read the saved layout; using the default', error);
    applyDefaultLayout(api);
    return 'fallback';
  }
  if (saved === null || saved === undefined) {
    applyDefaultLayout(api);
    return 'default';
  }
  try {
    if (!isUsableLayout(saved)) throw new Error('the saved layout names tabs this version does not have');
    api.fromJSON(saved);
    if (api.panels.length === 0) throw new Error('the saved layout has no tabs');
    return 'restored';
  } catch (error) {
    console.warn('could not restore the saved layout; using the default', error);
    applyDefaultLayout(api);
    return 'fallback';
  }
}

export function saveLayout(api: DockviewApi, client: WorkstationClient): void {
  client.invoke('settings.set', { key: 'ui.layout', value: api.toJSON() }).catch((error: unknown) => {
    console.warn('could not save the layout', error);
  });
}

/** Saves the layout a moment after it stops changing, so a drag does not send a write per frame. */
export function watchLayout(api: DockviewApi, client: WorkstationClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    timer = undefined;
    saveLayout(api, client);
  };
  const subscription = api.onDidLayoutChange(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DEBOUNCE_MS);
  });
  return () => {
    subscription.dispose();
    if (timer !== undefined) clearTimeout(timer);
  };
}

function isUsableLayout(value: unknown): value is SerializedDockview {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.grid !== 'object' || record.grid === null) return false;
  if (typeof record.panels !== 'object' || record.panels === null) return false;
  return Object.values(record.panels as Record<string, unknown>).every((panel) => {
    const component = (panel as { contentComponent?: unknown } | null)?.contentComponent;
    return typeof component === 'string' && findTab(component) !== undefined;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
