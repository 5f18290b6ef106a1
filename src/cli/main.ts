/**
 * Entry point of the command-line interface (`npm run cli -- …`, i.e. `tsx src/cli/main.ts …`):
 *
 *   train <ratings file | zip | dir> [--movies FILE] [--out DIR] [hyper-parameters…]
 *   evaluate --recs recs.tsv --test test.tsv [--k 10] [--threshold 0]
 *   presets
 *   --help
 *
 * Exit codes: 0 success, 1 bad input file or failed training, 2 bad command line, 130 interrupted
 * (training stopped by Ctrl-C; the outputs are written for the epochs done).
 * `main(argv, io)` runs in-process (tests); run as a script it wires stdout/stderr and Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../data/types';
import { evaluateOptions, parseArgv, trainOptions, UsageError } from './args';
import { evaluateFiles } from './evaluateFiles';
import { runTrain, type CliIo } from './train';
import { presetLines, usageText } from './usage';
import { prepareVulkanEnv } from './vulkan';

export type { CliIo } from './train';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** An io writing lines to the process's stdout and stderr. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    signal,
  };
}

/**
 * Runs one CLI invocation. `argv` excludes node and the script (e.g. ['train', 'ratings.dat', '--epochs', '2']).
 * Never throws: errors are printed on io.err; resolves with the exit code.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const args = parseArgv(argv);
    if (args.flags.has('help') || args.command === 'help') {
      for (const l of usageText().split('\n')) io.out(l);
      return EXIT.ok;
    }
    if (args.command === '' && args.flags.size === 0) {
      for (const l of usageText().split('\n')) io.err(l);
      return EXIT.usage;
    }
    switch (args.command) {
      case 'presets':
        if (args.positionals.length || args.flags.size) throw new UsageError('presets takes no arguments');
        for (const l of presetLines()) io.out(l);
        return EXIT.ok;
      case 'train':
        return (await runTrain(trainOptions(args), io)).state === 'stopped' ? EXIT.interrupted : EXIT.ok;
      case 'evaluate': {
        const o = evaluateOptions(args);
        io.out(JSON.stringify(await evaluateFiles(o.recs, o.test, o.k, o.threshold)));
        return EXIT.ok;
      }
      default:
        throw new UsageError(
          args.command ? `unknown command "${args.command}" (train, evaluate, presets)` : 'missing command (train, evaluate, presets)',
        );
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      io.err('run `npm run cli -- --help` for usage');
      return EXIT.usage;
    }
    if (e instanceof Error && e.name === 'AbortError') {
      io.err('interrupted');
      return EXIT.interrupted;
    }
    if (e instanceof InputError) {
      io.err(e.message);
      return EXIT.failure;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failure;
  }
}

/** True when argv asks for the webgpu backend (`--backend webgpu` or `--backend=webgpu`). */
function wantsWebGpu(argv: string[]): boolean {
  return argv.some((a, i) => a === '--backend=webgpu' || (a === '--backend' && argv[i + 1] === 'webgpu'));
}

/** Re-executes this script with LD_LIBRARY_PATH extended (see vulkan.ts); resolves with the child's exit code. */
function reexecWithLibraryDir(dir: string): Promise<number> {
  const env = { ...process.env, LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), RECSYS_CLI_REEXEC: '1' };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  const forward = () => child.kill('SIGINT');
  process.on('SIGINT', forward);
  return new Promise((done) => child.on('exit', (code, sig) => done(code ?? (sig ? 130 : 1))));
}

async function cli(): Promise<number> {
  tf.env().set('PROD', true); // no "install tfjs-node" banner on stderr
  const argv = process.argv.slice(2);
  if (wantsWebGpu(argv) && !process.env.RECSYS_CLI_REEXEC) {
    const { needsLibraryDir } = prepareVulkanEnv(process.env);
    if (needsLibraryDir) return reexecWithLibraryDir(needsLibraryDir);
  }
  const ac = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('interrupt: stopping after the current batch (Ctrl-C again to quit)\n');
    ac.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return main(argv, processIo(ac.signal));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
