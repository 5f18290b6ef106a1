/**
 * The app under benchmark: built with Vite into .bench-data/app (its own output directory, so the e2e
 * suite's dist/ and port 4173 are left alone; rebuilt when a source file changed), served by
 * `vite preview` (the same COOP/COEP/CSP headers as the e2e tests) on a free port, and opened in the
 * system Chromium with the e2e suite's launch options (playwright.config.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, LaunchOptions } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

/** A key of the build inputs: paths, sizes and modification times. */
function buildKey(): string {
  const h = createHash('sha1');
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) {
      h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const i of INPUTS) walk(join(ROOT, i));
  return h.digest('hex');
}

/** Builds the app into outDir unless the build there is of the same inputs (or `build` is false). */
export async function buildApp(outDir: string, build: boolean, log: (s: string) => void): Promise<void> {
  const keyFile = join(outDir, '.build-key');
  if (!build) {
    if (!existsSync(join(outDir, 'index.html'))) throw new Error(`--no-build: no app build in ${outDir}`);
    return;
  }
  const key = buildKey();
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(join(outDir, 'index.html'))) {
    log(`app build in ${outDir} is up to date`);
    return;
  }
  log(`building the app into ${outDir} …`);
  const t0 = performance.now();
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  await new Promise<void>((done, fail) => {
    const child = spawn(vite, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (b: Buffer) => process.stderr.write(b));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))));
  });
  writeFileSync(keyFile, key);
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

/** A running `vite preview` of outDir. */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built app with vite preview (config from vite.config.ts: COOP/COEP and CSP headers). */
export async function serveApp(outDir: string): Promise<AppServer> {
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** The e2e suite's Chromium launch options (system Chromium, flags), headless. */
export async function launchOptions(): Promise<LaunchOptions> {
  const cfg = (await import('../playwright.config')).default;
  const base = cfg.use?.launchOptions ?? {};
  return { ...base, headless: true };
}

/** Launches a fresh headless Chromium; `pid` is its browser process (for /proc memory), from CDP. */
export async function launchChromium(): Promise<{ browser: Browser; pid: number }> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch(await launchOptions());
  const session = await browser.newBrowserCDPSession();
  const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  const pid = info.processInfo.find((p) => p.type === 'browser')?.id;
  if (!pid) throw new Error('CDP SystemInfo.getProcessInfo did not name the browser process');
  return { browser, pid };
}
