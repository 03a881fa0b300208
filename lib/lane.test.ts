import { describe, expect, it } from 'vitest';
import { Lane } from './lane';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Lane', () => {
  it('runs one task at a time, in order, and lets a bounded number wait', async () => {
    const lane = new Lane({ concurrency: 1, maxWaiting: 1, maxWaitMs: 5_000 });
    const order: string[] = [];
    const task = (name: string, ms: number) => async () => {
      order.push(`start ${name}`);
      await later(ms, null);
      order.push(`end ${name}`);
      return name;
    };
    const first = lane.run(task('a', 30));
    const second = lane.run(task('b', 5));
    const third = await lane.run(task('c', 5));
    expect(third).toEqual({ kind: 'busy' });
    expect(await first).toEqual({ kind: 'done', value: 'a' });
    expect(await second).toEqual({ kind: 'done', value: 'b' });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(await lane.run(task('d', 1))).toEqual({ kind: 'done', value: 'd' });
  });

  it('gives up waiting after maxWaitMs, and a failing task frees its slot', async () => {
    const lane = new Lane({ concurrency: 1, maxWaiting: 4, maxWaitMs: 20 });
    const slow = lane.run(() => later(200, 'slow'));
    expect(await lane.run(() => later(1, 'late'))).toEqual({ kind: 'busy' });
    await slow;
    await expect(lane.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lane.run(() => later(1, 'after'))).toEqual({ kind: 'done', value: 'after' });
  });
});
