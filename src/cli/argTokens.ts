/**
 * The command-line tokenizer shared by the CLI (args.ts), the benchmark runner (bench/args.ts), the
 * data generator (scripts/generate.ts) and bench/node-engine.ts: node:util `parseArgs` in its lenient
 * mode, with the conventions those parsers share on top. Each caller turns the tokens into its own
 * options and error messages.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A `--name` flag (or a known short flag such as `-h`) as written. */
export interface FlagToken {
  kind: 'flag';
  name: string;
  /** The value: inline (`--k=v`), the next word, or undefined when none was given. */
  value: string | undefined;
  /** The value was written inline (`--k=v`). */
  inline: boolean;
  /** Written `--no-name` (only for negatable booleans). */
  negated: boolean;
  /** One of the declared value or boolean flags. */
  known: boolean;
}

/** A word that is not a flag, and whether it came after `--`. */
export interface WordToken {
  kind: 'word';
  value: string;
  afterTerminator: boolean;
}

/** What the caller declares. */
export interface TokenSpec {
  /** Flags that take a value (`--k v` or `--k=v`). */
  values: readonly string[];
  /** Flags that take none. */
  booleans: readonly string[];
  /** Short aliases, e.g. { h: 'help' }; any other `-x` is a word. */
  short?: Record<string, string>;
  /** `--no-<boolean>` negates the boolean. */
  negatable?: boolean;
}

/**
 * Splits argv into flags and words, in order. A value flag takes the next word even when it starts with
 * `-` (`--threshold -1`); an undeclared `--name` takes the next word when one follows directly (so
 * `--bogus 1` reports `--bogus`, not a stray `1`); a boolean flag never takes one.
 */
export function argTokens(argv: string[], spec: TokenSpec): (FlagToken | WordToken)[] {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const name of spec.values) options[name] = { type: 'string' };
  for (const name of spec.booleans) options[name] = { type: 'boolean' };
  for (const [short, name] of Object.entries(spec.short ?? {})) options[name] = { ...options[name], type: 'boolean', short };
  const { tokens } = parseArgs({
    args: argv,
    options,
    strict: false,
    allowPositionals: true,
    allowNegative: spec.negatable ?? false,
    tokens: true,
  });
  const shortNames = new Set(Object.values(spec.short ?? {}));
  const out: (FlagToken | WordToken)[] = [];
  let afterTerminator = false;
  let lastWordIndex = -1;
  /** An undeclared flag still waiting for the word right after it (argv index of that word). */
  let pending: { flag: FlagToken; next: number } | null = null;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      afterTerminator = true;
      pending = null;
      continue;
    }
    if (t.kind === 'positional') {
      if (pending && pending.next === t.index) {
        pending.flag.value = t.value;
        pending = null;
        continue;
      }
      out.push({ kind: 'word', value: t.value, afterTerminator });
      continue;
    }
    pending = null;
    const long = t.rawName.startsWith('--');
    if (!long && !shortNames.has(t.name)) {
      // `-x`, `-1`: a word (parseArgs splits `-abc` into three tokens of one argv entry).
      if (t.index !== lastWordIndex) out.push({ kind: 'word', value: argv[t.index], afterTerminator });
      lastWordIndex = t.index;
      continue;
    }
    const known = t.name in options;
    const flag: FlagToken = {
      kind: 'flag',
      name: t.name,
      value: t.value,
      inline: t.inlineValue === true,
      negated: long && t.rawName !== `--${t.name}` && t.rawName === `--no-${t.name}`,
      known,
    };
    out.push(flag);
    if (!known && flag.value === undefined) pending = { flag, next: t.index + 1 };
  }
  return out;
}
