import { ClientSideRowModelModule, ModuleRegistry } from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';

/** AG Grid's client-side row model only, themed by its CSS files (the GUI's CSP refuses injected <style>). */
let registered = false;
export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([ClientSideRowModelModule]);
}
