#!/usr/bin/env node
// The `workstation` command: runs the built CLI (npm run build makes dist/main/cli.mjs).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main', 'cli.mjs');
if (!existsSync(cli)) {
  process.stderr.write('workstation: not built yet; run `npm run build` in the project folder first\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
