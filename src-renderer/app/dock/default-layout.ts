import type { DockviewApi } from 'dockview';
import { openTab } from './open-tab.js';

/** What a first start (or a layout that could not be restored) shows. */
export function applyDefaultLayout(api: DockviewApi): void {
  api.clear();
  openTab(api, 'welcome');
  openTab(api, 'system');
}
