import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the Backtest tab draws: lines (equity, drawdown) with their legend, the parameter heatmap and the
// Monte Carlo histograms.
echarts.use([LineChart, HeatmapChart, BarChart, GridComponent, TooltipComponent, DataZoomComponent, VisualMapComponent, LegendComponent, CanvasRenderer]);

export { echarts };
