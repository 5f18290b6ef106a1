/**
 * The benchmark registry and the command line of `npm run bench` (pure: no I/O, unit-tested).
 *
 *   npm run bench [-- --only NAME[,NAME…]] [--scale] [--with-webgpu] [--runs N] [--warmup N]
 *                 [--backends LIST] [--size SIZE] [--gpu-epochs N] [--no-build] [--data DIR] [--help]
 */
import { argTokens } from '../src/cli/argTokens';

/** Where a benchmark runs. */
export type Runtime = 'chromium' | 'node';
/** When a benchmark runs without --only: default (always), scale (--scale), gpu and only (only with --only). */
export type BenchGroup = 'default' | 'scale' | 'gpu' | 'only';

/** One benchmark name. Several names can share one measurement run (e.g. train-epoch and evaluate). */
export interface BenchSpec {
  name: string;
  runtime: Runtime;
  group: BenchGroup;
  description: string;
}

export const BENCHES: readonly BenchSpec[] = [
  {
    name: 'ingest',
    runtime: 'chromium',
    group: 'default',
    description:
      'ML-1M-sized ratings.dat (6,040 × 3,706 × 1,000,209, ≈24 MB) through the file input into the ingest worker; ms measured in the worker until dataset + split are ready (target ≤ 600 ms)',
  },
  {
    name: 'train-epoch',
    runtime: 'chromium',
    group: 'default',
    description:
      'Seed preset, ML-1M-sized data, ms per training epoch (EpochReport.trainMs) per backend: wasm, webgl, cpu (+ webgpu with --with-webgpu)',
  },
  {
    name: 'evaluate',
    runtime: 'chromium',
    group: 'default',
    description: 'same runs as train-epoch: ms per evaluation of all 6,040 users after each epoch (EpochReport.evalMs)',
  },
  {
    name: 'user-switch',
    runtime: 'chromium',
    group: 'default',
    description:
      "same runs as train-epoch, after training: ms from clicking 'Next user' to that user's top-10 rendered (target < 100 ms on ML-1M size)",
  },
  {
    name: 'node-train-epoch',
    runtime: 'node',
    group: 'default',
    description: 'Seed epoch on the same data in Node (InProcessEngine, as the CLI uses it), backends cpu and wasm',
  },
  {
    name: 'node-evaluate',
    runtime: 'node',
    group: 'default',
    description: 'same runs as node-train-epoch: ms per evaluation',
  },
  {
    name: 'references',
    runtime: 'node',
    group: 'default',
    description:
      "EASE's dense solve (λ 500, 3,706 × 3,706 SPD inverse on tfjs-wasm) on the same data in Node (target ≤ 5 s), plus item-kNN's fit and both references' top-10 of every user (1 run each)",
  },
  {
    name: 'references-chromium',
    runtime: 'chromium',
    group: 'only',
    description:
      "the production build's references worker on the ML-1M-shaped data: the EASE row's data-fit-ms (λ 500 fit; target ≤ 5 s) per load of the file, with data-ms (fit + every user's top-K list), item-kNN's time and the solver the row names",
  },
  {
    name: 'time-to-knn',
    runtime: 'node',
    group: 'only',
    description:
      "edlae preset on the ML-1M-shaped data (or --size) in Node, backend wasm: ms from Start to the first epoch whose test P@10 reaches item-kNN's (cosine, 100 neighbours; target ≤ 60 s); runs: 1",
  },
  {
    name: 'mult-dae-epoch',
    runtime: 'node',
    group: 'only',
    description:
      'mult-dae preset, ml-latest-small-shaped data (610 × 9,724 × 100,836), Node, backend wasm (or --backends): ms per training epoch with the Mult-DAE host kernels, and without them in the same process (ratio robust to load)',
  },
  {
    name: 'mult-dae-epoch-chromium',
    runtime: 'chromium',
    group: 'only',
    description: 'the same preset and data in the production build, training worker on wasm: ms per training epoch (EpochReport.trainMs)',
  },
  {
    name: 'ingest-20m',
    runtime: 'chromium',
    group: 'scale',
    description:
      'ML-20M-shaped ratings.csv (138,493 × 26,744 × 20,000,263, ≈500 MB) ingested in one tab; worker ms (target ≤ 30 s) and the tab renderer peak memory; runs: 1',
  },
  {
    name: 'train-epoch-20m',
    runtime: 'chromium',
    group: 'scale',
    description: 'then one Seed epoch on wasm in that same tab; train ms and the tab peak memory (target ≤ 2 GB); runs: 1',
  },
  {
    name: 'evaluate-20m',
    runtime: 'chromium',
    group: 'scale',
    description: 'the evaluation (138,493 users) after that epoch; runs: 1',
  },
  {
    name: 'gpu-seed',
    runtime: 'node',
    group: 'gpu',
    description:
      'full Seed run (100 epochs + per-epoch evaluation) on the CLI engine’s WebGPU backend in Node (Dawn), total seconds and kernel dispatches per training step (target ≤ 10 s on a datacenter GPU); see bench/gpu-seed.sh',
  },
];

