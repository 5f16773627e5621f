/**
 * What every browser scenario shares: a headless Chromium launched with the flags this machine needs (no sandbox
 * as root; no background networking, whose connections the closed network refuses), and a screenshot taker that
 * records the files it writes.
 *
 * Which Chromium (`resolveChromium`, logged once per process):
 *  1. the path given to `launchChromium`, else `CHROMIUM_PATH` when set (it must be an executable file);
 *  2. else the system's `/usr/bin/chromium` (Debian's package) when it exists;
 *  3. else the one shipped inside the npm package `@sparticuz/chromium` (no download: the brotli-packed binary
 *     is in node_modules), unpacked once per user and package version into `CHROMIUM_CACHE_DIR`, default
 *     `<os.tmpdir()>/jiebang-chromium-<uid>/`. The few system libraries it links (NSS, NSPR, expat) come from the
 *     system when it has them, else from the package's own Amazon Linux copies (`LD_LIBRARY_PATH` in the launch
 *     env; they need glibc 2.34+, hence only as a fallback).
 * Either way the browser gets Noto Sans SC (npm `@expo-google-fonts/noto-sans-sc`) through a fontconfig file of
 * its own, passed in the launch `env` (never set on this process): for a system Chromium the system's fontconfig
 * plus Noto, for the npm one its bundled fonts plus Noto — so Chinese never renders as boxes, whatever fonts the
 * machine has.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, preferred when present. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Weights of Noto Sans SC given to the browser: body text and bold (CSS 500 falls to 400, 600 to 700). */
const NOTO_WEIGHTS = ['400Regular', '700Bold'];

/** A resolved browser: the binary, where it came from (for the log line) and the fontconfig file it gets. */
export interface ResolvedChromium {
  executablePath: string;
  /** `argument`, `CHROMIUM_PATH`, `system` or `npm @sparticuz/chromium <version>`. */
  source: string;
  /** Absolute path of the fontconfig file passed as `FONTCONFIG_FILE`. */
  fontconfigFile: string;
  /** Folder of shared libraries put first on `LD_LIBRARY_PATH` (npm Chromium on a system lacking them). */
  libraryDir?: string;
}

/** An error whose stack is its message: printed as the one line that says what is missing and how to get it. */
function oneLine(message: string): Error {
  const e = new Error(message);
  e.stack = message;
  return e;
}

/** The folder of an installed package (the nearest one above its entry point whose package.json names it). */
function packageDir(name: string): string {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw oneLine(`npm package ${name} is missing: run \`npm install\``);
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === name)
      return dir;
  }
  throw oneLine(`npm package ${name} has no package.json above ${entry}: run \`npm install\``);
}

/**
 * This user's private cache folder (created 0700). Refuses a folder that is not a directory of this user or that
 * others may write to: a binary run from there must be ours.
 * @throws Error (one line) when the folder is not private.
 */
function cacheRoot(): string {
  const uid = process.getuid?.();
  const dir = path.resolve(
    process.env.CHROMIUM_CACHE_DIR || path.join(os.tmpdir(), `jiebang-chromium-${uid ?? 'user'}`),
  );
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0)
    throw oneLine(
      `${dir} is not a private folder of this user: remove it, or set CHROMIUM_CACHE_DIR to a folder of your own`,
    );
  return dir;
}

/** Removes unpacking folders left by runs that were killed (their process is gone). */
function removeAbandonedStaging(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const m = /^\.staging-.*-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/** Bumped whenever `unpackNpmChromium` puts something else into its folder (a new folder is then unpacked). */
const UNPACK_LAYOUT = 'v2';

/**
 * Unpacks the Chromium of `@sparticuz/chromium` (binary, its fonts, SwiftShader libraries, and the Amazon Linux
 * copies of NSS, NSPR and expat into `al2023/lib/`) into `<root>/sparticuz-<version>-<UNPACK_LAYOUT>/` unless a
 * complete copy is there. The package unpacks into `os.tmpdir()`, so it runs in a child process whose TMPDIR is a
 * fresh staging folder; the folder gets
 * a `.complete` marker and is then renamed into place, so a killed run never leaves a half-unpacked copy that
 * looks complete, and two runs at once do not mix their files.
 * @returns the folder holding `chromium` and `fonts/`.
 */
async function unpackNpmChromium(root: string, pkg: string, version: string): Promise<string> {
  const target = path.join(root, `sparticuz-${version}-${UNPACK_LAYOUT}`);
  const marker = path.join(target, '.complete');
  if (fs.existsSync(marker)) return target;
  removeAbandonedStaging(root);
  fs.rmSync(target, { recursive: true, force: true }); // no marker: not ours to trust
  const staging = path.join(root, `.staging-${version}-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    // In a child process whose TMPDIR is the staging folder: the package unpacks into `os.tmpdir()`, and inside
    // jest's sandbox a change of `process.env.TMPDIR` never reaches the real process (where `os.tmpdir()` reads it).
    const entry = path.join(pkg, 'build', 'cjs', 'index.cjs');
    const binary = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(entry)}).executablePath(${JSON.stringify(path.join(pkg, 'bin'))})` +
          '.then((p) => process.stdout.write(p), (e) => { console.error(e); process.exit(1); })',
      ],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: staging }, stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();
    if (binary !== path.join(staging, 'chromium') || !fs.existsSync(path.join(staging, 'fonts')))
      throw oneLine(
        `@sparticuz/chromium ${version} unpacked to ${binary}, not into ${staging}: pin a version it works with`,
      );
    // The package unpacks these on Amazon Linux only; with its own tar reader (its dependency tar-fs).
    const tar = createRequire(path.join(pkg, 'package.json'))('tar-fs') as {
      extract: (dir: string) => NodeJS.WritableStream;
    };
    await pipeline(
      fs.createReadStream(path.join(pkg, 'bin', 'al2023.tar.br')),
      createBrotliDecompress(),
      tar.extract(path.join(staging, 'al2023')),
    );
    fs.writeFileSync(path.join(staging, '.complete'), `@sparticuz/chromium ${version}\n`);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (!fs.existsSync(marker)) throw e; // else another run put a complete copy there first
    }
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Whether the dynamic linker finds every shared library `binary` needs on this system (`ldd` reports none
 * "not found"); false too when `ldd` cannot tell.
 */
