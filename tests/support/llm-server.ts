import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received, as it arrived. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
}

/** What the stand-in answers: a status and a JSON (or raw text) body, or nothing at all (a hung model). */
export type StandInReply = { status?: number; body: unknown } | { raw: string; status?: number } | { hang: true };

export type Responder = (request: RecordedRequest) => StandInReply;

export interface LlmStandIn {
  /** The API root to give the client, e.g. http://127.0.0.1:PORT/api/v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces how the next requests are answered (default: `modelAnswer` of a valid analysis). */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/** A chat completion whose message content is `content`, with OpenAI's usage fields and OpenRouter's cost when given. */
export function completion(content: string, usage: { prompt?: number; completion?: number; cost?: number } = {}, finishReason = 'stop'): unknown {
  return {
    id: 'chatcmpl-standin',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'standin/analyst-1',
    choices: [{ index: 0, finish_reason: finishReason, message: { role: 'assistant', content } }],
    usage: {
      prompt_tokens: usage.prompt ?? 1200,
      completion_tokens: usage.completion ?? 300,
      total_tokens: (usage.prompt ?? 1200) + (usage.completion ?? 300),
      ...(usage.cost !== undefined ? { cost: usage.cost } : {}),
    },
  };
}

/** The symbol the client asked about, read from its user message ("Data for SYM as of ..."). */
export function askedSymbol(request: RecordedRequest): string {
  const messages = (request.body as { messages?: Array<{ role: string; content: string }> }).messages ?? [];
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  return /Data for (\S+) as of/.exec(user)?.[1] ?? 'UNKNOWN';
}

/** A well-formed analysis of the asked symbol with one limit-buy proposal priced off the last close it was sent. */
export function validAnswer(request: RecordedRequest): Record<string, unknown> {
  const symbol = askedSymbol(request);
  const user = ((request.body as { messages: Array<{ role: string; content: string }> }).messages.find((m) => m.role === 'user')?.content ?? '').split('\n').slice(1).join('\n');
  const lastClose = (JSON.parse(user || '{}') as { lastClose?: number }).lastClose ?? 100;
  return {
    analysis: `${symbol} closed at ${lastClose}; momentum is positive and RSI is not stretched.`,
    outlook: 'bullish',
    confidence: 0.62,
    proposals: [{ symbol, side: 'buy', qty: 10, notional: null, type: 'limit', limitPrice: Number((lastClose * 0.99).toFixed(2)), reason: 'buy a 1% pullback' }],
  };
}

/**
 * An OpenAI-compatible chat-completions server on a loopback port, standing in for OpenRouter as the local exchange
 * stands in for Alpaca. Like the real one it refuses a wrong bearer key (401) and a request without a JSON-schema
 * response format (400); otherwise it answers what the test's responder says.
 */
export async function startLlmStandIn(expectedKey: string): Promise<LlmStandIn> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = (r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.0021 }) });
  const hung = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const send = (status: number, payload: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload);
      };
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(404, JSON.stringify({ error: { message: 'not found' } }));
      if (req.headers.authorization !== `Bearer ${expectedKey}`) {
        // Echoes what it got, as some servers do: the client must keep it out of its log anyway.
        return send(401, JSON.stringify({ error: { message: `invalid key in header "${req.headers.authorization ?? ''}"` } }));
      }
      const format = (body as { response_format?: { type?: string } } | undefined)?.response_format;
      if (format?.type !== 'json_schema') return send(400, JSON.stringify({ error: { message: 'response_format json_schema required' } }));
      const reply = responder(recorded);
      if ('hang' in reply) {
        hung.add(res);
        return;
      }
      if ('raw' in reply) return send(reply.status ?? 200, reply.raw);
      send(reply.status ?? 200, JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    respond: (next) => {
      responder = next;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
