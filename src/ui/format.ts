/** Small display helpers shared by the UI components. */

/** 1234567 → "1,234,567". */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A number with `digits` significant digits, or "–" when not finite. */
export function fmtNum(n: number | undefined | null, digits = 4): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '–';
  if (n !== 0 && (Math.abs(n) < 1e-3 || Math.abs(n) >= 1e6)) return n.toExponential(digits - 1);
  return Number(n.toPrecision(digits)).toString();
}

/** A fraction as a percentage, e.g. 0.0423 → "4.23%". */
export function fmtPct(n: number, digits = 2): string {
  return `${(n * 100).toFixed(digits)}%`;
}

/** Milliseconds as "1m 05s" / "4.2s" / "850ms". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  return `${m}m ${String(r).padStart(2, '0')}s`;
}

/** Bytes as "12.3 MB". */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Index of `value` in an ascending Int32Array, or -1. */
export function findSorted(a: Int32Array, value: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === value) return mid;
    if (a[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The message of a thrown value (an Error's message, else the value as a string). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