function systemHasLibraries(binary: string): boolean {
  try {
    return !/not found/.test(execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch {
    return false;
  }
}

/** `s` escaped for XML text. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes (once; named by the hash of its content, so checkouts and browsers never overwrite each other's) a
 * fontconfig file that includes the system configuration when `includeSystem`, scans `fontDirs`, and caches
 * under `<root>/fontconfig-cache/`.
 * @returns its absolute path.
 */
function fontconfigFile(root: string, fontDirs: string[], includeSystem: boolean): string {
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    ...(includeSystem ? ['  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'] : []),
    ...fontDirs.map((d) => `  <dir>${xml(d)}</dir>`),
    `  <cachedir>${xml(path.join(root, 'fontconfig-cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ];
  const body = lines.join('\n');
  const dir = path.join(root, `fontconfig-${createHash('sha256').update(body).digest('hex').slice(0, 16)}`);
  const file = path.join(dir, 'fonts.conf');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, file);
  }
  return file;
}

/** The Noto Sans SC folders given to the browser. @throws Error (one line) when the package is incomplete. */
function notoDirs(): string[] {
  const pkg = packageDir('@expo-google-fonts/noto-sans-sc');
  return NOTO_WEIGHTS.map((w) => {
    const dir = path.join(pkg, w);
    if (!fs.existsSync(path.join(dir, `NotoSansSC_${w}.ttf`)))
      throw oneLine(`Noto Sans SC ${w} is missing from ${pkg}: run \`npm install\``);
    return dir;
  });
}

/** `file` is an executable regular file. */
function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Picks the Chromium to launch (see the file's comment for the order) and prepares its fonts.
 * @throws Error (one line) when an explicit path is not an executable, or the npm packages are missing.
 */
export async function resolveChromium(executablePath?: string): Promise<ResolvedChromium> {
  const root = cacheRoot();
  const forced = executablePath ?? (process.env.CHROMIUM_PATH || undefined);
  if (forced !== undefined) {
    const source = executablePath !== undefined ? 'argument' : 'CHROMIUM_PATH';
    if (!isExecutable(forced)) throw oneLine(`${source} ${forced} is not an executable Chromium: fix or unset it`);
    return { executablePath: forced, source, fontconfigFile: fontconfigFile(root, notoDirs(), true) };
  }
  if (isExecutable(SYSTEM_CHROMIUM))
    return {
      executablePath: SYSTEM_CHROMIUM,
      source: 'system',
      fontconfigFile: fontconfigFile(root, notoDirs(), true),
    };
  const pkg = packageDir('@sparticuz/chromium');
  const version = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = await unpackNpmChromium(root, pkg, version);
  const binary = path.join(dir, 'chromium');
  const libraryDir = systemHasLibraries(binary) ? undefined : path.join(dir, 'al2023', 'lib');
  return {
    executablePath: binary,
    source: `npm @sparticuz/chromium ${version}${libraryDir ? ', with its own NSS libraries' : ''}`,
    fontconfigFile: fontconfigFile(root, [path.join(dir, 'fonts'), ...notoDirs()], false),
    libraryDir,
  };
}

/** Resolutions by explicit path ('' for the default), shared by every launch of this process. */
const resolutions = new Map<string, Promise<ResolvedChromium>>();
let logged = false;

/**
 * Launches headless Chromium: `executablePath` when given, else the one `resolveChromium` picks. The first launch
 * of the process prints one line naming the browser used.
 * @throws Error when no Chromium can be had or it does not start.
 */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const key = executablePath ?? '';
  let pending = resolutions.get(key);
  if (!pending) {
    pending = resolveChromium(executablePath);
    resolutions.set(key, pending);
    pending.catch(() => resolutions.delete(key)); // a failed resolution is retried by the next launch
  }
  const resolved = await pending;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.FONTCONFIG_FILE = resolved.fontconfigFile;
  if (resolved.libraryDir)
    env.LD_LIBRARY_PATH = [resolved.libraryDir, ...(env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [])].join(':');
  const browser = await chromium.launch({
    executablePath: resolved.executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
  });
  if (!logged) {
    logged = true;
    process.stderr.write(
      `browser tests: Chromium ${browser.version()} (${resolved.source}: ${resolved.executablePath}), fonts ${resolved.fontconfigFile}\n`,
    );
  }
  return browser;
}

/** Screenshots into `dir` (created if missing); `files` lists what was written, in order. */
export function screenshotTaker(dir: string): {
  files: string[];
  shoot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
} {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  return {
    files,
    shoot: async (page, name, fullPage = true) => {
      const file = path.resolve(dir, name);
      await page.screenshot({ path: file, fullPage });
      files.push(file);
    },
  };
}
