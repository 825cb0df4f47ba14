import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { EpochMs } from '../../../src-shared/time.js';
import type { FaultPlan, StreamKind } from '../faults.js';
import { secretsEqual } from './auth.js';
import { AlpacaHttpError, type ExchangeResponse } from './route-types.js';

/**
 * The exchange's control API: fault injection, halts and simulated time for tests and demos. Real Alpaca has
 * nothing under this prefix, so no Alpaca client can reach it by mistake; it also answers only loopback peers
 * that present the per-exchange control token, so a stray local client cannot flip faults either.
 */
export const CONTROL_PREFIX = '/__exchange/';
export const CONTROL_TOKEN_HEADER = 'x-exchange-control-token';

/** What the composition lets the control API reach; a missing hook answers 409 with the reason. */
export interface ControlHooks {
  setHalted?(symbol: string, halted: boolean): void;
  /** Moves simulated time forward and returns the new time. */
  advanceClock?(ms: number): EpochMs;
  health?(): Record<string, unknown>;
}

const faultChanges = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  dropOrderResponses: z.number().int().min(0).max(1_000_000).optional(),
  errorBurst: z
    .strictObject({ status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]), remaining: z.number().int().min(1), ordersOnly: z.boolean().optional() })
    .nullable()
    .optional(),
  streamsSilent: z.boolean().optional(),
  duplicateTradeUpdates: z.boolean().optional(),
  reorderTradeUpdates: z.boolean().optional(),
});
const disconnectBody = z.strictObject({ kind: z.enum(['trade_updates', 'market_data', 'all']).optional() }).optional();
const haltBody = z.strictObject({ symbol: z.string().min(1).max(64), halted: z.boolean() });
const advanceBody = z.strictObject({ ms: z.number().int().min(0).max(366 * 24 * 3600 * 1000) });

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(request: IncomingMessage): boolean {
  return LOOPBACK.has(request.socket.remoteAddress ?? '');
}

function invalid(message: string): AlpacaHttpError {
  return new AlpacaHttpError(422, { code: 42210000, message });
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw invalid(`invalid control request: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return result.data;
}

export class ControlApi {
  constructor(
    private readonly token: string,
    private readonly faults: FaultPlan,
    private readonly hooks: ControlHooks = {},
  ) {}

  /** Refuses non-loopback peers and missing or wrong tokens before anything is parsed. */
  authorize(request: IncomingMessage): ExchangeResponse | undefined {
    if (!isLoopback(request)) return { status: 403, body: { code: 40310000, message: 'the control API answers loopback clients only' } };
    const given = request.headers[CONTROL_TOKEN_HEADER];
    if (typeof given !== 'string' || !secretsEqual(given, this.token)) {
      return { status: 403, body: { code: 40310000, message: `the control API needs the exchange's control token in the ${CONTROL_TOKEN_HEADER} header` } };
    }
    return undefined;
  }

  handle(method: string, path: string, body: unknown): ExchangeResponse {
    const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
    switch (route) {
      case 'GET /health':
        return { status: 200, body: { status: 'ok', faults: this.faults.current, ...(this.hooks.health?.() ?? {}) } };
      case 'GET /faults':
        return { status: 200, body: this.faults.current };
      case 'PUT /faults': {
        const changes = parse(faultChanges, body ?? {});
        const { errorBurst, ...rest } = changes;
        this.faults.set({ ...rest, ...(errorBurst !== undefined ? { errorBurst: errorBurst ?? undefined } : {}) });
        return { status: 200, body: this.faults.current };
      }
      case 'DELETE /faults':
        this.faults.reset();
        return { status: 200, body: this.faults.current };
      case 'POST /faults/disconnect-streams': {
        const kind: StreamKind | 'all' = parse(disconnectBody, body)?.kind ?? 'all';
        this.faults.disconnectStreams(kind);
        return { status: 200, body: { disconnected: kind } };
      }
      case 'POST /market/halt': {
        const { symbol, halted } = parse(haltBody, body);
        if (!this.hooks.setHalted) throw new AlpacaHttpError(409, { code: 40910000, message: 'this exchange has no market to halt' });
        this.hooks.setHalted(symbol, halted);
        return { status: 200, body: { symbol, halted } };
      }
      case 'POST /clock/advance': {
        const { ms } = parse(advanceBody, body);
        if (!this.hooks.advanceClock) {
          throw new AlpacaHttpError(409, { code: 40910000, message: 'the exchange runs on wall time; start it with a speed other than 1 or a start time to advance its clock' });
        }
        return { status: 200, body: { now: this.hooks.advanceClock(ms) } };
      }
      default:
        return { status: 404, body: { code: 40410000, message: `no control endpoint ${route}` } };
    }
  }
}
