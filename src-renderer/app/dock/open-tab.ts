import type { DockviewApi } from 'dockview';
import { findTab } from '../tab-registry.js';

/**
 * Opening a kind of tab brings the existing one to the front. A multi-instance kind (Chart) does the same for its
 * focused (or visible, else newest) panel unless `newInstance` is asked (the toolbar's Shift/Ctrl/Cmd-click), which adds a panel
 * with ids chart, chart-2, chart-3, ... on the same component.
 */
export function openTab(api: DockviewApi, tabId: string, options: { newInstance?: boolean } = {}): void {
  const tab = findTab(tabId);
  if (!tab) throw new Error(`no tab is registered as "${tabId}"`);
  if (tab.multiInstance) {
    const open = api.panels.filter((p) => p.api.component === tab.id);
    const focused = open.find((p) => p.api.isActive) ?? open.find((p) => p.api.isVisible) ?? open.at(-1);
    if (focused && !options.newInstance) {
      focused.api.setActive();
      return;
    }
    let n = 1;
    while (api.getPanel(n === 1 ? tabId : `${tabId}-${n}`)) n++;
    const id = n === 1 ? tabId : `${tabId}-${n}`;
    api.addPanel({ id, component: tab.id, title: n === 1 ? tab.title : `${tab.title} ${n}` });
    return;
  }
  const existing = api.getPanel(tabId);
  if (existing) {
    existing.api.setActive();
    return;
  }
  api.addPanel({ id: tab.id, component: tab.id, title: tab.title });
}
