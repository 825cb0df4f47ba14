import { CellStyleModule, ClientSideRowModelApiModule, ClientSideRowModelModule, GridStateModule, ModuleRegistry, RowApiModule, RowSelectionModule, RowStyleModule, TooltipModule } from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import '../../components/grid/workstation-grid.css';

/**
 * AG Grid with the modules the opportunities grid uses, themed by CSS files (the JavaScript theming API would inject
 * <style> elements the GUI's CSP refuses). The grid state module keeps the trader's sort across reloads; tooltips
 * show a reason too long for its cell.
 */
let registered = false;
export function registerOpportunityGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, RowApiModule, RowSelectionModule, RowStyleModule, CellStyleModule, GridStateModule, TooltipModule]);
}
