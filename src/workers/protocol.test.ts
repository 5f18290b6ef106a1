import { describe, expect, it } from 'vitest';
import { InputError } from '../data/types';
import { fromWireError, toWireError, WorkerCrashError, type ApiShape } from './protocol';
import { RpcClient, serve, withTransfer, type WorkerLike } from './rpc';

/** An in-memory worker: two endpoints with structured-cloned, asynchronous delivery. */
function fakeWorker() {
  const toWorker: ((ev: MessageEvent) => void)[] = [];
  const toClient = new Map<string, ((ev: Event) => void)[]>();
  const deliverToClient = (type: string, ev: Event) => {
    for (const l of toClient.get(type) ?? []) l(ev);
  };
  const client: WorkerLike & { fire(type: string, ev: Event): void } = {
    postMessage: (m) =>
      setTimeout(() => {
        for (const l of toWorker) l({ data: structuredClone(m) } as MessageEvent);
      }),
    addEventListener: (type, l) => toClient.set(type, [...(toClient.get(type) ?? []), l]),
    terminate: () => undefined,
    fire: deliverToClient,
  };
  const port = {
    postMessage: (m: unknown) => setTimeout(() => deliverToClient('message', { data: structuredClone(m) } as MessageEvent)),
    addEventListener: (_t: 'message', l: (ev: MessageEvent) => void) => toWorker.push(l),
  };
  return { client, port };
}

type Api = {
  add: { payload: { a: number; b: number }; result: number };
  fail: { payload: { kind: string }; result: never };
  arr: { payload: { n: number }; result: Float32Array };
  // biome-ignore lint/suspicious/noConfusingVoidType: a request that never answers has no result, as in TrainApi
  hang: { payload: Record<string, never>; result: void };
};
type Ev = { kind: 'progress'; id: number; value: number };

function setup() {
  const { client, port } = fakeWorker();
  const events: Ev[] = [];
  const crashes: Error[] = [];
  serve<Api, Ev>(port, {
    add: ({ a, b }, ctx) => {
      ctx.emit({ kind: 'progress', id: ctx.id, value: 0.5 });
      return a + b;
    },
    fail: ({ kind }) => {
      if (kind === 'input') throw new InputError('ratings.dat', 7, 'rating "x" is not a number');
      const e = new Error('aborted');
      e.name = 'AbortError';
      throw e;
    },
    arr: ({ n }) => {
      const a = new Float32Array(n).fill(2);
      return withTransfer(a, [a.buffer]);
    },
    hang: () => new Promise<void>(() => undefined),
  });
  const rpc = new RpcClient<Api, Ev>(
    client,
    (e) => events.push(e),
    (e) => crashes.push(e),
  );
  return { rpc, client, events, crashes };
}

describe('worker protocol', () => {
  it('answers requests and streams events', async () => {
    const { rpc, events } = setup();
    expect(await rpc.request('add', { a: 2, b: 3 })).toBe(5);
    expect(events).toEqual([{ kind: 'progress', id: 1, value: 0.5 }]);
    expect(Array.from(await rpc.request('arr', { n: 3 }))).toEqual([2, 2, 2]);
  });

  it('rebuilds InputError and AbortError on the other side', async () => {
    const { rpc } = setup();
    const e = await rpc.request('fail', { kind: 'input' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ name: 'InputError', fileName: 'ratings.dat', line: 7, reason: 'rating "x" is not a number' });
    expect((e as Error).message).toBe('ratings.dat, line 7: rating "x" is not a number');
    const a = await rpc.request('fail', { kind: 'abort' }).catch((x: unknown) => x);
    expect(a).toMatchObject({ name: 'AbortError', message: 'aborted' });
  });

  it('rejects every pending request when the worker crashes, and later ones too', async () => {
    const { rpc, client, crashes } = setup();
    const p1 = rpc.request('hang', {});
    const p2 = rpc.request('hang', {});
    client.fire('error', Object.assign(new Event('error'), { message: 'boom' }));
    await expect(p1).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(p2).rejects.toThrow(/boom/);
    await expect(rpc.request('add', { a: 1, b: 1 })).rejects.toBeInstanceOf(WorkerCrashError);
    expect(crashes).toHaveLength(1);
    expect(rpc.crashed).not.toBeNull();
  });

  it('wire errors survive structured cloning', () => {
    const w = structuredClone(toWireError(new InputError('movies.dat', 0, 'empty')));
    const e = fromWireError(w);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('movies.dat: empty');
    expect(fromWireError(toWireError('plain'))).toMatchObject({ name: 'Error', message: 'plain' });
  });
});

// Type-level check: the APIs satisfy the generic shape.
const _shape: ApiShape = {} as Api;
void _shape;
