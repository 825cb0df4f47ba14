import { issuesInWords } from '../../../src-shared/ipc/field-words.js';
import type { RequestOf } from '../../../src-shared/ipc/contract.js';
import { algoStartRequest } from '../../../src-shared/ipc/order-schemas.js';

export type AlgoKind = 'twap' | 'vwap' | 'pov' | 'iceberg';
export type AlgoStart = RequestOf<'orders.algoStart'>;

export const ALGO_KIND_LABELS: ReadonlyArray<{ value: AlgoKind; label: string }> = [
  { value: 'twap', label: 'TWAP (equal slices over time)' },
  { value: 'vwap', label: 'VWAP (slices by volume profile)' },
  { value: 'pov', label: 'POV (share of traded volume)' },
  { value: 'iceberg', label: 'Iceberg (show part at a time)' },
];

/** The algo section's inputs, as typed. */
export interface AlgoForm {
  kind: AlgoKind;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  limitPrice: string;
  durationMin: string;
  slices: string;
  /** VWAP: relative volume per slice, comma separated; blank lets main read it from past days' minute bars. */
  profile: string;
  participationPct: string;
  displayQty: string;
}

export type AlgoField = keyof AlgoForm;
export type AlgoErrors = Partial<Record<AlgoField | 'form', string>>;

export const EMPTY_ALGO: AlgoForm = {
  kind: 'twap',
  symbol: '',
  side: 'buy',
  qty: '',
  limitPrice: '',
  durationMin: '10',
  slices: '10',
  profile: '',
  participationPct: '10',
  displayQty: '',
};

/** Which inputs a kind uses (the others are hidden and not sent). */
export function algoFieldsOf(kind: AlgoKind): AlgoField[] {
  switch (kind) {
    case 'twap':
      return ['durationMin', 'slices'];
    case 'vwap':
      return ['durationMin', 'slices', 'profile'];
    case 'pov':
      return ['participationPct'];
    case 'iceberg':
      return ['displayQty'];
  }
}

const WHOLE = /^\d+$/;
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Checks the algo section as the engine in main will (whole shares, a schedule no finer than one share a slice,
 * an iceberg's limit and display size, POV's share), in words beside each input, then builds the request and
 * runs it through the contract's schema, the one main validates with.
 */
export function validateAlgo(form: AlgoForm): { request: AlgoStart | undefined; errors: AlgoErrors; valid: boolean } {
  const errors: AlgoErrors = {};
  const used = new Set(algoFieldsOf(form.kind));
  const symbol = form.symbol.trim().toUpperCase();
  if (!symbol) errors.symbol = 'symbol is required';
  else if (!/^[A-Z][A-Z0-9.]{0,20}$/.test(symbol)) errors.symbol = 'a symbol is letters, digits and dots, like AAPL or BRK.B';

  const qtyText = form.qty.trim();
  const qty = WHOLE.test(qtyText) ? Number(qtyText) : Number.NaN;
  if (!qtyText) errors.qty = 'quantity is required';
  else if (!Number.isInteger(qty) || qty < 1) errors.qty = 'a whole number of shares, at least 1';
  else if (qty > 1_000_000) errors.qty = 'at most 1,000,000 shares';

  const limitText = form.limitPrice.trim();
  if (limitText && (!NUMBER.test(limitText) || Number(limitText) <= 0)) errors.limitPrice = 'a positive price like 187.50';
  else if (!limitText && form.kind === 'iceberg') errors.limitPrice = 'an iceberg needs a limit price';

  let durationMs: number | undefined;
  let slices: number | undefined;
  let profile: number[] | undefined;
  if (used.has('durationMin')) {
    const minutes = NUMBER.test(form.durationMin.trim()) ? Number(form.durationMin.trim()) : Number.NaN;
    if (!Number.isFinite(minutes) || minutes <= 0) errors.durationMin = 'a duration in minutes, like 30';
    else if (minutes * 60_000 < 1_000) errors.durationMin = 'at least one second (0.02 minutes)';
    else if (minutes > 1_440) errors.durationMin = 'at most 1440 minutes (a day)';
    else durationMs = Math.round(minutes * 60_000);
    const slicesText = form.slices.trim();
    slices = WHOLE.test(slicesText) ? Number(slicesText) : Number.NaN;
    if (!Number.isInteger(slices) || slices < 1 || slices > 1_000) errors.slices = 'a whole number of slices from 1 to 1000';
    else if (!errors.qty && slices > qty) errors.slices = `${slices} slices for ${qty} shares: at most one slice per share`;
  }
  if (used.has('profile') && form.profile.trim()) {
    const weights = form.profile.split(',').map((w) => w.trim());
    if (weights.some((w) => !NUMBER.test(w))) errors.profile = 'weights are non-negative numbers separated by commas, like 3, 2, 1, 2, 3';
    else if (!errors.slices && slices !== undefined && weights.length !== slices) errors.profile = `one weight per slice: ${weights.length} weights for ${slices} slices`;
    else if (weights.every((w) => Number(w) === 0)) errors.profile = 'at least one weight above 0';
    else profile = weights.map(Number);
  }
  let participation: number | undefined;
  if (used.has('participationPct')) {
    const pct = NUMBER.test(form.participationPct.trim()) ? Number(form.participationPct.trim()) : Number.NaN;
    if (!Number.isFinite(pct) || pct <= 0 || pct > 50) errors.participationPct = 'a share of traded volume above 0 and at most 50 %';
    else participation = pct / 100;
  }
  let displayQty: number | undefined;
  if (used.has('displayQty')) {
    const text = form.displayQty.trim();
    displayQty = WHOLE.test(text) ? Number(text) : Number.NaN;
    if (!text) errors.displayQty = 'the quantity shown at once is required';
    else if (!Number.isInteger(displayQty) || displayQty < 1) errors.displayQty = 'a whole number of shares, at least 1';
    else if (!errors.qty && displayQty > qty) errors.displayQty = 'no more than the whole quantity';
  }
  if (Object.keys(errors).length > 0) return { request: undefined, errors, valid: false };

  const request: AlgoStart = {
    kind: form.kind,
    symbol,
    side: form.side,
    qty,
    ...(limitText ? { limitPrice: limitText } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(slices !== undefined && used.has('slices') ? { slices } : {}),
    ...(profile ? { profile } : {}),
    ...(participation !== undefined ? { participation } : {}),
    ...(displayQty !== undefined ? { displayQty } : {}),
  };
  const parsed = algoStartRequest.safeParse(request);
  if (!parsed.success) return { request: undefined, errors: { form: issuesInWords(parsed.error.issues) }, valid: false };
  return { request, errors, valid: true };
}

/** One line for the trader once main accepted the parent. */
export function describeAlgo(request: AlgoStart): string {
  const what = `${request.kind.toUpperCase()} ${request.side} ${request.qty} ${request.symbol}${request.limitPrice ? ` limit ${request.limitPrice}` : ' at market'}`;
  switch (request.kind) {
    case 'twap':
    case 'vwap':
      return `${what} over ${(request.durationMs ?? 0) / 60_000} min in ${request.slices} slices`;
    case 'pov':
      return `${what} at ${((request.participation ?? 0) * 100).toFixed(1)} % of volume`;
    case 'iceberg':
      return `${what} showing ${request.displayQty} at a time`;
  }
}
