// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/<electronVersion>/better_sqlite3.node,
// where src-main/storage/database.ts loads it from when running under Electron. node_modules/better-sqlite3/build
// is never touched: it stays built for plain Node (tests, the headless host, the CLI).
//
// It works on a copy of the package in a temporary folder, through @electron/rebuild's programmatic API (which
// tries a prebuilt Electron binary first, then compiles against Electron's headers from its default header URL).
// Both need the network, and compiling needs a C++ toolchain.
//
// Usage: node scripts/electron-native.mjs [--force] [--without-binary]
//   --force            rebuild even if the cached file exists
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
const MODULE = 'better-sqlite3';

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
let moduleDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
  moduleDir = dirname(require.resolve(`${MODULE}/package.json`));
} catch (error) {
  fail(`electron and ${MODULE} must be installed (npm install): ${error.message}`);
}
const electronVersion = readJson(join(electronDir, 'package.json')).version;
const moduleVersion = readJson(join(moduleDir, 'package.json')).version;

// Reading path.txt rather than require('electron'): that would try to download a missing binary.
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
if (!(binary && existsSync(binary)) && !process.env.ELECTRON_OVERRIDE_DIST_PATH && !args.has('--without-binary')) {
  fail(
    `the Electron ${electronVersion} binary is not installed (was ELECTRON_SKIP_BINARY_DOWNLOAD set?). ` +
      'This script is for machines that run the Electron app; install the binary with `npx install-electron`, ' +
      'or pass --without-binary to build the module anyway.',
  );
}

const targetDir = join(root, '.cache', 'electron-native', electronVersion);
const target = join(targetDir, 'better_sqlite3.node');
if (existsSync(target) && !args.has('--force')) {
  process.stdout.write(`electron-native: ${relative(root, target)} already exists (use --force to rebuild)\n`);
  process.exit(0);
}

let rebuild;
try {
  ({ rebuild } = await import('@electron/rebuild'));
} catch (error) {
  fail(`@electron/rebuild is not installed (it comes with electron-builder): ${error.message}`);
}

// --- build on a copy --------------------------------------------------------------------------------------------
const nodeBuild = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const nodeBuildHash = hashOf(nodeBuild);
const work = mkdtempSync(join(tmpdir(), 'workstation-electron-native-'));
let exitCode = 0;
try {
  const copy = join(work, 'node_modules', MODULE);
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'electron-native-build', private: true, dependencies: { [MODULE]: moduleVersion } }, null, 2),
  );
  // The sources without Node's build output (so nothing of it can be mistaken for the Electron build).
  const buildDir = join(moduleDir, 'build');
  cpSync(moduleDir, copy, {
    recursive: true,
    dereference: true,
    filter: (source) => source !== buildDir && !source.startsWith(buildDir + sep),
  });
  // prebuild-install, found beside the module, lets @electron/rebuild fetch a prebuilt Electron binary first.
  for (const helper of ['prebuild-install']) {
    try {
      symlinkSync(dirname(require.resolve(`${helper}/package.json`)), join(work, 'node_modules', helper), 'junction');
    } catch {
      // Without it @electron/rebuild compiles from source.
    }
  }

  process.stdout.write(`electron-native: building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})\n`);
  const job = rebuild({
    buildPath: work,
    projectRootPath: work,
    electronVersion,
    arch: process.arch,
    onlyModules: [MODULE],
    force: true,
    mode: 'sequential',
  });
  job.lifecycle.on('module-found', (name) => process.stdout.write(`electron-native: rebuilding ${name}\n`));
  await job;

  const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
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
    join(targetDir, 'build-info.json'),
    JSON.stringify({ module: MODULE, moduleVersion, electronVersion, platform: process.platform, arch: process.arch, builtAt: new Date().toISOString() }, null, 2),
  );
  process.stdout.write(`electron-native: wrote ${relative(root, target)}\n`);
} catch (error) {
  exitCode = 1;
  process.stderr.write(
    `electron-native: could not build ${MODULE} for Electron ${electronVersion}: ${error?.message ?? error}\n` +
      'electron-native: this needs the network (a prebuilt binary or the Electron headers) and, to compile, a C++ ' +
      'toolchain (python3, make, g++ / Xcode / Visual Studio Build Tools).\n',
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  if (hashOf(nodeBuild) !== nodeBuildHash) {
    process.stderr.write(`electron-native: ${relative(root, nodeBuild)} changed; run \`npm rebuild ${MODULE}\` to restore the Node build\n`);
    exitCode = 1;
  }
}
process.exit(exitCode);
