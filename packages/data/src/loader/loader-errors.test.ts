import { ShapeError, StrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { reviveError, serializeError, transformError } from './loader-errors.js';

describe('errors crossing the worker boundary', () => {
  it('rebuild strata classes by name and keep other names on a plain Error', () => {
    const shape = reviveError(serializeError(new ShapeError('bad shape')));
    expect(shape).toBeInstanceOf(ShapeError);
    expect(shape.message).toBe('bad shape');
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'RangeError']) {
      const revived = reviveError({ name, message: 'm' });
      expect(revived.constructor).toBe(Error);
      expect([revived.name, revived.message]).toEqual([name, 'm']);
    }
  });

  it('name the sample for errors of any name, Object member names included', () => {
    for (const name of ['toString', 'constructor', 'valueOf']) {
      const original = Object.defineProperty(new Error('boom'), 'name', { value: name });
      const error = transformError(original, 7);
      expect(error.constructor).toBe(StrataError);
      expect(error.message).toBe(`DataLoader: expected the transform to accept sample 7, got ${name}: boom`);
    }
  });
});
