import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Logger } from '../../../src-main/logging/logger.js';

const FAKE_KEY_ID = 'PKTESTFAKE0000000001';
const FAKE_SECRET = 'fake-secret-value-for-tests-0123456789';

describe('logger', () => {
  it('redacts secrets by field name, by registered value and by key shape, in memory, listeners and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logger-'));
    const file = join(dir, 'logs', 'main.log');
    const log = new Logger({ filePath: file, level: 'debug' });
    const heard: string[] = [];
    log.onEntry((entry) => heard.push(JSON.stringify(entry)));
    log.redactor.addSecret(FAKE_SECRET);
    log.info('test', `connecting with ${FAKE_KEY_ID}`, {
      headers: { 'APCA-API-KEY-ID': FAKE_KEY_ID, 'APCA-API-SECRET-KEY': FAKE_SECRET, accept: 'json' },
      nested: [{ note: `the secret is ${FAKE_SECRET}` }],
      auth: 'Bearer abc.def.ghi',
      password: 'hunter22',
    });
    log.error('test', 'failed', { error: new Error(`rejected ${FAKE_SECRET}`) });
    await log.close();
    const written = readFileSync(file, 'utf8');
    for (const text of [JSON.stringify(log.recent(10)), heard.join('\n'), written]) {
      expect(text).not.toContain(FAKE_KEY_ID);
      expect(text).not.toContain(FAKE_SECRET);
      expect(text).not.toContain('hunter22');
      expect(text).not.toContain('abc.def.ghi');
      expect(text).toContain('[redacted]');
      expect(text).toContain('json');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a bounded ring of recent entries at or above its level', () => {
    const log = new Logger({ keep: 3, level: 'info' });
    log.debug('t', 'hidden');
    for (let i = 0; i < 5; i++) log.info('t', `m${i}`);
    expect(log.recent(10).map((e) => e.message)).toEqual(['m2', 'm3', 'm4']);
    expect(log.recent(1).map((e) => e.message)).toEqual(['m4']);
  });

  it('keeps logging when a listener throws', () => {
    const log = new Logger();
    log.onEntry(() => {
      throw new Error('bad listener');
    });
    log.info('t', 'one');
    log.info('t', 'two');
    expect(log.recent(2)).toHaveLength(2);
  });

  it('rotates the file by size and keeps a bounded number of old files, losing no entry among those kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logger-'));
    const file = join(dir, 'logs', 'main.log');
    const log = new Logger({ filePath: file, maxFileBytes: 4096, keepFiles: 3 });
    for (let i = 0; i < 2000; i++) log.info('host', `refused a WebSocket with a wrong token ${i}`, { peer: `ws:127.0.0.1:${i}` });
    await log.close();
    await new Promise((r) => setTimeout(r, 50));
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3']);
    for (const name of files) expect(statSync(join(dir, 'logs', name)).size).toBeLessThanOrEqual(4096);
    // The kept files, oldest first, hold the most recent entries in order, each line whole.
    const lines = ['main.log.3', 'main.log.2', 'main.log.1', 'main.log']
      .flatMap((name) => readFileSync(join(dir, 'logs', name), 'utf8').split('\n').filter(Boolean))
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(lines.at(-1)).toBe('refused a WebSocket with a wrong token 1999');
    const first = Number(lines[0]?.split(' ').at(-1));
    expect(lines).toEqual(Array.from({ length: 2000 - first }, (_, k) => `refused a WebSocket with a wrong token ${first + k}`));
    rmSync(dir, { recursive: true, force: true });
  });
});
