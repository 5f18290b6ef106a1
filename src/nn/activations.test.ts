/**
 * Every activation × every form (activations.ts) agree: tfjs against JS numerically, the derivative
 * against a finite difference of the JS form, and the WGSL text, translated to JS, against the JS
 * form; the WGSL also through WebGPU (Dawn + SwiftShader, child process) where that is installed.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../engine/config';
import { maxViolation } from '../../testing/fastPath';
import { ACTIVATIONS } from './activations';

const NAMES = Object.keys(ACTIVATIONS) as Activation[];
/** Pre-activations: both signs, near 0, large; not 0 itself (relu's kink). */
const Z = [-30, -6, -2.5, -1, -0.3, -1e-3, 2e-3, 0.25, 0.9, 1.7, 4, 12];

/**
 * WGSL f32 expression text → a JS expression: exp/tanh/max to Math, select(f, t, c) to (c ? t : f).
 * Covers what activations.ts writes (throws on anything else, so a new form gets a translation).
 */
function wgslToJs(expr: string): string {
  let out = '';
  for (let i = 0; i < expr.length; ) {
    const call = /^(exp|tanh|max|select)\(/.exec(expr.slice(i));
    if (!call) {
      if (/[a-df-z_]/i.test(expr[i]) && !/[a-z]/i.test(expr[i - 1] ?? '')) {
        const word = /^[a-z_]\w*/i.exec(expr.slice(i))![0];
        if (!['z', 'a'].includes(word)) throw new Error(`no JS translation for WGSL ${word}`);
      }
      out += expr[i++];
      continue;
    }
    // The call's arguments, split at top-level commas.
    let depth = 0,
      j = i + call[0].length;
    const args: string[] = [''];
    for (; depth >= 0; j++) {
      const c = expr[j];
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth < 0) break;
      if (c === ',' && depth === 0) args.push('');
      else args[args.length - 1] += c;
    }
    const js = args.map((a) => wgslToJs(a.trim()));
    out += call[1] === 'select' ? `((${js[2]}) ? (${js[1]}) : (${js[0]}))` : `Math.${call[1]}(${js.join(', ')})`;
    i = j + 1;
  }
  return out;
}

const jsOf = (expr: string, variable: string) => new Function(variable, `return ${wgslToJs(expr)};`) as (x: number) => number;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the WGSL → JS translation used below', () => {
  it('translates calls and select, and refuses what it does not know', () => {
    expect(wgslToJs('select(0.0, 1.0, a > 0.0)')).toBe('((a > 0.0) ? (1.0) : (0.0))');
    expect(jsOf('(1.0 / (1.0 + exp(-(z))))', 'z')(0)).toBe(0.5);
    expect(jsOf('max(z, 0.0)', 'z')(-3)).toBe(0);
    expect(() => wgslToJs('fract(z)')).toThrow(/fract/);
  });
});

describe.each(NAMES)('%s', (name) => {
  const f = ACTIVATIONS[name];
  const A = Z.map(f.js);

  it('tfjs form equals the JS form', () => {
    const got = tf.tidy(() => f.tf(tf.tensor1d(Z)).dataSync());
    expect(maxViolation(got, A, 1e-7, 1e-6)).toBeLessThan(1);
  });

  it('JS derivative (in terms of the output) equals a finite difference of the JS form', () => {
    const h = 1e-6;
    const numeric = Z.map((z) => (f.js(z + h) - f.js(z - h)) / (2 * h));
    expect(maxViolation(A.map(f.jsDerivative), numeric, 1e-6, 1e-5)).toBeLessThan(1);
  });

  it('tfjs backprop equals dA ⊙ the JS derivative', () => {
    const dA = Z.map((_, i) => 0.5 - 0.1 * i);
    const got = tf.tidy(() => f.tfBackprop(tf.tensor1d(dA), tf.tensor1d(A)).dataSync());
    expect(
      maxViolation(
        got,
        A.map((a, i) => dA[i] * f.jsDerivative(a)),
        1e-7,
        1e-6,
      ),
    ).toBeLessThan(1);
  });

  it('WGSL forms (as JS) equal the JS forms', () => {
    const act = jsOf(f.wgsl('z'), 'z'),
      dact = jsOf(f.wgslDerivative('a'), 'a');
    expect(maxViolation(Z.map(act), A, 1e-12, 1e-12)).toBeLessThan(1);
    expect(maxViolation(A.map(dact), A.map(f.jsDerivative), 1e-12, 1e-12)).toBeLessThan(1);
    // Composed into a larger expression (the programs substitute array reads): still a function of its operand.
    expect(jsOf(f.wgsl('z[0] + 1.0').replace('z[0]', 'z'), 'z')(0.5)).toBeCloseTo(f.js(1.5), 12);
  });

  it('ranking by Z equals ranking by A exactly when declared', () => {
    const ties = A.some((a, i) => i > 0 && !(a > A[i - 1]));
    expect(!ties).toBe(f.strictlyIncreasing);
  });
});

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
describe.runIf(existsSync(ICD))('WGSL forms through WebGPU (Dawn + SwiftShader, child process)', () => {
  it('equal the JS forms in f32', async () => {
    const env = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['tsx', 'tools/webgpuActivationsCheck.ts', JSON.stringify(Z)], { env, timeout: 120_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<Activation, { act: number[]; dact: number[] }>;
    for (const name of NAMES) {
      const f = ACTIVATIONS[name],
        A = Z.map((z) => Math.fround(f.js(z)));
      expect(maxViolation(r[name].act, A, 1e-6, 1e-5), name).toBeLessThan(1);
      expect(maxViolation(r[name].dact, A.map(f.jsDerivative), 1e-6, 1e-5), name).toBeLessThan(1);
    }
  }, 150_000);
});
