import '@strata/backend-cpu';
import { ones } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Identity } from './identity.js';

describe('Identity', () => {
  it('returns its input itself, with no parameters', () => {
    const x = ones([2, 3]);
    const id = new Identity();
    expect(id.forward(x)).toBe(x);
    expect(id.parameters()).toEqual([]);
    expect(String(id)).toBe('Identity()');
  });
});
