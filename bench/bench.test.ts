/** Unit tests of the benchmark suite's pure parts: statistics, JSON lines, arguments, /proc parsing. */
import { describe, expect, it } from 'vitest';
import { BENCH_NAMES, BenchUsageError, browserBackends, nodeBackends, parseBenchArgs, usage } from './args';
import { classifyChromium, descendants, parseStatPpid, parseStatusMemory } from './memory';
import { gpuSeedRecord, nodeTrainRecords, type EngineResult } from './node';
import { afterWarmup, benchRecord, formatLine, recordProblems, REQUIRED_KEYS, round, summarize } from './stats';

describe('summarize', () => {
  it('odd count: the middle value; min and max', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9, n: 5 });
  });
  it('even count: the mean of the two middle values, whatever the input order', () => {
    expect(summarize([40, 10, 30, 20]).median).toBe(25);
    expect(summarize([1, 2]).median).toBe(1.5);
  });
  it('one sample', () => {
    expect(summarize([3.5])).toEqual({ median: 3.5, min: 3.5, max: 3.5, n: 1 });
  });
  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    summarize(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
  it('rejects empty and non-finite samples', () => {
    expect(() => summarize([])).toThrow(/no samples/);
    expect(() => summarize([1, NaN])).toThrow(/non-finite/);
    expect(() => summarize([1, Infinity])).toThrow(/non-finite/);
  });
});