export const BENCH_NAMES: readonly string[] = BENCHES.map((b) => b.name);

/** Backends of the Chromium training benches (webgpu only with --with-webgpu: SwiftShader here). */
export const BROWSER_BACKENDS = ['wasm', 'webgl', 'cpu', 'webgpu'] as const;
/** Backends of the Node training benches. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;

/** Sizes --size accepts. */
export const BENCH_SIZES = ['ml-1m', 'sample', 'tiny'] as const;
export type BenchSize = (typeof BENCH_SIZES)[number];

/** Parsed options of the bench runner. */
export interface BenchOptions {
  /** Benchmarks to run, in registry order. */
  benches: string[];
  /** Measured runs (epochs, loads) after the warm-up. */
  runs: number;
  /** Warm-up runs, excluded from the statistics. */
  warmup: number;
  /** Add webgpu to the Chromium training benches. */
  withWebgpu: boolean;
  /** Measured runs on Chromium's webgpu (a software adapter here, ~40× slower than wasm). */
  webgpuRuns: number;
  /** Restrict the training benches to these backends (null: all that apply). */
  backends: string[] | null;
  /**
   * Data of the ML-1M benches, time-to-knn and gpu-seed: 'ml-1m' (default); 'sample' (1,000 × 1,700 × 100,000) or 'tiny'
   * (300 × 400 × 12,000) for smoke runs whose figures are not comparable.
   */
  size: BenchSize;
  /** Epochs of the gpu-seed run (default 100, the full Seed run). */
  gpuEpochs: number;
  /** Build the app into .bench-data/app when its sources changed (false: --no-build, use what is there). */
  build: boolean;
  /** Cache directory of generated data and the app build. */
  dataDir: string;
  help: boolean;
}

/** A command-line mistake (printed with the usage, exit code 2). */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

const VALUE_FLAGS = new Set(['only', 'runs', 'warmup', 'webgpu-runs', 'backends', 'gpu-epochs', 'data', 'size']);
const BOOL_FLAGS = new Set(['scale', 'with-webgpu', 'no-build', 'help']);

function positiveInt(flag: string, s: string, min: number): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isInteger(v) || v < min) throw new BenchUsageError(`--${flag} must be an integer ≥ ${min}, got "${s}"`);
  return v;
}

