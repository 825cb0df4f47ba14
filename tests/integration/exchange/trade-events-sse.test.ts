import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { CONTRACT_DIR } from '../../support/contract.js';
import { expectSameShape } from '../../support/json-shape.js';

/**
 * GET /v2/events/trades over real HTTP on loopback: order events as server-sent events, compared by shape with the
 * recorded SSE event (streams/trade-events-sse-new-broker.from-docs.json); past events by since_id/until_id.
 */
const RECORDED = JSON.parse(readFileSync(join(CONTRACT_DIR, 'streams', 'trade-events-sse-new-broker.from-docs.json'), 'utf8')) as Record<string, unknown>;
type SseEvent = Record<string, unknown> & { event: string; event_id: number; order: Record<string, unknown> };

/** Reads `data:` events from an open SSE response until `done` says so (or the stream ends). */
async function readEvents(res: Response, done: (events: SseEvent[]) => boolean): Promise<{ events: SseEvent[]; ids: string[] }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const ids: string[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as SseEvent);
        if (line.startsWith('id: ')) ids.push(line.slice(4));
      }
    }
  }
  await reader.cancel().catch(() => undefined);
  return { events, ids };
}

describe('trade events over SSE (/v2/events/trades)', () => {
  let ex: RunningExchange;
  let headers: Record<string, string>;
  beforeAll(async () => {
    ex = await startExchange({ seed: 7, speed: 1, startTime: Date.parse('2024-03-06T15:00:00Z'), partialFillShare: 0 });
    headers = { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret };
  });
  afterAll(() => ex.close());

  it('streams each order event live with the recorded fields', async () => {
    const res = await fetch(`${ex.tradingUrl}/v2/events/trades`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reading = readEvents(res, (events) => events.some((e) => e.event === 'fill'));
    const order = await fetch(`${ex.tradingUrl}/v2/orders`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', notional: '10', side: 'buy', type: 'market', time_in_force: 'day' }),
    });
    const submitted = (await order.json()) as { id: string };
    const { events, ids } = await reading;
    expect(events.map((e) => e.event)).toEqual(['new', 'fill']);
    expect(events.every((e) => e.order.id === submitted.id)).toBe(true);
    expect(ids).toEqual(events.map((e) => String(e.event_id)));
    expect(events[1]!.event_id).toBeGreaterThan(events[0]!.event_id);
    const { order: gotOrder, ...gotRest } = events[0]!;
    const { order: wantOrder, ...wantRest } = RECORDED;
    expectSameShape(gotRest, wantRest);
    // The recorded order is a Broker API one (it adds commission); current trading orders add newer fields.
    const { commission: _commission, ...tradingOrder } = wantOrder as Record<string, unknown>;
    expectSameShape(gotOrder, tradingOrder, { allowExtraKeys: true });
    expect(gotRest.account_id).toBe(((await (await fetch(`${ex.tradingUrl}/v2/account`, { headers })).json()) as { id: string }).id);
  });

  it('replays past events by id and ends when the query is bounded; refuses a bad since', async () => {
    const all = await readEvents(await fetch(`${ex.tradingUrl}/v2/events/trades?since_id=0&until_id=1000000`, { headers }), () => false);
    expect(all.events.map((e) => e.event)).toEqual(['new', 'fill']);
    const first = all.events[0]!.event_id;
    const after = await readEvents(await fetch(`${ex.tradingUrl}/v2/events/trades?since_id=${first}&until_id=1000000`, { headers }), () => false);
    expect(after.events.map((e) => e.event_id)).toEqual([all.events[1]!.event_id]);
    const bad = await fetch(`${ex.tradingUrl}/v2/events/trades?since=yesterday`, { headers });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toContain('since');
    expect((await fetch(`${ex.tradingUrl}/v2/events/trades`)).status).toBe(403);
  });
});
