import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names may be cached forever; index.html never. */
  immutable: boolean;
}

/**
 * Reads a file of the built renderer for a URL path, refusing anything outside the folder. Unknown paths get
 * index.html, so a reload on any in-app route still loads the app.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  const root = resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const candidate = resolve(join(root, relative));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  const target = (await isFile(candidate)) ? candidate : join(root, 'index.html');
  if (!(await isFile(target))) return undefined;
  return {
    body: await readFile(target),
    contentType: CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
    immutable: target.includes(`${sep}assets${sep}`),
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
