import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CatalogError } from './errors.js';
import type { CatalogStorage, ObjectInfo } from './storage.js';

/** Temporary files of a put in progress end with this (compact removes the ones a crash left behind). */
export const TEMP_MARK = '.tmp-';

function fail(error: unknown, what: string): CatalogError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CatalogError('CATALOG_NOT_FOUND', `${what}: no such file or folder`);
  if (code === 'EACCES' || code === 'EPERM') return new CatalogError('CATALOG_AUTH', `${what}: permission denied (check the folder's owner and mode)`);
  if (code === 'ENOSPC') return new CatalogError('CATALOG_UNREACHABLE', `${what}: the disk is full; free space and run the command again`);
  return new CatalogError('CATALOG_UNREACHABLE', `${what}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
}

/** A catalog in a local folder: keys are relative paths; a put writes a temporary file and renames it over. */
export class FolderStorage implements CatalogStorage {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = root;
  }

  private path(key: string): string {
    // join normalises the key's '/' separators for the platform.
    return join(this.root, key);
  }

  async list(prefix: string, _signal?: AbortSignal, options: { sizes?: boolean } = {}): Promise<ObjectInfo[]> {
    const sizes = options.sizes ?? true;
    const out: ObjectInfo[] = [];
    // Walk only the deepest folder the prefix names completely.
    const cut = prefix.lastIndexOf('/');
    const base = cut < 0 ? '' : prefix.slice(0, cut);
    const walk = async (relative: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(this.path(relative), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw fail(error, `cannot list ${this.path(relative)}`);
      }
      for (const entry of entries) {
        const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
          if (prefix.startsWith(`${key}/`) || key.startsWith(prefix) || `${key}/`.startsWith(prefix)) await walk(key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          out.push({ key, size: sizes ? (await stat(this.path(key))).size : Number.NaN });
        }
      }
    };
    await walk(base);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? info.size : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fail(error, `cannot read ${this.path(key)}`);
    }
  }

  async read(key: string, start: number, end: number, _signal?: AbortSignal, into?: Uint8Array): Promise<Uint8Array> {
    const file = this.path(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      throw fail(error, `cannot open ${file}`);
    }
    try {
      const out = into && into.length >= end - start ? into.subarray(0, end - start) : new Uint8Array(end - start);
      let at = 0;
      while (at < out.length) {
        const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
        if (bytesRead === 0) throw new CatalogError('CATALOG_CORRUPT', `${file} ended at byte ${start + at}, before ${end}: the file was cut short; rebuild it with \`workstation catalog import\``);
        at += bytesRead;
      }
      return out;
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      throw fail(error, `cannot read ${file}`);
    } finally {
      await handle.close();
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.path(key);
    const temp = `${file}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, bytes, { flush: true });
      // rename within one folder is atomic on POSIX: readers see the old file or the new one.
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw fail(error, `cannot write ${file}`);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await rm(this.path(key), { force: true });
    } catch (error) {
      throw fail(error, `cannot delete ${this.path(key)}`);
    }
  }

  close(): void {}
}

/** A leftover of an interrupted put (never a catalog file). */
export function isTempKey(key: string): boolean {
  return key.includes(TEMP_MARK);
}
