import { HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the Backtest tab draws: lines (equity, drawdown) and the parameter heatmap.
echarts.use([LineChart, HeatmapChart, GridComponent, TooltipComponent, DataZoomComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
