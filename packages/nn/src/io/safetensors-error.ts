import { StrataError } from '@strata/core';

/**
 * A safetensors file could not be read or written: a malformed or truncated file (header length
 * past the end, invalid JSON, an unknown dtype, offsets out of range, overlapping or leaving
 * gaps, a byte length that does not match the shape, a duplicate name, an int64 value outside
 * int32), or file I/O that failed. Readers throw it before creating any tensor, so a failed read
 * returns nothing partial.
 *
 * @example
 * ```ts
 * try { fromSafetensors(bytes); } catch (e) { if (e instanceof SafetensorsError) console.log(e.message); }
 * ```
 */
export class SafetensorsError extends StrataError {
  override readonly name = 'SafetensorsError';
}