function list(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/**
 * Parses the runner's argv (without node and script) with node:util parseArgs (src/cli/argTokens.ts).
 * `--flag value` and `--flag=value`; `--only` may repeat
 * (lists are merged). Without --only: the default group, plus the scale group with --scale; gpu-seed runs
 * only when named. Throws BenchUsageError for unknown flags, names or bad numbers.
 */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const values = new Map<string, string[]>();
  const bools = new Set<string>();
  for (const t of argTokens(argv, { values: [...VALUE_FLAGS], booleans: [...BOOL_FLAGS], short: { h: 'help' } })) {
    if (t.kind === 'word') throw new BenchUsageError(`unexpected argument "${t.value}"`);
    if (BOOL_FLAGS.has(t.name)) {
      if (t.value !== undefined) throw new BenchUsageError(`--${t.name} takes no value`);
      bools.add(t.name);
      continue;
    }
    if (!VALUE_FLAGS.has(t.name)) throw new BenchUsageError(`unknown option --${t.name}`);
    const value = t.value;
    if (value === undefined || (!t.inline && value.startsWith('--'))) throw new BenchUsageError(`--${t.name} needs a value`);
    values.set(t.name, [...(values.get(t.name) ?? []), value]);
  }
  const last = (name: string) => values.get(name)?.at(-1);

  const only = (values.get('only') ?? []).flatMap(list);
  const unknown = only.filter((n) => !BENCH_NAMES.includes(n));
  if (unknown.length) throw new BenchUsageError(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCH_NAMES.join(', ')})`);
  if (values.has('only') && only.length === 0) throw new BenchUsageError('--only needs at least one benchmark name');
  const scale = bools.has('scale');
  const wanted = new Set(only);
  const benches = BENCHES.filter((b) =>
    only.length ? wanted.has(b.name) || (scale && b.group === 'scale') : b.group === 'default' || (scale && b.group === 'scale'),
  ).map((b) => b.name);

  let backends: string[] | null = null;
  const b = last('backends');
  if (b !== undefined) {
    backends = list(b);
    const known: readonly string[] = BROWSER_BACKENDS;
    const bad = backends.filter((x) => !known.includes(x));
    if (bad.length || backends.length === 0)
      throw new BenchUsageError(
        `--backends: unknown backend(s) ${bad.join(', ') || '(none given)'} (known: ${BROWSER_BACKENDS.join(', ')})`,
      );
  }
  const withWebgpu = bools.has('with-webgpu') || (backends?.includes('webgpu') ?? false);
  const size = (last('size') ?? 'ml-1m') as BenchSize;
  if (!BENCH_SIZES.includes(size)) throw new BenchUsageError(`--size must be one of ${BENCH_SIZES.join(', ')}, got "${size}"`);

  return {
    benches,
    runs: last('runs') !== undefined ? positiveInt('runs', last('runs')!, 1) : 5,
    warmup: last('warmup') !== undefined ? positiveInt('warmup', last('warmup')!, 0) : 1,
    withWebgpu,
    webgpuRuns: last('webgpu-runs') !== undefined ? positiveInt('webgpu-runs', last('webgpu-runs')!, 1) : 2,
    backends,
    size,
    gpuEpochs: last('gpu-epochs') !== undefined ? positiveInt('gpu-epochs', last('gpu-epochs')!, 1) : 100,
    build: !bools.has('no-build'),
    dataDir: last('data') ?? '.bench-data',
    help: bools.has('help'),
  };
}

/** Backends the Chromium training benches run on with these options. */
export function browserBackends(o: Pick<BenchOptions, 'withWebgpu' | 'backends'>): string[] {
  const all = BROWSER_BACKENDS.filter((b) => b !== 'webgpu' || o.withWebgpu);
  return o.backends ? all.filter((b) => o.backends!.includes(b)) : [...all];
}

/** Backends the Node training benches run on with these options. */
export function nodeBackends(o: Pick<BenchOptions, 'backends'>): string[] {
  return o.backends ? NODE_BACKENDS.filter((b) => o.backends!.includes(b)) : [...NODE_BACKENDS];
}

/** The --help text (stderr). */
export function usage(): string {
  const w = Math.max(...BENCH_NAMES.map((n) => n.length));
  const rows = BENCHES.map(
    (b) =>
      `  ${b.name.padEnd(w)}  [${b.runtime}${b.group === 'default' ? '' : `, ${b.group === 'scale' ? '--scale or --only' : '--only'}`}] ${b.description}`,
  );
  return [
    'usage: npm run bench [-- options]',
    '',
    'Runs the benchmarks and prints one JSON line per measurement on stdout (progress on stderr).',
    'Generated data is cached under .bench-data/ (regenerated when missing); the app is built into .bench-data/app.',
    '',
    'benchmarks (default: ingest, train-epoch, evaluate, node-train-epoch, node-evaluate):',
    ...rows,
    '',
    'options:',
    '  --only NAME[,NAME]  run only these benchmarks (may repeat)',
    '  --scale             add the ML-20M-shaped benchmarks (ingest-20m, train-epoch-20m, evaluate-20m; slow)',
    '  --with-webgpu       add webgpu to the Chromium training benchmarks (software adapter here: few runs)',
    '  --webgpu-runs N     measured epochs on Chromium webgpu (default 2)',
    '  --runs N            measured runs after the warm-up (default 5)',
    '  --warmup N          warm-up runs excluded from the statistics (default 1)',
    '  --backends LIST     restrict training benchmarks to these backends (wasm, webgl, cpu, webgpu)',
    '  --size SIZE         data of the ML-1M benches, time-to-knn and gpu-seed: ml-1m (default), or for smoke runs whose',
    '                      figures are not comparable: sample (1,000 × 1,700 × 100,000), tiny (300 × 400 × 12,000)',
    '  --gpu-epochs N      epochs of gpu-seed (default 100, the full Seed run)',
    '  --no-build          use the existing .bench-data/app build as is',
    '  --data DIR          cache directory (default .bench-data)',
    '  -h, --help          this text',
  ].join('\n');
}
