import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFileDurably, type DurableFs } from '../../../src-main/secrets/durable-file.js';

/** node:fs, with each call of the durable replace recorded (the calls still reach the real disk). */
function recordingFs(calls: string[], fail?: 'write'): DurableFs {
  const fds = new Map<number, string>();
  return {
    openSync: ((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
      const fd = fs.openSync(path, flags, mode);
      fds.set(fd, String(path));
      calls.push(`open ${String(path)}`);
      return fd;
    }) as DurableFs['openSync'],
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      if (fail === 'write') throw new Error('ENOSPC: no space left on device');
      calls.push(`write ${fds.get(fd)}`);
      return fs.writeSync(fd, buffer, offset, Math.min(length, 7));
    }) as DurableFs['writeSync'],
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${fds.get(fd)}`);
      fs.fsyncSync(fd);
    },
    closeSync: (fd: number) => {
      calls.push(`close ${fds.get(fd)}`);
      fs.closeSync(fd);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`rename ${String(from)} -> ${String(to)}`);
      fs.renameSync(from, to);
    },
    rmSync: (path: fs.PathLike, options?: fs.RmOptions) => {
      calls.push(`rm ${String(path)}`);
      fs.rmSync(path, options);
    },
  };
}

describe('replaceFileDurably (the encrypted secrets file)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'durable-'));
    file = join(dir, 'secrets.enc.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the whole text (in short writes too), private to the user, and leaves no temporary file', () => {
    const text = `${JSON.stringify({ version: 1, entries: { a: 'x'.repeat(5000) } }, null, 2)}\n`;
    replaceFileDurably(file, 'old content\n', 0o600);
    replaceFileDurably(file, text, 0o600, recordingFs([]));
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['secrets.enc.json']);
  });

  it('fsyncs the data before the rename and the directory after it', () => {
    const calls: string[] = [];
    replaceFileDurably(file, 'content\n', 0o600, recordingFs(calls));
    const temporary = `${file}.${process.pid}.tmp`;
    const order = calls.filter((c) => !c.startsWith('write'));
    expect(order).toEqual([
      `open ${temporary}`,
      `fsync ${temporary}`,
      `close ${temporary}`,
      `rename ${temporary} -> ${file}`,
      `open ${dir}`,
      `fsync ${dir}`,
      `close ${dir}`,
    ]);
  });

  it('a failed write leaves the old file as it was and removes the temporary one', () => {
    replaceFileDurably(file, 'old content\n', 0o600);
    expect(() => replaceFileDurably(file, 'new content\n', 0o600, recordingFs([], 'write'))).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('old content\n');
    expect(readdirSync(dir)).toEqual(['secrets.enc.json']);
  });
});
