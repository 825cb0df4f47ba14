import { CellStyleModule, ClientSideRowModelApiModule, ClientSideRowModelModule, GridStateModule, ModuleRegistry, RowApiModule, RowSelectionModule, RowStyleModule } from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import '../../components/grid/workstation-grid.css';

/**
 * AG Grid with only the modules the blotters use, themed by its CSS files: the JavaScript theming API would
 * inject <style> elements, which the GUI's CSP (style-src 'self') refuses. Registering twice is harmless. The
 * grid state module carries each grid's sort order (initial state, read on change) across reloads.
 */
let registered = false;
export function registerBlotterGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, RowApiModule, RowSelectionModule, RowStyleModule, CellStyleModule, GridStateModule]);
}
