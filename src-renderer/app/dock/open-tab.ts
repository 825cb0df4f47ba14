import type { DockviewApi } from 'dockview';
import { findTab } from '../tab-registry.js';

/**
 * Each kind of tab is open at most once: opening it again brings the existing one to the front. A multi-instance
 * kind (Chart) opens a new panel each time, with ids chart, chart-2, chart-3, ... on the same component.
 */
export function openTab(api: DockviewApi, tabId: string): void {
  const multi = findTab(tabId);
  if (multi?.multiInstance) {
    let n = 1;
    while (api.getPanel(n === 1 ? tabId : `${tabId}-${n}`)) n++;
    const id = n === 1 ? tabId : `${tabId}-${n}`;
    api.addPanel({ id, component: multi.id, title: n === 1 ? multi.title : `${multi.title} ${n}` });
    return;
  }
  const existing = api.getPanel(tabId);
  if (existing) {
    existing.api.setActive();
    return;
  }
  const tab = findTab(tabId);
  if (!tab) throw new Error(`no tab is registered as "${tabId}"`);
  api.addPanel({ id: tab.id, component: tab.id, title: tab.title });
}
