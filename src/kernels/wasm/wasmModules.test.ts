/**
 * The committed WebAssembly kernels (wasmModules.generated.ts) are what the AssemblyScript sources
 * compile to, and they cannot touch tfjs-backend-wasm's memory beyond the buffers they are given:
 * the memory is imported, and there is no data, no globals (no shadow stack), no start function, no
 * table, no calls, and no memory.grow / bulk-memory instruction.
 */
import { describe, expect, it } from 'vitest';
import { type CompiledKernel, compileKernel, WASM_KERNELS } from '../../../tools/wasmKernels';
import { ADAM_WASM, OUTPUT_GRAD_WASM, SCATTER10_WASM, SCATTER_WIDE_WASM, GEMM_WASM } from './wasmModules.generated';

const COMMITTED: Record<(typeof WASM_KERNELS)[number]['constant'], Uint8Array<ArrayBuffer>> = {
  SCATTER10_WASM,
  OUTPUT_GRAD_WASM,
  SCATTER_WIDE_WASM,
  ADAM_WASM,
  GEMM_WASM,
};
const EXPORTS: Record<(typeof WASM_KERNELS)[number]['constant'], string[]> = {
  SCATTER10_WASM: ['s10'],
  OUTPUT_GRAD_WASM: ['mse', 'wg'],
  SCATTER_WIDE_WASM: ['sc'],
  ADAM_WASM: ['adam'],
  GEMM_WASM: ['pack', 'gemm', 'sweep'],
};

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0,
    shift = 0,
    b: number;
  do {
    b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** The module's sections in order: id (1 type, 2 import, 3 function, 7 export, 10 code; 0 custom, 5 memory, 6 global, 8 start, 11 data, …) and body. */
function sections(bytes: Uint8Array): { id: number; body: Uint8Array }[] {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const out: { id: number; body: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const [size, body] = leb(bytes, at + 1);
    out.push({ id: bytes[at], body: bytes.subarray(body, body + size) });
    at = body + size;
    expect(at).toBeLessThanOrEqual(bytes.length);
  }
  return out;
}

const sectionIds = (bytes: Uint8Array) => sections(bytes).map((s) => s.id);

/** The import section's single entry: module, name, kind byte and the rest (a memory's limits). */
function singleImport(bytes: Uint8Array): { module: string; name: string; kind: number; limits: number[] } {
  const body = sections(bytes).find((s) => s.id === 2)!.body;
  const [count, at0] = leb(body, 0);
  expect(count).toBe(1);
  const str = (at: number): [string, number] => {
    const [n, from] = leb(body, at);
    return [String.fromCharCode(...body.subarray(from, from + n)), from + n];
  };
  const [module, at1] = str(at0);
  const [name, at2] = str(at1);
  return { module, name, kind: body[at2], limits: Array.from(body.subarray(at2 + 1)) };
}

describe('the section parser', () => {
  it('sees a data section and a memory definition where they exist', () => {
    // (module (memory 1) (data (i32.const 0) "x")): memory section 5, data section 11.
    const withData = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 1, 11, 7, 1, 0, 0x41, 0, 0x0b, 1, 0x78]);
    expect(WebAssembly.validate(withData)).toBe(true);
    expect(sectionIds(withData)).toEqual([5, 11]);
  });
});

describe.each(WASM_KERNELS)('$source', ({ source, constant, flags }) => {
  const committed = COMMITTED[constant];
  const shared = (flags as readonly string[]).includes('--sharedMemory');
  let compiled: Promise<CompiledKernel> | undefined;
  const compile = () => (compiled ??= compileKernel(source, flags)); // once per source (a few seconds)

  it(`the committed ${constant} is what the source compiles to (else run npm run build:wasm)`, async () => {
    const { binary } = await compile();
    expect(Buffer.from(committed).toString('base64')).toBe(Buffer.from(binary).toString('base64'));
  }, 60_000);

  it(`imports its memory (env.memory, ${shared ? 'shared, 1 to 65,536 pages' : 'not shared, 1 page minimum'}) and exports only its functions`, () => {
    const module = new WebAssembly.Module(committed);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module)).toEqual(EXPORTS[constant].map((name) => ({ name, kind: 'function' })));
    // Limits: flags 0 (a minimum only; not shared), minimum 1 page (any tfjs memory is at least that);
    // or flags 3 (shared, with a maximum), minimum 1, maximum 65,536 (LEB128 80 80 04).
    const limits = shared ? [0x03, 0x01, 0x80, 0x80, 0x04] : [0x00, 0x01];
    expect(singleImport(committed)).toEqual({ module: 'env', name: 'memory', kind: 0x02, limits });
  });

  it('has only type, import, function, export and code sections: no data, globals, start, table, own memory', () => {
    expect(sectionIds(committed)).toEqual([1, 2, 3, 7, 10]);
  });

  it('has no calls, global writes, memory.grow or bulk-memory instructions', async () => {
    const { text } = await compile();
    expect(text).toMatch(/v128\.store/); // the text is the code's
    for (const op of ['call', 'call_indirect', 'global.set', 'memory.grow', 'memory.fill', 'memory.copy', 'memory.init', 'data.drop']) {
      expect(text, op).not.toMatch(new RegExp(`^\\s*${op.replace('.', '\\.')}\\b`, 'm'));
    }
  }, 60_000);
});
