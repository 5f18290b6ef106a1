/**
 * Writes a synthetic MovieLens-shaped dataset to disk, streaming (bounded memory, with backpressure).
 *
 *   npm run gen -- --size sample|ml-1m|ml-20m [--seed S] [--format dat|csv] [--out DIR]
 *   npm run gen -- --users N --items N --ratings N [--factors K] [--seed S] [--format dat|csv] [--out DIR]
 *
 * Produces DIR/ratings.dat + DIR/movies.dat (ML-1M layout) or DIR/ratings.csv + DIR/movies.csv (ML-20M
 * layout) and prints a one-line JSON summary. Presets default to dat, except ml-20m to csv.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { argTokens } from '../src/cli/argTokens';
import { SAMPLE_PRESETS, sampleMoviesText, sampleOptions, sampleRatingsText, type SampleOptions } from '../src/data/sample';

/** Parsed command line of the generator. */
export interface GenerateArgs {
  opts: Required<SampleOptions>;
  format: 'dat' | 'csv';
  out: string;
  size: string;
}

/** One-line usage text. */
export const USAGE =
  'usage: npm run gen -- [--size sample|ml-1m|ml-20m] [--users N --items N --ratings N] [--factors K] [--seed S] [--format dat|csv] [--out DIR]';

/** The generator's flags, all taking a value. */
const FLAGS = ['size', 'users', 'items', 'ratings', 'factors', 'seed', 'format', 'out'];

/** Parses `--key value` / `--key=value` flags (node:util parseArgs). Throws Error with a usage hint on bad input. */
export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const flags = new Map<string, string>();
  const unknown: string[] = [];
  for (const t of argTokens(argv, { values: FLAGS, booleans: ['help'], short: { h: 'help' } })) {
    if (t.kind === 'word') throw new Error(`unexpected argument "${t.value}"\n${USAGE}`);
    if (t.name === 'help' && !t.inline) throw new Error(USAGE);
    if (t.value === undefined) throw new Error(`--${t.name} needs a value\n${USAGE}`);
    if (!FLAGS.includes(t.name)) unknown.push(t.name);
    flags.set(t.name, t.value);
  }
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}\n${USAGE}`);
  const size = flags.get('size') ?? (flags.has('users') || flags.has('items') || flags.has('ratings') ? 'custom' : 'sample');
  const preset = size === 'custom' ? SAMPLE_PRESETS.sample : SAMPLE_PRESETS[size as keyof typeof SAMPLE_PRESETS];
  if (!preset) throw new Error(`unknown --size "${size}" (sample, ml-1m, ml-20m)\n${USAGE}`);
  const int = (k: string, dflt: number) => {
    const s = flags.get(k);
    if (s === undefined) return dflt;
    const v = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a non-negative integer, got "${s}"`);
    return v;
  };
  const opts = sampleOptions({
    users: int('users', preset.users),
    items: int('items', preset.items),
    ratings: int('ratings', preset.ratings),
    factors: int('factors', 8),
    seed: int('seed', 1),
  });
  const format = (flags.get('format') ?? (size === 'ml-20m' ? 'csv' : 'dat')) as 'dat' | 'csv';
  if (format !== 'dat' && format !== 'csv') throw new Error(`--format must be dat or csv, got "${format}"`);
  return { opts, format, out: resolve(flags.get('out') ?? join('out', 'gen', size)), size };
}

/** Writes string chunks to a file through fs.createWriteStream; pipeline() applies backpressure. Returns bytes written. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<number> {
  const ws = createWriteStream(path);
  await pipeline(Readable.from(chunks, { objectMode: false }), ws);
  return ws.bytesWritten;
}

/** Generates the files; returns the summary printed by the CLI. */
export async function generateFiles(args: GenerateArgs) {
  const t0 = performance.now();
  await mkdir(args.out, { recursive: true });
  const ratingsPath = join(args.out, `ratings.${args.format}`);
  const moviesPath = join(args.out, `movies.${args.format}`);
  const ratingsBytes = await writeChunks(ratingsPath, sampleRatingsText(args.opts, args.format));
  const moviesBytes = await writeChunks(moviesPath, [sampleMoviesText(args.opts, args.format)]);
  return {
    size: args.size,
    format: args.format,
    ...args.opts,
    files: { ratings: ratingsPath, movies: moviesPath },
    bytes: { ratings: ratingsBytes, movies: moviesBytes },
    ms: Math.round(performance.now() - t0),
  };
}

async function main() {
  let args: GenerateArgs;
  try {
    args = parseGenerateArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  console.log(JSON.stringify(await generateFiles(args)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
