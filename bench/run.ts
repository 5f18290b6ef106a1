/**
 * `npm run bench`: runs the benchmarks and prints one JSON line per measurement on stdout; progress,
 * machine facts and errors go to stderr. See bench/README.md and `npm run bench -- --help`.
 *
 * Exit codes: 0 every selected benchmark measured, 1 one or more failed (the others still ran), 2 bad
 * command line.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { BenchUsageError, BENCHES, browserBackends, nodeBackends, parseBenchArgs, usage, type BenchOptions } from './args';
import { ensureData, type BenchData } from './data';
import { formatLine, round, type BenchRecord } from './stats';

const t0 = Date.now();
function log(s: string): void {
  const t = ((Date.now() - t0) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${t}s] ${s}\n`);
}

function emit(r: BenchRecord): void {
  process.stdout.write(`${formatLine(r)}\n`);
}

const load = () => round(loadavg()[0], 2);

async function run(o: BenchOptions): Promise<number> {
  const want = new Set(o.benches);
  const has = (...names: string[]) => names.some((n) => want.has(n));
  log(`benchmarks: ${o.benches.join(', ')}`);
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load avg ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}, Node ${process.version}`,
  );
  const failures: string[] = [];
  const attempt = async (label: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      failures.push(`${label}: ${msg}`);
      log(`FAILED ${label}: ${msg}`);
    }
  };

  const dataDir = resolve(o.dataDir);
  let small: BenchData | null = null;
  if (
    has(
      'ingest',
      'train-epoch',
      'evaluate',
      'user-switch',
      'node-train-epoch',
      'node-evaluate',
      'references',
      'references-chromium',
      'time-to-knn',
      'gpu-seed',
    )
  )
    small = await ensureData(o.size, dataDir, log);
  if (small && o.size !== 'ml-1m') log(`NOTE: --size ${o.size}: not the ML-1M shape, figures are not comparable`);

  const chromium = BENCHES.some((b) => b.runtime === 'chromium' && want.has(b.name));
  let server: { url: string; close(): Promise<void> } | null = null;
  try {
    if (chromium) {
      const { buildApp, serveApp } = await import('./app');
      const appDir = resolve(dataDir, 'app');
      await buildApp(appDir, o.build, log);
      server = await serveApp(appDir);
      log(`app served at ${server.url}`);
    }
    const ctx = server ? { url: server.url, log } : null;

    if (want.has('ingest') && ctx && small) {
      await attempt('ingest', async () => {
        const { ingestBench } = await import('./browserIngest');
        log(`ingest: ${o.warmup} warm-up + ${o.runs} loads of ${small.path}`);
        emit(await ingestBench(ctx, small, o));
      });
    }

    if (want.has('references-chromium') && ctx && small) {
      await attempt('references-chromium', async () => {
        const { referencesChromiumBench } = await import('./browserReferences');
        log(`references-chromium: ${o.warmup} warm-up + ${o.runs} loads of ${small.path}`);
        emit(await referencesChromiumBench(ctx, small, o));
      });
    }

    if (has('train-epoch', 'evaluate', 'user-switch') && ctx && small) {
      const { trainBench } = await import('./browserTrain');
      for (const backend of browserBackends(o)) {
        const webgpu = backend === 'webgpu';
        const runs = webgpu ? o.webgpuRuns : o.runs;
        const note = webgpu ? `software WebGPU adapter (SwiftShader fallback) on this machine: only ${runs} measured epochs` : undefined;
        await attempt(`train-epoch/evaluate ${backend}`, async () => {
          log(`chromium ${backend}: Seed preset, ${o.warmup} warm-up + ${runs} epochs`);
          for (const r of await trainBench(ctx, small, backend, { warmup: o.warmup, runs, note })) if (want.has(r.bench)) emit(r);
        });
      }
    }

    if (has('node-train-epoch', 'node-evaluate') && small) {
      const { runEngine, nodeTrainRecords } = await import('./node');
      for (const backend of nodeBackends(o)) {
        await attempt(`node-train-epoch/node-evaluate ${backend}`, async () => {
          log(`node ${backend}: Seed preset, ${o.warmup} warm-up + ${o.runs} epochs`);
          const la0 = load();
          const r = await runEngine({ backend, data: small.path, epochs: o.warmup + o.runs });
          for (const rec of nodeTrainRecords(r, {
            warmup: o.warmup,
            runs: o.runs,
            cores: cpus().length,
            data: small,
            loadAvg: [la0, load()],
          })) {
            if (want.has(rec.bench)) emit(rec);
          }
        });
      }
    }

    if (want.has('references') && small) {
      await attempt('references', async () => {
        const { referencesBench } = await import('./references');
        log(`references: EASE fit, ${o.warmup} warm-up + ${o.runs} runs, tfjs-wasm in Node`);
        emit(await referencesBench(small, { warmup: o.warmup, runs: o.runs, cores: cpus().length, log, loadAvg: load }));
      });
    }

    if (want.has('time-to-knn') && small) {
      await attempt('time-to-knn', async () => {
        const { runTimeToKnn, timeToKnnRecord } = await import('./time-to-knn');
        log('time-to-knn: item-kNN, then the edlae preset on wasm until its test P@10 reaches item-kNN’s');
        const la0 = load();
        const r = await runTimeToKnn(small, log);
        const rec = timeToKnnRecord(r, { cores: cpus().length, loadAvg: [la0, load()] });
        emit(rec);
        const outcome = rec.reached ? `item-kNN reached at epoch ${rec.reached_epoch} after` : 'item-kNN not reached in';
        log(`time-to-knn: ${outcome} ${rec.median_ms} ms (target ≤ ${rec.target_ms} ms)`);
      });
    }

    if (want.has('mult-dae-epoch-chromium') && ctx) {
      await attempt('mult-dae-epoch-chromium', async () => {
        const mls = await ensureData('ml-latest-small', dataDir, log);
        const { multDaeBrowserBench } = await import('./multDaeBrowser');
        log(`chromium wasm: mult-dae preset, ${o.warmup} warm-up + ${o.runs} epochs`);
        emit(await multDaeBrowserBench(ctx, mls, o));
      });
    }

    if (want.has('mult-dae-epoch')) {
      const mls = await ensureData('ml-latest-small', dataDir, log);
      const { runMultDae, multDaeRecord, runPytorch } = await import('./multDae');
      for (const backend of o.backends ? nodeBackends(o) : ['wasm']) {
        await attempt(`mult-dae-epoch ${backend}`, async () => {
          log(`node ${backend}: mult-dae preset, ${o.warmup} warm-up + ${o.runs} epochs, each with the kernels on and off`);
          const la0 = load();
          // PyTorch's epoch on the same data before and after ours (where python3 has torch).
          const before = await runPytorch(mls.path, o.runs);
          const r = await runMultDae({ backend, data: mls.path, epochs: o.warmup + o.runs });
          const after = before ? await runPytorch(mls.path, o.runs) : null;
          const pytorch = [before, after].filter((p) => p !== null);
          if (!before) log('mult-dae-epoch: no PyTorch beside it (python3 with torch not found)');
          emit(multDaeRecord(r, { warmup: o.warmup, runs: o.runs, cores: cpus().length, data: mls, loadAvg: [la0, load()], pytorch }));
        });
      }
    }

    if (has('ingest-20m', 'train-epoch-20m', 'evaluate-20m') && ctx) {
      await attempt('ingest-20m/train-epoch-20m/evaluate-20m', async () => {
        const big = await ensureData('ml-20m', dataDir, log);
        const { scaleBench } = await import('./browserScale');
        for (const r of await scaleBench(ctx, big, want)) emit(r);
      });
    }

    if (want.has('gpu-seed') && small) {
      await attempt('gpu-seed', async () => {
        const { runEngine, gpuSeedRecord } = await import('./node');
        log(`gpu-seed: Seed preset, ${o.gpuEpochs} epochs with per-epoch evaluation, Node WebGPU (Dawn), counting dispatches`);
        const la0 = load();
        const r = await runEngine({ backend: 'webgpu', data: small.path, epochs: o.gpuEpochs, countDispatches: true });
        const rec = gpuSeedRecord(r, { cores: cpus().length, data: small, loadAvg: [la0, load()] });
        emit(rec);
        log(
          `gpu-seed: ${rec.epochs} epochs + evaluation in ${rec.total_s} s (target ≤ ${rec.target_s} s) on ${rec.device}; ` +
            `${rec.dispatches_per_step} kernel dispatches per training step (${rec.dispatches_per_epoch_train} over ${rec.batches_per_epoch} batches in epoch ${rec.dispatch_epoch}), ` +
            `${rec.dispatches_per_eval} per evaluation`,
        );
      });
    }
  } finally {
    await server?.close().catch(() => undefined);
  }

  log(
    `finished in ${((Date.now() - t0) / 1000).toFixed(0)} s; load avg ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (failures.length) {
    log(`${failures.length} failed:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

let opts: BenchOptions;
try {
  opts = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof BenchUsageError)) throw e;
  process.stderr.write(`error: ${e.message}\n\n${usage()}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(`${usage()}\n`);
  process.exit(0);
}
run(opts).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
