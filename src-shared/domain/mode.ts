/** How the workstation reaches a market. Demo is the default when no credentials are stored. */
export const TRADING_MODES = ['demo', 'paper', 'live'] as const;
export type TradingMode = (typeof TRADING_MODES)[number];
