import type { DockviewApi } from 'dockview';
import { openTab } from './open-tab.js';

/** What a first start (or a layout that could not be restored) shows: Welcome in front, System beside it. */
export function applyDefaultLayout(api: DockviewApi): void {
  api.clear();
  openTab(api, 'welcome');
  openTab(api, 'system');
  api.getPanel('welcome')?.api.setActive();
}
