import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '../../src-shared/ipc/wire.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { RawClient } from '../support/ws-client.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

function httpGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', (error) => {
      if (!String(error).includes('Unexpected server response')) reject(error);
    });
  });
}

describe('headless host security', () => {
  let test: TestWorkstation;
  let host: RunningHost;
  beforeAll(async () => {
    test = await startTestWorkstation();
    host = await startTestHost(test.workstation, { authTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await host.close();
    await test.dispose();
  });

  it('an unauthenticated socket can invoke nothing and receives no events', async () => {
    const client = await RawClient.open(host.port);
    const reply = await client.call(1, 'system.info', {});
    expect(reply.env).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    client.send({ t: 'sub', ch: 'system.metrics' });
    await client.waitFor((m) => m.t === 'error');
    await new Promise((r) => setTimeout(r, 1100));
    expect(client.messages.some((m) => m.t === 'event' || (m.t === 'result' && m.env.ok))).toBe(false);
    client.close();
  });

  it('a wrong token is refused and the socket closed; silence past the deadline closes it too', async () => {
    const wrong = await RawClient.open(host.port);
    wrong.send({ t: 'auth', token: 'not-the-token' });
    await wrong.waitFor((m) => m.t === 'auth');
    expect(wrong.messages[0]).toMatchObject({ t: 'auth', ok: false });
    expect(await wrong.closed()).toBe(WS_CLOSE.authFailed);

    const silent = await RawClient.open(host.port);
    expect(await silent.closed()).toBe(WS_CLOSE.authTimeout);
  });

  it('refuses a foreign Origin, a missing Origin and a foreign Host before the handshake', async () => {
    expect(await upgradeStatus(host.port, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(host.port, { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await upgradeStatus(host.port, {})).toBe(403);
    expect(await upgradeStatus(host.port, { origin: 'http://rebind.example', host: 'rebind.example' })).toBe(421);
    expect(await upgradeStatus(host.port, { origin: `http://127.0.0.1:${host.port}` })).toBe(101);
    expect((await httpGet(host.port, '/', 'rebind.example')).status).toBe(421);
  });

  it('with the token, calls and subscriptions work', async () => {
    const client = await RawClient.open(host.port);
    await client.auth(host.token);
    const reply = await client.call(1, 'system.info', {});
    expect(reply.env).toMatchObject({ ok: true, value: { mode: 'demo', shell: 'headless' } });
    client.send({ t: 'sub', ch: 'system.metrics' });
    const event = await client.waitFor((m) => m.t === 'event' && m.ch === 'system.metrics', 5000);
    expect(event).toMatchObject({ t: 'event', ch: 'system.metrics' });
    client.close();
  });

  it('keeps the token out of the log', () => {
    expect(JSON.stringify(test.workstation.log.recent(2000))).not.toContain(host.token);
  });

  it('binds a non-loopback address only with the explicit flag', async () => {
    await expect(startHost({ workstation: test.workstation, rendererDir: '.', port: 0, bind: '0.0.0.0' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('serves the GUI with its CSP and never a file outside the build', async () => {
    const index = await httpGet(host.port, '/');
    expect(index.status, 'the GUI must be built first (npm run build)').toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    const traversal = await httpGet(host.port, '/../../package.json');
    expect(traversal.body).not.toContain('"allowScripts"');
    const encoded = await httpGet(host.port, '/%2e%2e/%2e%2e/package.json');
    expect(encoded.body).not.toContain('"allowScripts"');
  });
});
