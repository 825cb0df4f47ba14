import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '../../src-shared/ipc/wire.js';
import { invokeChannels } from '../../src-shared/ipc/contract.js';
import { randomJson, seededRandom } from '../support/random-json.js';
import { RawClient } from '../support/ws-client.js';
import { ensureBuilt } from '../support/build.js';

const MESSAGES = 6000;

/** Runs the real CLI host in its own process, so a crash shows as an exit, not as a test-runner failure. */
async function spawnHost(dataDir: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['dist/main/cli.mjs', 'host', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_%-]+)/.exec(out);
    if (match) return { child, port: Number(match[1]), token: decodeURIComponent(match[2]!) };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`host did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('host fuzz (separate process)', () => {
  let dataDir: string;
  let host: { child: ChildProcess; port: number; token: string };
  beforeAll(async () => {
    ensureBuilt('main');
    dataDir = mkdtempSync(join(tmpdir(), 'host-fuzz-'));
    host = await spawnHost(dataDir);
  });
  afterAll(() => {
    host?.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${MESSAGES} malformed and random messages, answering each call with an error envelope`, async () => {
    const client = await RawClient.open(host.port);
    await client.auth(host.token);
    const random = seededRandom(99);
    const channels = [...invokeChannels.keys()];
    const expected = new Map<number, boolean>();
    let id = 100;
    for (let i = 0; i < MESSAGES; i++) {
      const kind = random();
      if (kind < 0.1) client.send('{"t":"invoke", broken json');
      else if (kind < 0.15) client.socket.send(Buffer.from([0, 1, 2, 255]), { binary: true });
      else if (kind < 0.3) client.send(randomJson(random));
      else {
        const channel = random() < 0.8 ? channels[Math.floor(random() * channels.length)]! : String(randomJson(random));
        const req = randomJson(random);
        const valid = invokeChannels.get(channel)?.spec.request.safeParse(req).success ?? false;
        // Valid random payloads may start real work (a long burst or measurement); only invalid ones are sent.
        if (valid) continue;
        expected.set(id, true);
        client.send({ t: 'invoke', id: id++, ch: channel, req });
      }
    }
    await client.waitFor((m) => m.t === 'result' && m.id === id - 1, 30_000);
    const results = client.messages.filter((m) => m.t === 'result');
    expect(results).toHaveLength(expected.size);
    for (const result of results) {
      expect(result.t === 'result' && result.env.ok).toBe(false);
      if (result.t === 'result' && !result.env.ok) expect(['BAD_REQUEST', 'UNKNOWN_CHANNEL']).toContain(result.env.error.code);
    }
    expect(client.messages.filter((m) => m.t === 'error').length).toBeGreaterThan(MESSAGES * 0.2);
    expect(client.closeCode).toBeUndefined();

    // Still alive and still correct for well-formed calls, on this socket and a new one.
    expect((await client.call(1, 'system.health', {})).env.ok).toBe(true);
    const fresh = await RawClient.open(host.port);
    await fresh.auth(host.token);
    expect((await fresh.call(1, 'system.info', {})).env).toMatchObject({ ok: true });
    fresh.close();
    client.close();
    expect(host.child.exitCode).toBeNull();
  });

  it('closes a socket that sends an oversized message, and keeps serving others', async () => {
    const client = await RawClient.open(host.port);
    await client.auth(host.token);
    client.send({ t: 'invoke', id: 1, ch: 'settings.set', req: { key: 'ui.layout', value: { big: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(await client.closed()).toBe(1009);
    const other = await RawClient.open(host.port);
    await other.auth(host.token);
    expect((await other.call(2, 'system.info', {})).env.ok).toBe(true);
    other.close();
    expect(host.child.exitCode).toBeNull();
  });

  it('an unauthenticated flood invokes nothing', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { origin: `http://127.0.0.1:${host.port}` });
    await new Promise((resolve) => socket.once('open', resolve));
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(String(data))));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    for (let i = 0; i < 500; i++) socket.send(JSON.stringify({ t: 'invoke', id: i, ch: 'settings.set', req: { key: 'ui.theme', value: 'light' } }));
    // A few messages before the token are answered; then the host closes the socket instead of parsing the rest.
    expect(await closed).toBe(WS_CLOSE.protocolError);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.length).toBeLessThanOrEqual(8);
    for (const reply of replies) expect(reply).toMatchObject({ t: 'result', env: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    const client = await RawClient.open(host.port);
    await client.auth(host.token);
    expect((await client.call(1, 'settings.get', { key: 'ui.theme' })).env).toMatchObject({ ok: true, value: { value: 'dark' } });
    client.close();
  });
});
