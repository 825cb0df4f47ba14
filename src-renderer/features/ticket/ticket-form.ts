import { orderIntent, type OrderClass, type OrderIntentInput, type OrderSide, type OrderType, type TimeInForce } from '../../../src-shared/domain/order-intent.js';

/** What the ticket's inputs hold: text as typed, so a half-typed price is not lost or rounded. */
export interface TicketForm {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  sizing: 'qty' | 'notional';
  amount: string;
  limitPrice: string;
  stopPrice: string;
  trailKind: 'price' | 'percent';
  trail: string;
  extendedHours: boolean;
  orderClass: Exclude<OrderClass, 'mleg'>;
  takeProfit: string;
  stopLossStop: string;
  stopLossLimit: string;
}

export const EMPTY_TICKET: TicketForm = {
  symbol: '',
  side: 'buy',
  type: 'limit',
  timeInForce: 'day',
  sizing: 'qty',
  amount: '',
  limitPrice: '',
  stopPrice: '',
  trailKind: 'price',
  trail: '',
  extendedHours: false,
  orderClass: 'simple',
  takeProfit: '',
  stopLossStop: '',
  stopLossLimit: '',
};

export type TicketField = keyof TicketForm;

export const needsLimit = (type: OrderType): boolean => type === 'limit' || type === 'stop_limit';
export const needsStop = (type: OrderType): boolean => type === 'stop' || type === 'stop_limit';
export const hasLegs = (orderClass: TicketForm['orderClass']): boolean => orderClass !== 'simple';

/** The intent the ticket would send: only the fields the chosen type and class use, blanks left out. */
export function intentOf(form: TicketForm): OrderIntentInput {
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const intent: OrderIntentInput = {
    symbol: form.symbol.trim().toUpperCase(),
    side: form.side,
    type: form.type,
    timeInForce: form.timeInForce,
    extendedHours: form.extendedHours,
    orderClass: form.orderClass,
  };
  const amount = text(form.amount);
  if (amount !== undefined) intent[form.sizing] = amount;
  const limit = text(form.limitPrice);
  if (needsLimit(form.type) && limit !== undefined) intent.limitPrice = limit;
  const stop = text(form.stopPrice);
  if (needsStop(form.type) && stop !== undefined) intent.stopPrice = stop;
  const trail = text(form.trail);
  if (form.type === 'trailing_stop' && trail !== undefined) {
    if (form.trailKind === 'price') intent.trailPrice = trail;
    else intent.trailPercent = trail;
  }
  if (hasLegs(form.orderClass)) {
    const takeProfit = text(form.takeProfit);
    const stopLoss = text(form.stopLossStop);
    const stopLossLimit = text(form.stopLossLimit);
    if (takeProfit !== undefined) intent.takeProfit = { limitPrice: takeProfit };
    if (stopLoss !== undefined) intent.stopLoss = { stopPrice: stopLoss, ...(stopLossLimit !== undefined ? { limitPrice: stopLossLimit } : {}) };
  }
  return intent;
}

/** Which input a schema path belongs to, so the message shows beside it. */
function fieldOf(path: readonly PropertyKey[]): TicketField | 'form' {
  const [head, sub] = path.map(String);
  switch (head) {
    case 'symbol':
    case 'side':
    case 'type':
    case 'timeInForce':
    case 'limitPrice':
    case 'stopPrice':
    case 'extendedHours':
    case 'orderClass':
    case 'takeProfit':
      return head;
    case 'qty':
    case 'notional':
      return 'amount';
    case 'trailPrice':
    case 'trailPercent':
      return 'trail';
    case 'stopLoss':
      return sub === 'limitPrice' ? 'stopLossLimit' : 'stopLossStop';
    default:
      return 'form';
  }
}

export type TicketErrors = Partial<Record<TicketField | 'form', string>>;

/** Validates with the shared order-intent schema (the one main applies): messages keyed by input. */
export function validateTicket(form: TicketForm): { intent: OrderIntentInput; errors: TicketErrors; valid: boolean } {
  const intent = intentOf(form);
  const parsed = orderIntent.safeParse(intent);
  const errors: TicketErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      const message = field === 'symbol' && !intent.symbol ? 'symbol is required' : field === 'amount' && issue.message.startsWith('give exactly one') ? `${form.sizing === 'qty' ? 'quantity' : 'dollar amount'} is required` : issue.message;
      errors[field] ??= message;
    }
  }
  return { intent, errors, valid: parsed.success };
}

/** A fresh key per intent to send: the same key twice (double click, replay) is one order in main. */
export function newRequestKey(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `ticket-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