describe('round / afterWarmup', () => {
  it('rounds to 0.1 by default', () => {
    expect(round(12.345)).toBe(12.3);
    expect(round(12.35, 2)).toBe(12.35);
    expect(round(0.06)).toBe(0.1);
  });
  it('drops the warm-up, keeps `runs` samples, and refuses short runs', () => {
    expect(afterWarmup([100, 1, 2, 3, 4, 5], 1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(afterWarmup([9, 9, 1, 2], 2, 2)).toEqual([1, 2]);
    expect(() => afterWarmup([100, 1, 2], 1, 5)).toThrow(/expected 6 samples/);
  });
});

const base = { bench: 'train-epoch', runtime: 'chromium', backend: 'wasm', users: 6040, items: 3706, ratings: 1_000_209, cores: 2 };

describe('benchRecord / formatLine', () => {
  it('has every required key first, in order, with stats of the samples', () => {
    const r = benchRecord(base, [620.04, 610, 700.26, 615.55, 640], { device: 'WASM SIMD' });
    expect(Object.keys(r).slice(0, REQUIRED_KEYS.length)).toEqual([...REQUIRED_KEYS]);
    expect(r).toMatchObject({ median_ms: 620, min_ms: 610, max_ms: 700.3, runs: 5, cores: 2, device: 'WASM SIMD' });
    expect(r.samples_ms).toEqual([620, 610, 700.3, 615.6, 640]);
    const parsed = JSON.parse(formatLine(r));
    expect(parsed).toEqual(r);
    expect(formatLine(r)).not.toContain('\n');
  });
  it('rejects malformed records', () => {
    const good = benchRecord(base, [1, 2, 3]);
    expect(recordProblems(good)).toEqual([]);
    const { cores: _cores, ...noCores } = good;
    expect(recordProblems(noCores)).toContain('missing cores');
    expect(recordProblems({ ...good, bench: '' })).toContain('bench must be a non-empty string');
    expect(recordProblems({ ...good, users: 1.5 })).toContain('users must be a non-negative integer');
    expect(recordProblems({ ...good, median_ms: NaN })).toContain('median_ms must be a finite number ≥ 0');
    expect(recordProblems({ ...good, min_ms: 5 })).toContain('min_ms ≤ median_ms ≤ max_ms does not hold');
    expect(recordProblems({ ...good, peak_mb: 100 })).toContain('peak_mb needs memory_method');
    expect(recordProblems({ ...good, peak_mb: 0, memory_method: 'x' })).toContain('peak_mb must be a positive number');
    expect(() => formatLine({ ...good, runs: 0 })).toThrow(/runs must be ≥ 1/);
  });
});

describe('parseBenchArgs', () => {
  it('defaults: the default group, 5 runs after 1 warm-up, ML-1M, no webgpu', () => {
    const o = parseBenchArgs([]);
    expect(o.benches).toEqual(['ingest', 'train-epoch', 'evaluate', 'user-switch', 'node-train-epoch', 'node-evaluate', 'references']);
    expect(o).toMatchObject({
      runs: 5,
      warmup: 1,
      withWebgpu: false,
      size: 'ml-1m',
      build: true,
      dataDir: '.bench-data',
      help: false,
      gpuEpochs: 100,
    });
    expect(browserBackends(o)).toEqual(['wasm', 'webgl', 'cpu']);
    expect(nodeBackends(o)).toEqual(['cpu', 'wasm']);
  });
  it('--only picks names (comma lists, repeats, = form) in registry order', () => {
    expect(parseBenchArgs(['--only', 'evaluate,ingest']).benches).toEqual(['ingest', 'evaluate']);
    expect(parseBenchArgs(['--only=train-epoch', '--only', 'ingest-20m']).benches).toEqual(['train-epoch', 'ingest-20m']);
    expect(parseBenchArgs(['--only', 'gpu-seed']).benches).toEqual(['gpu-seed']);
    expect(parseBenchArgs(['--only', 'time-to-knn', '--size', 'tiny'])).toMatchObject({ benches: ['time-to-knn'], size: 'tiny' });
  });
  it('the package scripts: bench:ingest and bench:train', () => {
    expect(parseBenchArgs(['--only', 'ingest']).benches).toEqual(['ingest']);
    expect(parseBenchArgs(['--only', 'train-epoch,evaluate']).benches).toEqual(['train-epoch', 'evaluate']);
  });
  it('the 20M benches only with --scale or --only; gpu-seed only with --only', () => {
    expect(parseBenchArgs([]).benches).not.toContain('ingest-20m');
    expect(parseBenchArgs([]).benches).not.toContain('gpu-seed');
    expect(parseBenchArgs(['--scale']).benches).toEqual([
      'ingest',
      'train-epoch',
      'evaluate',
      'user-switch',
      'node-train-epoch',
      'node-evaluate',
      'references',
      'ingest-20m',
      'train-epoch-20m',
      'evaluate-20m',
    ]);
    expect(parseBenchArgs(['--scale']).benches).not.toContain('gpu-seed');
    expect(parseBenchArgs(['--scale']).benches).not.toContain('time-to-knn'); // only with --only (minutes on ML-1M)
  });
  it('webgpu joins the Chromium backends with --with-webgpu or --backends webgpu', () => {
    expect(browserBackends(parseBenchArgs(['--with-webgpu']))).toEqual(['wasm', 'webgl', 'cpu', 'webgpu']);
    const o = parseBenchArgs(['--backends', 'webgpu,wasm']);
    expect(o.withWebgpu).toBe(true);
    expect(browserBackends(o)).toEqual(['wasm', 'webgpu']);
    expect(nodeBackends(o)).toEqual(['wasm']);
  });
  it('numbers and flags', () => {
    expect(
      parseBenchArgs([
        '--runs',
        '7',
        '--warmup=0',
        '--webgpu-runs',
        '3',
        '--gpu-epochs',
        '2',
        '--no-build',
        '--size',
        'tiny',
        '--data',
        '/tmp/x',
      ]),
    ).toMatchObject({
      runs: 7,
      warmup: 0,
      webgpuRuns: 3,
      gpuEpochs: 2,
      build: false,
      size: 'tiny',
      dataDir: '/tmp/x',
    });
    expect(parseBenchArgs(['-h']).help).toBe(true);
    expect(parseBenchArgs(['--help']).help).toBe(true);
  });
  it('rejects mistakes with a BenchUsageError', () => {
    const bad: [string[], RegExp][] = [
      [['--only', 'nope'], /unknown benchmark\(s\): nope/],
      [['--only', ','], /at least one/],
      [['--runs', '0'], /--runs must be an integer ≥ 1/],
      [['--runs', '2.5'], /--runs/],
      [['--warmup', '-1'], /--warmup/],
      [['--runs'], /--runs needs a value/],
      [['--only', '--scale'], /--only needs a value/],
      [['--frobnicate'], /unknown option --frobnicate/],
      [['ingest'], /unexpected argument "ingest"/],
      [['--backends', 'metal'], /unknown backend/],
      [['--size', 'ml-20m'], /--size must be one of/],
      [['--scale=1'], /takes no value/],
    ];
    for (const [argv, re] of bad) {
      expect(() => parseBenchArgs(argv), argv.join(' ')).toThrow(BenchUsageError);
      expect(() => parseBenchArgs(argv), argv.join(' ')).toThrow(re);
    }
  });
  it('--help lists every benchmark, the slow ones included', () => {
    const text = usage();
    for (const n of BENCH_NAMES) expect(text).toContain(n);
    expect(text).toContain('--scale');
    expect(text).toContain('--with-webgpu');
  });
});

describe('/proc parsing', () => {
  const status = ['Name:\tchromium', 'VmPeak:\t 9000000 kB', 'VmHWM:\t  812344 kB', 'VmRSS:\t  640000 kB', 'Threads:\t20'].join('\n');
  it('reads VmRSS and VmHWM', () => {
    expect(parseStatusMemory(status)).toEqual({ rssKb: 640000, hwmKb: 812344 });
    expect(parseStatusMemory('Name:\tkthreadd\nState:\tS')).toBeNull();
  });
  it('reads the parent pid even when the command name has spaces and parentheses', () => {
    expect(parseStatPpid('1234 (chromium) S 1200 1234 1200 0 -1')).toBe(1200);
    expect(parseStatPpid('77 (Web Content (x)) R 5 77 5 0')).toBe(5);
    expect(parseStatPpid('garbage')).toBeNull();
  });
  it('classifies Chromium processes by --type', () => {
    expect(classifyChromium('/usr/lib/chromium/chromium --type=renderer --renderer-client-id=5')).toBe('renderer');
    expect(classifyChromium('/usr/lib/chromium/chromium --type=gpu-process --use-angle=swiftshader')).toBe('gpu');
    expect(classifyChromium('/usr/lib/chromium/chromium --type=zygote')).toBe('zygote');
    expect(classifyChromium('/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService')).toBe('utility');
    expect(classifyChromium('/usr/lib/chromium/chromium --headless --remote-debugging-pipe')).toBe('browser');
    expect(classifyChromium('node bench/run.ts')).toBe('other');
  });
  it('finds all descendants (zygote → renderer), not siblings', () => {
    const pairs = [
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 11 },
      { pid: 13, ppid: 12 },
      { pid: 20, ppid: 1 },
      { pid: 21, ppid: 20 },
    ];
    expect(descendants(10, pairs).sort()).toEqual([11, 12, 13]);
    expect(descendants(99, pairs)).toEqual([]);
  });
});

function engineResult(over: Partial<EngineResult> = {}): EngineResult {
  return {
    backend: 'wasm',
    reason: 'WASM SIMD (forced)',
    device: null,
    users: 6040,
    items: 3706,
    ratings: 1_000_209,
    trainRatings: 800_000,
    testRatings: 200_209,
    epochs: 6,
    batchSize: 250,
    batches: 24,
    ingestMs: 900,
    setupMs: 50,
    runMs: 7000,
    trainMs: [2000, 600, 610, 620, 630, 640],
    evalMs: [500, 200, 210, 220, 230, 240],
    trainCpuMs: [1900, 590, 600, 610, 620, 630],
    evalCpuMs: [490, 190, 200, 210, 220, 230],
    loss: [0.36, 0.35, 0.34, 0.33, 0.32, 0.31],
    precision: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06],
    state: 'done',
    maxRssMb: 400,
    ...over,
  };
}

