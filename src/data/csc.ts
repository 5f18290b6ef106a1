/**
 * The column view (CSC) of a CSR matrix: for each column (item), the rows (users) that have an entry
 * in it, in ascending row order.
 */
import type { Csr } from './types';

/** Column pointers and row indices of a CSR matrix's entries, column by column. */
export interface CscIndex {
  /** [cols + 1]: column c's entries are rowIdx[colPtr[c] .. colPtr[c + 1]). */
  colPtr: Int32Array;
  /** [nnz]: the row of each entry. */
  rowIdx: Int32Array;
}

/** The CSC index of `csr` (values not carried), in O(nnz + cols). */
export function cscIndex(csr: Csr): CscIndex {
  const { rows, cols, rowPtr, colIdx } = csr;
  const colPtr = new Int32Array(cols + 1);
  for (let e = 0; e < rowPtr[rows]; e++) colPtr[colIdx[e] + 1]++;
  for (let i = 0; i < cols; i++) colPtr[i + 1] += colPtr[i];
  const rowIdx = new Int32Array(rowPtr[rows]);
  const fill = colPtr.slice(0, cols);
  for (let u = 0; u < rows; u++) for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++) rowIdx[fill[colIdx[e]]++] = u;
  return { colPtr, rowIdx };
}
