import type { Broker } from '../../broker/broker.js';
import type { TradeUpdateData } from '../../broker/model.js';
import { invalidInput } from '../../broker/errors.js';
import type { EventChannel, Route } from '../../server/route-types.js';

/**
 * GET /v2/events/trades: the order events as server-sent events (README §3: used by the Go SDK; the payload is
 * the recorded Broker API SSE event, `streams/trade-events-sse-new-broker.from-docs.json`: the trade update plus
 * `account_id`, `at` and an increasing `event_id`). `since`/`since_id` replay past events first; with `until` or
 * `until_id` the answer ends after the past events, without them it stays open for new ones.
 */
export interface TradeEvent extends TradeUpdateData {
  account_id: string;
  at: string;
  event_id: number;
}

/** Past events kept per account for since/since_id queries (the oldest are dropped beyond it). */
const HISTORY_LIMIT = 10_000;

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const t = Date.parse(/^\d{4}-\d\d-\d\d$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(t)) throw invalidInput(`${name} must be an RFC-3339 time or a YYYY-MM-DD date`);
  return t;
}

function idParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 0) throw invalidInput(`${name} must be a non-negative integer event id`);
  return id;
}

export function tradeEventRoutes(broker: Broker): Route[] {
  let nextId = 1;
  const history = new Map<string, TradeEvent[]>();
  const live = new Map<string, Set<EventChannel>>();
  broker.onTradeUpdate((keyId, update) => {
    const event: TradeEvent = { account_id: broker.account(keyId).id, at: update.timestamp, event_id: nextId++, ...update };
    const past = history.get(keyId) ?? [];
    past.push(event);
    if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
    history.set(keyId, past);
    for (const channel of live.get(keyId) ?? []) channel.send(event, event.event_id);
  });
  return [
    {
      method: 'GET',
      path: '/v2/events/trades',
      handler: (request) => {
        const since = timeParam(request.query, 'since');
        const until = timeParam(request.query, 'until');
        const sinceId = idParam(request.query, 'since_id');
        const untilId = idParam(request.query, 'until_id');
        const bounded = until !== undefined || untilId !== undefined;
        const wanted = (e: TradeEvent): boolean => {
          const at = Date.parse(e.at);
          return (since === undefined || at >= since) && (until === undefined || at < until) && (sinceId === undefined || e.event_id > sinceId) && (untilId === undefined || e.event_id <= untilId);
        };
        return {
          status: 200,
          events: (channel) => {
            const replay = since !== undefined || sinceId !== undefined || bounded;
            if (replay) for (const e of history.get(request.keyId) ?? []) if (wanted(e)) channel.send(e, e.event_id);
            if (bounded) return channel.end();
            const set = live.get(request.keyId) ?? new Set<EventChannel>();
            set.add(channel);
            live.set(request.keyId, set);
            channel.onClose(() => set.delete(channel));
          },
        };
      },
    },
  ];
}
