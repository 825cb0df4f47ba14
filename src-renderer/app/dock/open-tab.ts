import type { DockviewApi } from 'dockview';
import { findTab } from '../tab-registry.js';

/** Each kind of tab is open at most once: opening it again brings the existing one to the front. */
export function openTab(api: DockviewApi, tabId: string): void {
  const existing = api.getPanel(tabId);
  if (existing) {
    existing.api.setActive();
    return;
  }
  const tab = findTab(tabId);
  if (!tab) throw new Error(`no tab is registered as "${tabId}"`);
  api.addPanel({ id: tab.id, component: tab.id, title: tab.title });
}
