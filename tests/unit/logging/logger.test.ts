import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
});
