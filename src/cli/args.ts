/**
 * Command-line parsing of the CLI (node:util parseArgs through argTokens.ts): `command positional…
 * --flag value --flag=value`, and the translation of the train command's flags into a validated
 * RunConfig through config.ts (strict: unknown flags fail).
 */
import { basename, extname, join, resolve } from 'node:path';
import { argTokens } from './argTokens';
import { validateRunConfig, type RunConfig } from '../engine/config';
import { PARAM_NAMES, runConfigFromParams } from '../engine/configParams';
import { BACKEND_CHOICES, type BackendChoice } from '../engine/engine';

/** A command-line mistake: the CLI prints the message (and a hint to --help) and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The raw command line: command word, positionals in order, flags by name (without the dashes). */
export interface ParsedArgs {
  command: string;
  positionals: string[];
  flags: Map<string, string>;
}

/** Flags that take no value (`--shuffle` means true; `--no-shuffle` false; `--shuffle false` also works). */
const BOOLEAN_FLAGS = new Set(['shuffle', 'help']);
const BOOLEAN_WORDS = new Set(['true', 'false', '1', '0']);
/** Flags that take a value: the RunConfig parameters and the commands' own. */
const VALUE_FLAGS = [...new Set([...PARAM_NAMES, 'movies', 'out', 'recs', 'test'])].filter((f) => !BOOLEAN_FLAGS.has(f));

/**
 * Splits argv (without node and script) into command, positionals and flags, with node:util parseArgs
 * (argTokens.ts). The first non-flag word is the command; `-h`/`--help` set the `help` flag; `--` ends
 * flag parsing. Unknown flags are kept (with the word after them) for the command to report. The last
 * repeat of a flag wins. Throws UsageError when a flag lacks its value.
 */
export function parseArgv(argv: string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const words: string[] = [];
  const tokens = argTokens(argv, { values: VALUE_FLAGS, booleans: [...BOOLEAN_FLAGS], short: { h: 'help' }, negatable: true });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word') {
      words.push(t.value);
      continue;
    }
    if (t.negated) {
      flags.set(t.name, 'false');
      continue;
    }
    if (BOOLEAN_FLAGS.has(t.name) && t.value === undefined) {
      const next = tokens[i + 1];
      const word = next?.kind === 'word' && !next.afterTerminator && BOOLEAN_WORDS.has(next.value);
      flags.set(t.name, word ? next.value : '');
      if (word) i++;
      continue;
    }
    const value = t.value;
    if (value === undefined || (!t.inline && value.startsWith('--') && value.length > 2)) throw new UsageError(`--${t.name} needs a value`);
    flags.set(t.name, value);
  }
  return { command: words[0] ?? '', positionals: words.slice(1), flags };
}

/** Backends the CLI can run on in Node: every choice but WebGL. */
export const CLI_BACKENDS: BackendChoice[] = BACKEND_CHOICES.filter((b) => b !== 'webgl');

/** Flags of the train command that are not RunConfig parameters. */
export const TRAIN_FLAGS = ['movies', 'out', 'help'];

/** Everything the train command needs. */
export interface TrainOptions {
  /** Ratings file(s), zip(s) or directories, as given. */
  inputs: string[];
  /** Optional movies file. */
  movies?: string;
  /** Output directory (absolute). */
  out: string;
  config: RunConfig;
}

/** Default output directory: ./out/<base name of the first input without its extension>. */
export function defaultOutDir(input: string, cwd = process.cwd()): string {
  const base = basename(input.replace(/[\\/]+$/, ''));
  const stem = base.slice(0, base.length - extname(base).length) || base || 'run';
  return resolve(cwd, join('out', stem));
}

/**
 * Builds the train command's options: CLI-only flags (--movies, --out) are taken out, every other flag
 * goes to runConfigFromParams(strict) and the result through validateRunConfig. The backend defaults to cpu.
 * Throws UsageError for a missing input, an unknown flag, a bad number or an invalid configuration.
 */
export function trainOptions(args: ParsedArgs, cwd = process.cwd()): TrainOptions {
  if (args.positionals.length === 0)
    throw new UsageError('train needs a ratings file (ratings.dat, u.data, ratings.csv or a GroupLens zip)');
  const params = new Map<string, string>();
  for (const [k, v] of args.flags) if (!TRAIN_FLAGS.includes(k)) params.set(k, v);
  if (!params.has('backend')) params.set('backend', 'cpu');
  let config: RunConfig;
  try {
    config = runConfigFromParams(params, true);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const problems = validateRunConfig(config);
  if (!CLI_BACKENDS.includes(config.backend) && !problems.some((p) => p.startsWith('backend'))) {
    problems.push(`backend ${config.backend} is not available in Node (use ${CLI_BACKENDS.join(', ')})`);
  }
  if (problems.length) throw new UsageError(`invalid configuration: ${problems.join('; ')}`);
  const movies = args.flags.get('movies');
  const out = args.flags.get('out');
  if (movies === '') throw new UsageError('--movies needs a file');
  if (out === '') throw new UsageError('--out needs a directory');
  return {
    inputs: args.positionals,
    movies,
    out: out !== undefined ? resolve(cwd, out) : defaultOutDir(args.positionals[0], cwd),
    config,
  };
}

/** Options of the evaluate command. */
export interface EvaluateOptions {
  recs: string;
  test: string;
  k: number;
  threshold: number;
}

/** Parses `evaluate --recs FILE --test FILE [--k 10] [--threshold 0]`; throws UsageError. */
export function evaluateOptions(args: ParsedArgs): EvaluateOptions {
  const known = ['recs', 'test', 'k', 'threshold', 'help'];
  const unknown = [...args.flags.keys()].filter((k) => !known.includes(k));
  if (unknown.length) throw new UsageError(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const recs = args.flags.get('recs');
  const test = args.flags.get('test');
  if (!recs || !test) throw new UsageError('evaluate needs --recs FILE and --test FILE');
  const num = (name: string, dflt: number) => {
    const s = args.flags.get(name);
    if (s === undefined) return dflt;
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${s}"`);
    return v;
  };
  const k = num('k', 10);
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`--k must be a positive integer, got "${args.flags.get('k')}"`);
  return { recs, test, k, threshold: num('threshold', 0) };
}
