import { describe, expect, it } from 'vitest';
import { denseRows } from './denseRows';

describe.each([
  { route: 'WebAssembly SIMD', wasm: true },
  { route: 'JS', wasm: false },
])('denseRows ($route)', ({ wasm }) => {
  it('sums B rows over sparse selections, in blocks of rows, into the original item columns', () => {
    // 7 rated items among 9 (items 2 and 6 unrated), 70 selections (more than two blocks of 32).
    const items = 9;
    const original = [0, 1, 3, 4, 5, 7, 8];
    const compact = Int32Array.from({ length: items }, (_, i) => original.indexOf(i));
    const n = original.length;
    const rows = denseRows(n, wasm);
    expect(rows.ld).toBe(8);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows.b[i * rows.ld + j] = (i + 1) * 10 + j;
    const ptr = [0];
    const cols: number[] = [];
    for (let r = 0; r < 70; r++) {
      for (let i = 0; i < items; i++) if ((r * 7 + i * 3) % 4 === 0) cols.push(i);
      ptr.push(cols.length);
    }
    const out = rows.sumRows(
      70,
      (r) => ptr[r],
      (r) => ptr[r + 1],
      Int32Array.from(cols),
      compact,
      original,
      items,
    );
    expect(out.length).toBe(70 * items);
    for (let r = 0; r < 70; r++) {
      for (let j = 0; j < items; j++) {
        let want = 0;
        if (compact[j] >= 0)
          for (let e = ptr[r]; e < ptr[r + 1]; e++) if (compact[cols[e]] >= 0) want += rows.b[compact[cols[e]] * rows.ld + compact[j]];
        expect(out[r * items + j]).toBe(want);
      }
    }
  });
});
