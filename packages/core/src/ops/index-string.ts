import { IndexError } from '../errors.js';
import { IndexSlice } from './index-slice.js';

/** What one item of an index string stands for: an integer, a slice, a new axis (`null`) or `'...'`. */
export type LiteralIndex = number | IndexSlice | null | '...';

const INTEGER = /^[+-]?\d+$/;
const SLICE = /^([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?)?$/;

function parseItem(item: string): LiteralIndex | undefined {
  if (item === '...') return '...';
  if (item === 'None' || item === 'null') return null;
  if (INTEGER.test(item)) return Number(item);
  const m = SLICE.exec(item);
  if (m === null) return undefined;
  const bound = (v: string | undefined) => (v === undefined ? null : Number(v));
  return new IndexSlice(bound(m[1]), bound(m[2]), bound(m[3]));
}

/**
 * @internal The items of an index string written as between PyTorch's brackets: `':, 2:6'`,
 * `'..., 0'`, `'None, 1::2'`. `op` names the caller in the error.
 */
export function parseIndexString(op: string, text: string): LiteralIndex[] {
  const items = text.split(',').map((s) => s.trim());
  return items.map((item, position) => {
    const parsed = item === '' ? undefined : parseItem(item);
    if (parsed === undefined) {
      throw new IndexError(
        `${op}: expected an index string of comma-separated integers, start:stop:step slices, '...' and 'None' (as between PyTorch's brackets, e.g. ':, 2:6' or '..., 0'), got '${text}' (item ${position}, '${item}', is none of these); pass computed values as numbers, slice(start, stop) or tensors.`,
      );
    }
    return parsed;
  });
}