describe('Node records', () => {
  const data = {
    size: 'ml-1m' as const,
    path: '/x/ratings.dat',
    users: 6040,
    items: 3706,
    ratings: 1_000_209,
    bytes: 24e6,
    format: 'dat' as const,
  };
  it('node-train-epoch / node-evaluate exclude the warm-up epoch', () => {
    const [train, evaluate] = nodeTrainRecords(engineResult(), { warmup: 1, runs: 5, cores: 2, data, loadAvg: [1, 1] });
    expect(train).toMatchObject({
      bench: 'node-train-epoch',
      runtime: 'node',
      backend: 'wasm',
      median_ms: 620,
      min_ms: 600,
      max_ms: 640,
      runs: 5,
      cpu_median_ms: 610,
      peak_mb: 400,
    });
    expect(evaluate).toMatchObject({ bench: 'node-evaluate', median_ms: 220, min_ms: 200, max_ms: 240, runs: 5 });
    for (const r of [train, evaluate]) expect(recordProblems(r)).toEqual([]);
  });
  it('a failed training is an error, not a figure', () => {
    expect(() => nodeTrainRecords(engineResult({ state: 'failed' }), { warmup: 1, runs: 5, cores: 2, data, loadAvg: [] })).toThrow(
      /failed/,
    );
  });
  it('gpu-seed: total seconds and dispatches per step of the last epoch', () => {
    const r = gpuSeedRecord(
      engineResult({
        backend: 'webgpu',
        epochs: 2,
        trainMs: [900, 60],
        evalMs: [100, 40],
        runMs: 1100,
        dispatches: { train: [1600, 1512], eval: [300, 280] },
      }),
      {
        cores: 2,
        data,
        loadAvg: [],
      },
    );
    expect(r).toMatchObject({
      bench: 'gpu-seed',
      backend: 'webgpu',
      total_s: 1.1,
      dispatches_per_step: 63,
      dispatches_per_epoch_train: 1512,
      dispatches_per_eval: 280,
      runs: 1,
      median_ms: 100,
    });
    expect(recordProblems(r)).toEqual([]);
  });
});
