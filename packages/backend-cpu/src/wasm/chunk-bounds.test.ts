import { describe, expect, it } from 'vitest';
import { CHUNKS_PER_THREAD, chunkBounds, FIRST_ROUND } from './chunk-bounds.js';

function chunksOf(total: number, grain: number, threads: number): number[][] {
  const bounds: number[] = [];
  const count = chunkBounds(total, grain, threads, bounds);
  return Array.from({ length: count }, (_, c) => [bounds[c]!, bounds[c + 1]!]);
}

describe('chunkBounds', () => {
  it('gives the first round its share in one chunk per thread, and the rest in smaller chunks', () => {
    expect(chunksOf(100, 10, 2)).toEqual([
      [0, 40],
      [40, 80],
      [80, 90],
      [90, 100],
    ]);
    expect(chunksOf(256, 1, 2)).toEqual([
      [0, 96],
      [96, 192],
      [192, 224],
      [224, 256],
    ]);
  });

  it('cuts every range into whole grains covering it once, at most two chunks per thread', () => {
    for (const threads of [2, 3, 4, 7]) {
      for (const grain of [1, 3, 8]) {
        for (let total = grain + 1; total <= 200; total += 7) {
          const chunks = chunksOf(total, grain, threads);
          expect(chunks.length).toBeLessThanOrEqual(CHUNKS_PER_THREAD * threads);
          expect(chunks[0]![0]).toBe(0);
          expect(chunks.at(-1)![1]).toBe(total);
          chunks.forEach(([begin, end], c) => {
            expect(end).toBeGreaterThan(begin!);
            if (c > 0) expect(begin).toBe(chunks[c - 1]![1]);
            if (end !== total) expect((end! - begin!) % grain).toBe(0);
          });
          const firstRound = chunks.slice(0, threads).reduce((sum, [begin, end]) => sum + end! - begin!, 0);
          expect(firstRound).toBeGreaterThanOrEqual(Math.min(total, Math.floor(total * FIRST_ROUND) - grain));
        }
      }
    }
  });

  it('leaves a range of one grain whole', () => {
    expect(chunksOf(5, 8, 2)).toEqual([[0, 5]]);
    expect(chunksOf(8, 8, 4)).toEqual([[0, 8]]);
  });
});
