import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';

/** The file-system calls a durable replace needs (node:fs by default; tests record the order). */
export type DurableFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'>;

/**
 * Replaces `file` with `text` so that after a crash or power cut the file holds the old content or the new, whole:
 * the temporary file is written and fsynced before the rename (else the rename can reach the disk before the data,
 * leaving an empty or partial file under the real name), and the directory is fsynced after (else the rename itself
 * can be lost). Where a directory cannot be opened for fsync (Windows), the rename is as durable as the OS makes it.
 */
export function replaceFileDurably(file: string, text: string, mode: number, fs: DurableFs = nodeFs): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
  let dir: number | undefined;
  try {
    dir = fs.openSync(dirname(file), 'r');
    fs.fsyncSync(dir);
  } catch {
    // Directories cannot be opened or fsynced on some platforms (Windows); the file itself is already synced.
  } finally {
    if (dir !== undefined) fs.closeSync(dir);
  }
}
