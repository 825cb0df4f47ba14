// echarts-gl ships no type declarations: the two entry points the surface uses, as ECharts extension installers.
declare module 'echarts-gl/charts' {
  export const SurfaceChart: (registers: unknown) => void;
}
declare module 'echarts-gl/components' {
  export const Grid3DComponent: (registers: unknown) => void;
}
