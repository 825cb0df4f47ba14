import http from 'node:http';
import https from 'node:https';

/** The `fetch` shape the SDK's Configuration takes as `fetchApi`. */
export type FetchApi = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface KeepAliveFetch {
  fetch: FetchApi;
  /** Closes the pooled sockets (the venue's owner calls it when trading stops). */
  close(): void;
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key] = value;
    });
  } else if (Array.isArray(headers)) {
    for (const [key, value] of headers) if (key !== undefined && value !== undefined) out[key] = value;
  } else {
    for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = String(value);
  }
  return out;
}

function responseHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/**
 * How long an idle pooled socket is kept before the client closes it. It must be shorter than the server's own
 * keep-alive timeout (Node's default and the local exchange's: 5 s; see EXCHANGE_KEEP_ALIVE_TIMEOUT_MS): with no
 * limit, the client reused a socket at the very moment the server closed it, and a read failed with "socket hang
 * up" / ECONNRESET (27 failed account reads in 32 minutes against the demo exchange). A server that announces a
 * shorter `Keep-Alive: timeout=N` lowers it further (Node closes a second before the hint).
 */
export const FREE_SOCKET_TIMEOUT_MS = 4_000;

const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** The errors of a pooled socket the server closed as we reused it: the request never reached a handler. */
function staleSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || (error instanceof Error && /socket hang up/i.test(error.message));
}

/**
 * The SDK's transport for trading requests (lookups, cancels, replaces, account, backfill reads): node:http(s) over a
 * keep-alive agent instead of the global fetch (undici), which spends about a fifth of a millisecond and several
 * turns of the event loop between the call and the socket write. The order POST itself does not come through here
 * (see OrderPost). Everything above the transport stays the SDK's (request shapes, rate limiter, timeouts through
 * the abort signal, error classes), so refusals, 429s and 5xx map exactly as before. A body the SDK builds is a
 * JSON string; anything else goes to the global fetch. A GET that failed on a reused socket the server had just
 * closed is sent once more on a fresh connection (a read is safe to repeat; a write never is, and is not).
 */
export function keepAliveFetch(): KeepAliveFetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16, timeout: FREE_SOCKET_TIMEOUT_MS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16, timeout: FREE_SOCKET_TIMEOUT_MS }),
  };
  const send = (url: URL, protocol: 'http:' | 'https:', init: RequestInit | undefined, headers: Record<string, string>, body: string | undefined, agent: http.Agent | false): Promise<Response> => {
    const transport = protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(url, { method: init?.method ?? 'GET', headers, agent, ...(init?.signal ? { signal: init.signal } : {}) }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 502;
          const empty = status === 204 || status === 205 || status === 304 || init?.method === 'HEAD';
          try {
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers: responseHeaders(response.rawHeaders) }));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      request.on('error', (error) => reject(request.reusedSocket ? Object.assign(error, { reusedSocket: true }) : error));
      request.end(body);
    });
  };
  const run: FetchApi = async (input, init) => {
    if (input instanceof Request || (init?.body !== undefined && init.body !== null && typeof init.body !== 'string')) return fetch(input, init);
    const url = input instanceof URL ? input : new URL(input);
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (!protocol) return fetch(input, init);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers = headerRecord(init?.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    try {
      return await send(url, protocol, init, headers, body, agents[protocol]);
    } catch (error) {
      const reused = (error as { reusedSocket?: boolean }).reusedSocket === true;
      if (!reused || !IDEMPOTENT.has((init?.method ?? 'GET').toUpperCase()) || !staleSocketError(error) || init?.signal?.aborted) throw error;
      // `agent: false`: a connection of its own, never one from the pool that may be as stale as the first.
      return send(url, protocol, init, headers, body, false);
    }
  };
  return {
    fetch: run,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
