// Builds the native modules (better-sqlite3 and keytar) for Electron's ABI into
// .cache/electron-native/<electronVersion>/<binding>.node, where src-main/storage/database.ts and
// src-main/secrets/keytar-store.ts load them from when running under Electron. node_modules/<module>/build is never
// touched: it stays built for plain Node (tests, the headless host, the CLI).
//
// It works on a copy of each package in a temporary folder, through @electron/rebuild's programmatic API (which
// tries a prebuilt Electron binary first, then compiles against Electron's headers from its default header URL).
// Both need the network, and compiling needs a C++ toolchain (and, for keytar on Linux, libsecret's headers).
//
// Usage: node scripts/electron-native.mjs [--force] [--without-binary]
//   --force            rebuild even if the cached files exist
//   --without-binary   build even where the Electron binary is not installed (the build needs only the headers)
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));
/** Each native module and the binding file its package loads from build/Release. */
const MODULES = [
  { name: 'better-sqlite3', binding: 'better_sqlite3.node' },
  { name: 'keytar', binding: 'keytar.node' },
];

function fail(message) {
  process.stderr.write(`electron-native: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function hashOf(file) {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
}

// --- what to build for ------------------------------------------------------------------------------------------
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch (error) {
  fail(`electron must be installed (npm install): ${error.message}`);
}
const electronVersion = readJson(join(electronDir, 'package.json')).version;

// Reading path.txt rather than require('electron'): that would try to download a missing binary.
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
if (!(binary && existsSync(binary)) && !process.env.ELECTRON_OVERRIDE_DIST_PATH && !args.has('--without-binary')) {
  fail(
    `the Electron ${electronVersion} binary is not installed (was ELECTRON_SKIP_BINARY_DOWNLOAD set?). ` +
      'This script is for machines that run the Electron app; install the binary with `npx install-electron`, ' +
      'or pass --without-binary to build the modules anyway.',
  );
}

const targetDir = join(root, '.cache', 'electron-native', electronVersion);
const pending = MODULES.filter(({ binding }) => args.has('--force') || !existsSync(join(targetDir, binding)));
for (const { binding } of MODULES.filter((m) => !pending.includes(m))) {
  process.stdout.write(`electron-native: ${relative(root, join(targetDir, binding))} already exists (use --force to rebuild)\n`);
}
if (pending.length === 0) process.exit(0);

let rebuild;
try {
  ({ rebuild } = await import('@electron/rebuild'));
} catch (error) {
  fail(`@electron/rebuild is not installed (it comes with electron-builder): ${error.message}`);
}

/** Builds one module on a copy of its package; returns true when the Electron binding was written. */
async function buildOne({ name, binding }) {
  let moduleDir;
  try {
    moduleDir = dirname(require.resolve(`${name}/package.json`));
  } catch (error) {
    process.stderr.write(`electron-native: ${name} is not installed (npm install): ${error.message}\n`);
    return false;
  }
  const moduleVersion = readJson(join(moduleDir, 'package.json')).version;
  const target = join(targetDir, binding);
  const nodeBuild = join(moduleDir, 'build', 'Release', binding);
  const nodeBuildHash = hashOf(nodeBuild);
  const work = mkdtempSync(join(tmpdir(), 'workstation-electron-native-'));
  let ok = true;
  try {
    const copy = join(work, 'node_modules', name);
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native-build', private: true, dependencies: { [name]: moduleVersion } }, null, 2));
    // The sources without Node's build output (so nothing of it can be mistaken for the Electron build).
    const buildDir = join(moduleDir, 'build');
    cpSync(moduleDir, copy, { recursive: true, dereference: true, filter: (source) => source !== buildDir && !source.startsWith(buildDir + sep) });
    // Helpers found beside the module: prebuild-install lets @electron/rebuild fetch a prebuilt Electron binary
    // first; node-addon-api is keytar's header-only build dependency.
    for (const helper of ['prebuild-install', 'node-addon-api']) {
      try {
        symlinkSync(dirname(require.resolve(`${helper}/package.json`, { paths: [moduleDir] })), join(work, 'node_modules', helper), 'junction');
      } catch {
        // Without prebuild-install @electron/rebuild compiles from source; a missing header package fails below.
      }
    }

    process.stdout.write(`electron-native: building ${name} ${moduleVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})\n`);
    const job = rebuild({ buildPath: work, projectRootPath: work, electronVersion, arch: process.arch, onlyModules: [name], force: true, mode: 'sequential' });
    job.lifecycle.on('module-found', (found) => process.stdout.write(`electron-native: rebuilding ${found}\n`));
    await job;

    const built = join(copy, 'build', 'Release', binding);
    if (!existsSync(built)) throw new Error(`the rebuild finished but ${built} is missing`);
    // A module built for Electron must not load in plain Node (a different NODE_MODULE_VERSION).
    try {
      process.dlopen({ exports: {} }, built);
      throw new Error('the built module loads in plain Node, so it was not built for Electron');
    } catch (error) {
      if (!/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(String(error?.message))) throw error;
    }

    mkdirSync(targetDir, { recursive: true });
    cpSync(built, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
    writeFileSync(
      join(targetDir, `${name}.build-info.json`),
      JSON.stringify({ module: name, moduleVersion, electronVersion, platform: process.platform, arch: process.arch, builtAt: new Date().toISOString() }, null, 2),
    );
    process.stdout.write(`electron-native: wrote ${relative(root, target)}\n`);
  } catch (error) {
    ok = false;
    process.stderr.write(
      `electron-native: could not build ${name} for Electron ${electronVersion}: ${error?.message ?? error}\n` +
        'electron-native: this needs the network (a prebuilt binary or the Electron headers) and, to compile, a C++ ' +
        'toolchain (python3, make, g++ / Xcode / Visual Studio Build Tools; libsecret-1-dev for keytar on Linux).\n',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (hashOf(nodeBuild) !== nodeBuildHash) {
      process.stderr.write(`electron-native: ${relative(root, nodeBuild)} changed; run \`npm rebuild ${name}\` to restore the Node build\n`);
      ok = false;
    }
  }
  return ok;
}

let exitCode = 0;
for (const module of pending) {
  if (!(await buildOne(module))) exitCode = 1;
}
process.exit(exitCode);
