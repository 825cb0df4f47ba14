// The options library: pure TypeScript, shared by main (CLI, services) and the renderer (payoff redraws).
export { normCdf, normPdf } from './normal.js';
export { bsmInto, bsmPrice, europeanGreeks } from './black-scholes.js';
export { americanInto, americanPrice, DEFAULT_SCHEME, type AloScheme } from './american.js';
export { impliedVol, impliedVolRaw, IV_ABOVE_MAXIMUM, IV_BELOW_INTRINSIC, type IvInputs } from './implied-vol.js';
export { analysePosition, firstExpiry, legValueAt, payoffCurve, pnlAt, positionGreeks, validateLegs, type Leg, type Market, type PositionAnalysis } from './position.js';
export { LEG_SYNTAX, parseLeg, type LegSpec } from './leg-syntax.js';
export { priceOption } from './price.js';
export { newGreeks, OptionsError, type Greeks, type OptionInputs, type OptionRight, type OptionStyle, type OptionsErrorCode } from './types.js';
