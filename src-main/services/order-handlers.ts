import { CodedError } from '../../src-shared/ipc/errors.js';
import { ORDERS_PAGE_DEFAULT } from '../../src-shared/ipc/order-schemas.js';
import type { OrderRecord } from '../../src-shared/domain/order-record.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import type { SubmitResult } from '../kernel/orders/order-manager.js';
import { AlgoError } from '../kernel/algos/algo-engine.js';
import type { OrderService } from './order-service.js';

type OrderWire = Omit<OrderRecord, 'intent'> & { intent: Record<string, unknown> };

function wire(order: OrderRecord): OrderWire {
  return { ...order, intent: { ...order.intent } };
}

function answer(result: SubmitResult | { ok: true; order: OrderRecord } | { ok: false; code: string; message: string; order?: OrderRecord }) {
  if (result.ok) return { ok: true, order: wire(result.order), ...('repeated' in result ? { repeated: result.repeated } : {}) };
  return { ok: false, code: result.code, message: result.message, ...(result.order ? { order: wire(result.order) } : {}) };
}

/** The orders service's IPC handlers: the ticket and the blotters go through the same manager and risk engine as bots. */
export function createOrderHandlers(orders: () => OrderService): ContractHandlers['orders'] {
  const manager = () => {
    try {
      return orders().manager;
    } catch (error) {
      throw new CodedError('UNAVAILABLE', error instanceof Error ? error.message : String(error));
    }
  };
  const algosOf = () => {
    try {
      return orders().algos;
    } catch (error) {
      throw new CodedError('UNAVAILABLE', error instanceof Error ? error.message : String(error));
    }
  };
  return {
    status: () => {
      const service = orders();
      const ready = service.ready;
      return {
        mode: service.mode,
        ready,
        streamReady: ready ? service.manager.streamReady : false,
        risk: ready ? service.manager.riskState : { state: 'HALTED' as const, reason: 'orders not started' },
        pausedSources: ready ? service.manager.paused() : [],
        reconciliation: ready ? (service.manager.reconciliation ?? null) : null,
      };
    },
    submit: async ({ intent, requestKey }) => answer(await manager().submit(intent, 'ticket', { requestKey })),
    cancel: async ({ clientOrderId }) => answer(await manager().cancel(clientOrderId)),
    replace: async ({ clientOrderId, ...changes }) => answer(await manager().replace(clientOrderId, changes, 'ticket')),
    list: ({ limit, before, open }) => {
      const page = manager().ordersPage({ limit: limit ?? ORDERS_PAGE_DEFAULT, ...(before ? { before } : {}), ...(open ? { open } : {}) });
      if (!page) throw new CodedError('NOT_FOUND', `no order ${before} to page from: start again without \`before\``);
      return page.map(wire);
    },
    fills: () => manager().fills(),
    positions: () => manager().positionRecords(),
    denials: ({ limit }) => manager().recentDenials(limit),
    killSwitch: ({ flatten }) => manager().killSwitch({ flatten, reason: 'GUI' }),
    held: () => manager().heldOrders().map(wire),
    releaseHeld: async ({ clientOrderId, action }) => answer(await manager().releaseHeld(clientOrderId, action)),
    preview: ({ intent }) => manager().preview(intent, 'ticket'),
    exercise: ({ symbol }) => manager().exercise(symbol),
    account: async () => {
      const { account, positions } = await manager().accountSnapshot();
      const { accountBlocked: _blocked, shortingEnabled: _shorting, ...fields } = account;
      return { ...fields, marks: positions.map((p) => ({ symbol: p.symbol, currentPrice: p.currentPrice, marketValue: p.marketValue, unrealizedPl: p.unrealizedPl })) };
    },
    algoStart: async (request) => {
      try {
        const { profile, ...spec } = request;
        const slices = request.slices ?? profile?.length;
        let weights = profile;
        let note: string | undefined;
        if (request.kind === 'vwap' && !profile && slices) {
          // No weights given: the same window on the past week's days, from the broker's one-minute bars.
          const found = await orders()
            .vwapProfile(request.symbol, slices, request.durationMs ?? 0)
            .catch(() => undefined);
          weights = found && found.days > 0 ? found.profile : new Array<number>(slices).fill(1);
          note = found && found.days > 0 ? `volume profile from ${found.days} past day(s) of one-minute bars` : 'no intraday volume history for this window: an even profile (as TWAP)';
        }
        return { ok: true, algo: algosOf().start({ ...spec, ...(weights ? { profile: weights } : {}) }), ...(note ? { message: note } : {}) };
      } catch (error) {
        if (error instanceof AlgoError) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    },
    algoCancel: async ({ id }) => {
      try {
        return { ok: true, algo: await algosOf().cancel(id) };
      } catch (error) {
        if (error instanceof AlgoError) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    },
    algos: () => algosOf().list(),
    resume: ({ source }) => {
      if (source) manager().resumeSource(source);
      else manager().resumeTrading('resumed by the user');
      return manager().riskState;
    },
  };
}
