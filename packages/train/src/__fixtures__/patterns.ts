import type { Dataset, HostTensor } from '@strata/data';

/**
 * A small four-class task for the training-loop tests: 1x4x4 images, each class a fixed
 * pattern plus deterministic noise, so a small MLP learns it within a few epochs.
 */
export class Patterns implements Dataset<[HostTensor, number]> {
  readonly length: number;
  readonly #offset: number;

  constructor(length: number, offset = 0) {
    this.length = length;
    this.#offset = offset;
  }

  get(index: number): [HostTensor, number] {
    const label = index % 4;
    const data = new Float32Array(16);
    let s = (index + this.#offset) * 2654435761;
    for (let i = 0; i < 16; i++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      const noise = ((s >>> 8) / 2 ** 24 - 0.5) * 1.6;
      data[i] = (i % 4 === label ? 1 : 0) + (Math.floor(i / 4) === label ? 0.5 : 0) + noise;
    }
    return [{ kind: 'host', data, shape: [1, 4, 4] }, label];
  }
}
