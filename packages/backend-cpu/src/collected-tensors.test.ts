import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { memory, ones } from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import './index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `numCollected` reaches `target`; finalizers run in later tasks. */
async function collectPast(target: number): Promise<void> {
  for (let round = 0; round < 50 && memory().numCollected < target; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tensors dropped without dispose', () => {
  it('are released by the garbage collector and counted in numCollected, leaving undisposedTensors unchanged', async () => {
    const dropped = 5;
    const before = memory();
    const undisposed = undisposedTensors();
    for (let i = 0; i < dropped; i++) ones([64], { backend: 'cpu' });
    expect(undisposedTensors()).toBe(undisposed + dropped);
    await collectPast(before.numCollected + dropped);
    const after = memory();
    expect(after.numCollected - before.numCollected).toBeGreaterThanOrEqual(dropped);
    expect(after.numTensors).toBeLessThanOrEqual(before.numTensors);
    expect(after.numBytes).toBeLessThanOrEqual(before.numBytes);
    expect(undisposedTensors()).toBe(undisposed + dropped);
  });
});
