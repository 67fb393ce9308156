import { ArgumentError, ShapeError } from '@strata/core';
import type { HostTensor, Image, RawImage } from '../types.js';

/**
 * A short description of what a transform was given, for error messages: `a RawImage 28x28x1`,
 * `a HostTensor [1, 28, 28]`, `a number`.
 *
 * @example
 * ```ts
 * describeImage({ kind: 'host', data: new Float32Array(4), shape: [1, 2, 2] }); // 'a HostTensor [1, 2, 2]'
 * ```
 */
export function describeImage(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const v = value as Partial<RawImage> & Partial<Omit<HostTensor, 'kind'>> & { kind?: unknown };
  if (v.kind === 'raw') return `a RawImage ${v.height}x${v.width}x${v.channels}`;
  if (v.kind === 'host') return `a HostTensor [${(v.shape ?? []).join(', ')}]`;
  return Array.isArray(value) ? 'an array' : 'an object that is neither a RawImage nor a HostTensor';
}

function isDim(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) > 0;
}

/**
 * Throws unless `value` is a well-formed image: a `RawImage` with a `Uint8Array` of
 * `height * width * channels` bytes, or a `HostTensor` with a `Float32Array` matching its
 * `[C, H, W]` shape.
 *
 * @example
 * ```ts
 * checkImage('Resize', input); // input is an Image from here on
 * ```
 */
export function checkImage(op: string, value: unknown): asserts value is Image {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof value !== 'object' || value === null || (kind !== 'raw' && kind !== 'host')) {
    throw new ArgumentError(`${op}: expected a RawImage or a HostTensor, got ${describeImage(value)}.`);
  }
  if (kind === 'raw') {
    const { data, height, width, channels } = value as RawImage;
    if (
      !isDim(height) ||
      !isDim(width) ||
      !isDim(channels) ||
      !(data instanceof Uint8Array) ||
      data.length !== height * width * channels
    ) {
      throw new ShapeError(
        `${op}: expected a RawImage with a Uint8Array of height * width * channels bytes and positive dimensions, got ${describeImage(value)} with ${data instanceof Uint8Array ? `${data.length} bytes` : 'no Uint8Array'}.`,
      );
    }
    return;
  }
  const { data, shape } = value as HostTensor;
  if (
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    !shape.every(isDim) ||
    !(data instanceof Float32Array) ||
    data.length !== shape[0] * shape[1] * shape[2]
  ) {
    throw new ShapeError(
      `${op}: expected a HostTensor with a positive [C, H, W] shape and a Float32Array of C * H * W values, got shape ${JSON.stringify(shape)} with ${data instanceof Float32Array ? `${data.length} values` : 'no Float32Array'}.`,
    );
  }
}

/**
 * Throws unless `value` is a well-formed `RawImage`; `fix` ends the message when it is a
 * `HostTensor` instead.
 *
 * @example
 * ```ts
 * checkRawImage('ToTensor', input, 'it is already a tensor; drop ToTensor from the pipeline.');
 * ```
 */
export function checkRawImage(op: string, value: unknown, fix: string): asserts value is RawImage {
  checkImage(op, value);
  if (value.kind !== 'raw') {
    throw new ArgumentError(
      `${op}: expected a RawImage (uint8, height x width x channels), got ${describeImage(value)}; ${fix}`,
    );
  }
}

/**
 * Throws unless `value` is a well-formed `HostTensor`; `fix` ends the message when it is a
 * `RawImage` instead.
 *
 * @example
 * ```ts
 * checkHostTensor('Normalize', input, 'apply ToTensor first.');
 * ```
 */
export function checkHostTensor(op: string, value: unknown, fix: string): asserts value is HostTensor {
  checkImage(op, value);
  if (value.kind !== 'host') {
    throw new ArgumentError(`${op}: expected a HostTensor (float32, [C, H, W]), got ${describeImage(value)}; ${fix}`);
  }
}
