import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding a built worker bundle (`file`): beside the bundle this code was built into (dist/main), else
 * dist/main under the app root (Electron's CommonJS bundle, or running from source). Worker threads cannot load
 * from inside an ASAR archive, so a packaged app's path is mapped to app.asar.unpacked.
 */
export function workerBundleDir(file: string): string {
  const dirs: string[] = [];
  try {
    dirs.push(fileURLToPath(new URL('.', import.meta.url)));
  } catch {
    // A CommonJS bundle has no import.meta.url; the app root below still applies.
  }
  dirs.push(unpackedPath(join(process.env.WORKSTATION_APP_ROOT ?? process.cwd(), 'dist', 'main')));
  return dirs.find((dir) => existsSync(join(dir, file))) ?? dirs[dirs.length - 1]!;
}

/** A path inside the packaged app's ASAR archive, mapped to its unpacked copy (unchanged outside an archive). */
export function unpackedPath(path: string): string {
  return path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
}
