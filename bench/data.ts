/**
 * Generated benchmark data, cached under .bench-data/<size>/ (gitignored) with the data layer's generator
 * (the same code as `npm run gen`). A size is reused when its meta.json matches the options and the file
 * size on disk; otherwise it is generated again into a temporary directory and moved into place.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateFiles, parseGenerateArgs } from '../scripts/generate';
import { SAMPLE_PRESETS } from '../src/data/sample';

/**
 * Sizes the benchmarks use. 'tiny' is for the gpu-seed smoke test on a software adapter;
 * 'ml-latest-small' is that dataset's shape (mult-dae-epoch).
 */
export type DataSize = 'ml-1m' | 'ml-20m' | 'sample' | 'tiny' | 'ml-latest-small';

interface Shape {
  users: number;
  items: number;
  ratings: number;
  format: 'dat' | 'csv';
}

const preset = (name: keyof typeof SAMPLE_PRESETS, format: Shape['format']): Shape => {
  const p = SAMPLE_PRESETS[name];
  return { users: p.users, items: p.items, ratings: p.ratings, format };
};

/** ML-1M layout (ratings.dat) except ML-20M (ratings.csv), as GroupLens ships them. */
const SHAPES: Record<DataSize, Shape> = {
  'ml-1m': preset('ml-1m', 'dat'),
  'ml-20m': preset('ml-20m', 'csv'),
  sample: preset('sample', 'dat'),
  tiny: { users: 300, items: 400, ratings: 12_000, format: 'dat' },
  'ml-latest-small': { users: 610, items: 9724, ratings: 100_836, format: 'csv' },
};

/** A generated ratings file and its shape (the generator's exact counts). */
export interface BenchData extends Shape {
  size: DataSize;
  path: string;
  bytes: number;
}

const SEED = 1;

/** Returns the cached ratings file of a size, generating it first when missing or stale. */
export async function ensureData(size: DataSize, dataDir: string, log: (s: string) => void): Promise<BenchData> {
  const shape = SHAPES[size];
  const dir = resolve(dataDir, size);
  const path = join(dir, `ratings.${shape.format}`);
  const metaPath = join(dir, 'meta.json');
  const want = { ...shape, seed: SEED };
  if (existsSync(metaPath) && existsSync(path)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as typeof want & { bytes: number };
      const same = (Object.keys(want) as (keyof typeof want)[]).every((k) => meta[k] === want[k]);
      if (same && statSync(path).size === meta.bytes) return { size, path, ...shape, bytes: meta.bytes };
    } catch {
      // unreadable meta: regenerate
    }
  }
  log(`generating ${size} data (${shape.users} users × ${shape.items} items × ${shape.ratings} ratings, ${shape.format}) into ${dir} …`);
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const args = parseGenerateArgs([
    `--users=${shape.users}`,
    `--items=${shape.items}`,
    `--ratings=${shape.ratings}`,
    `--seed=${SEED}`,
    `--format=${shape.format}`,
    `--out=${tmp}`,
  ]);
  const t0 = performance.now();
  const r = await generateFiles(args);
  await writeFile(join(tmp, 'meta.json'), `${JSON.stringify({ ...want, bytes: r.bytes.ratings })}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log(`generated ${size}: ${(r.bytes.ratings / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { size, path, ...shape, bytes: r.bytes.ratings };
}
