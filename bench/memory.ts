/**
 * Memory of a Chromium tab measured from outside, through Linux /proc: the browser's descendant processes
 * are classified by their `--type=` switch; the renderer processes (a tab's page and its dedicated workers
 * share one renderer process) are sampled for VmRSS, and their VmHWM (the kernel's peak resident set of
 * the process over its lifetime) is read at the end. The parsing helpers are pure and unit-tested.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set now and at its peak, KiB (from /proc/PID/status). */
export interface StatusMemory {
  rssKb: number;
  hwmKb: number;
}

/** Parses VmRSS and VmHWM (kB) out of /proc/PID/status text; null when absent (kernel thread, zombie). */
export function parseStatusMemory(text: string): StatusMemory | null {
  const rss = /^VmRSS:\s+(\d+)\s*kB/m.exec(text);
  const hwm = /^VmHWM:\s+(\d+)\s*kB/m.exec(text);
  if (!rss || !hwm) return null;
  return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
}

/** Parent pid from /proc/PID/stat text (the command name in parentheses may itself contain spaces or parentheses). */
export function parseStatPpid(text: string): number | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** Chromium process role from its command line (NUL-separated /proc/PID/cmdline or space-separated). */
export type ProcessRole = 'browser' | 'renderer' | 'gpu' | 'zygote' | 'utility' | 'other';

export function classifyChromium(cmdline: string): ProcessRole {
  const m = /--type=([a-z-]+)/.exec(cmdline);
  if (!m) return /chrom/i.test(cmdline) ? 'browser' : 'other';
  switch (m[1]) {
    case 'renderer':
      return 'renderer';
    case 'gpu-process':
      return 'gpu';
    case 'zygote':
      return 'zygote';
    case 'utility':
      return 'utility';
    default:
      return 'other';
  }
}

/** Descendants of `root` given (pid, ppid) pairs, root excluded. */
export function descendants(root: number, pairs: readonly { pid: number; ppid: number }[]): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of pairs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Processes under `root` (included) with their Chromium role, read from /proc now. */
export function chromiumProcesses(root: number): { pid: number; role: ProcessRole }[] {
  const pairs: { pid: number; ppid: number }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    const ppid = stat ? parseStatPpid(stat) : null;
    if (ppid !== null) pairs.push({ pid: Number(d), ppid });
  }
  return [root, ...descendants(root, pairs)].map((pid) => ({
    pid,
    role: pid === root ? 'browser' : classifyChromium((read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ')),
  }));
}

/** VmRSS / VmHWM of a process now, or null when it is gone. */
export function processMemory(pid: number): StatusMemory | null {
  const status = read(`/proc/${pid}/status`);
  return status ? parseStatusMemory(status) : null;
}

const MIB = 1024; // KiB per MiB

/** What a MemorySampler saw. All in MiB. */
export interface MemoryReport {
  /** Largest VmHWM of any renderer process: the tab's renderer (page + its workers) at its peak. */
  rendererPeakMb: number;
  /** Largest sampled sum of VmRSS over all renderer processes (sampling may miss short spikes). */
  renderersRssSumPeakMb: number;
  /** Largest VmHWM of the GPU process (WebGL/WebGPU buffers live there, not in the renderer). */
  gpuPeakMb: number;
  /** VmHWM of the browser process (file reads for the tab go through it). */
  browserPeakMb: number;
  /** Renderer processes seen. */
  renderers: number;
  samples: number;
  intervalMs: number;
}

/** How rendererPeakMb is measured (goes into the JSON lines' memory_method). */
export const MEMORY_METHOD =
  'linux /proc: max VmHWM (kernel peak RSS, MiB) over the renderer processes under the browser pid (the tab renderer: page + its ingest/train workers); renderer VmRSS also sampled every 200 ms';

/**
 * Polls the renderer and GPU processes under a browser pid until stop(). The process tree is re-read every
 * `treeEvery` samples (and by report()); VmHWM being a lifetime peak, a late tree read loses nothing.
 */
export class MemorySampler {
  private timer: ReturnType<typeof setInterval> | null = null;
  private sumPeakKb = 0;
  private hwmKb = new Map<number, number>();
  private gpuHwmKb = 0;
  private browserHwmKb = 0;
  private samples = 0;
  private procs: { pid: number; role: ProcessRole }[] = [];
  private readonly treeEvery = 10;

  constructor(
    private readonly browserPid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  /** Takes one sample now (also called by start/stop and the interval); `fresh` re-reads the process tree. */
  sample(fresh = false): void {
    if (fresh || this.samples % this.treeEvery === 0) this.procs = chromiumProcesses(this.browserPid);
    let sum = 0;
    for (const p of this.procs) {
      if (p.role !== 'renderer' && p.role !== 'gpu' && p.pid !== this.browserPid) continue;
      const mem = processMemory(p.pid);
      if (!mem) continue;
      if (p.role === 'renderer') {
        sum += mem.rssKb;
        this.hwmKb.set(p.pid, Math.max(this.hwmKb.get(p.pid) ?? 0, mem.hwmKb));
      } else if (p.role === 'gpu') {
        this.gpuHwmKb = Math.max(this.gpuHwmKb, mem.hwmKb);
      } else {
        this.browserHwmKb = Math.max(this.browserHwmKb, mem.hwmKb);
      }
    }
    this.sumPeakKb = Math.max(this.sumPeakKb, sum);
    this.samples++;
  }

  /** The figures so far (takes a fresh sample first). */
  report(): MemoryReport {
    this.sample(true);
    return {
      rendererPeakMb: Math.round(Math.max(0, ...this.hwmKb.values()) / MIB),
      renderersRssSumPeakMb: Math.round(this.sumPeakKb / MIB),
      gpuPeakMb: Math.round(this.gpuHwmKb / MIB),
      browserPeakMb: Math.round(this.browserHwmKb / MIB),
      renderers: this.hwmKb.size,
      samples: this.samples,
      intervalMs: this.intervalMs,
    };
  }

  stop(): MemoryReport {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.report();
  }
}
