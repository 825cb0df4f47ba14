import { statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { dataPaths } from '../../src-main/services/data-dir.js';
import { startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

/** One stranger: connects with the right origin, sends a wrong token, waits to be closed. */
function wrongToken(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    socket.on('open', () => socket.send(JSON.stringify({ t: 'auth', token: 'guess-0123456789' })));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

/** One foreign page: refused before the handshake. */
function foreignOrigin(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: 'https://evil.example' });
    socket.on('unexpected-response', () => resolve());
    socket.on('error', () => resolve());
  });
}

describe('host: refused connections are summarised, not logged one by one', () => {
  let test: TestWorkstation;
  let host: RunningHost;
  beforeAll(async () => {
    test = await startTestWorkstation();
    host = await startHost({ workstation: test.workstation, rendererDir: join(__dirname, '..', '..', 'dist', 'renderer'), port: 0 });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('300 wrong tokens and 100 foreign origins cost two log lines: the first refusal and a count', async () => {
    const logFile = dataPaths(test.dataDir).logFile;
    await new Promise((r) => setTimeout(r, 200));
    const sizeBefore = statSync(logFile).size;
    const seqBefore = test.workstation.log.recent(1)[0]?.seq ?? 0;
    for (let round = 0; round < 30; round++) {
      await Promise.all([
        ...Array.from({ length: 10 }, () => wrongToken(host.port)),
        ...Array.from({ length: 3 }, () => foreignOrigin(host.port)),
      ]);
    }
    await Promise.all(Array.from({ length: 10 }, () => foreignOrigin(host.port)));
    await host.close();
    await new Promise((r) => setTimeout(r, 200));
    const entries = test.workstation.log.recent(2000).filter((e) => e.seq > seqBefore && e.source === 'host' && /refused/.test(e.message));
    console.log(`[host-refusals] 400 refused connections added ${statSync(logFile).size - sizeBefore} bytes to the log in ${entries.length} lines`);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.fields).toMatchObject({ total: 400, byReason: { 'auth-failed': 300, 'foreign-origin': 100 } });
  }, 60_000);
});
