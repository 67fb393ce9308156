import { StrataError } from '@strata/core';
import { createModel, MODELS, summary } from '@strata/models';
import { UsageError } from '../usage-error.js';
import type { Io } from './io.js';

/**
 * The flags of `strata summary`.
 *
 * @example
 * ```ts
 * const flags: SummaryFlags = { input: '1,1,224,224', depth: 2 };
 * ```
 */
export interface SummaryFlags {
  input?: string;
  widthRatio?: number;
  depth?: number;
  json?: boolean;
}

function parseShape(text: string): number[] {
  const dims = text.split(',').map((d) => Number(d.trim()));
  if (dims.length !== 4 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new UsageError(`expected --input to be four positive integers N,C,H,W such as 1,1,224,224, got '${text}'.`);
  }
  return dims;
}

/**
 * `strata summary <model>`: the chapters' per-layer table (output shapes, parameters,
 * multiply-adds, memory) for a model at its chapter input size or `--input`.
 *
 * @example
 * ```ts
 * summaryCommand('resnet18', { input: '1,1,224,224' }, io);
 * ```
 */
export function summaryCommand(model: string, flags: SummaryFlags, io: Io): number {
  const entry = Object.hasOwn(MODELS, model) ? MODELS[model] : undefined;
  if (entry === undefined)
    throw new UsageError(`unknown model '${model}'; expected one of ${Object.keys(MODELS).join(', ')}.`);
  const shape = flags.input === undefined ? [1, 1, entry.inputSize, entry.inputSize] : parseShape(flags.input);
  const depth = flags.depth ?? 1;
  if (!Number.isInteger(depth) || depth < 1)
    throw new UsageError(`expected --depth to be an integer >= 1, got ${depth}.`);
  const ratio = flags.widthRatio ?? 1;
  if (!(ratio >= 1)) throw new UsageError(`expected --width-ratio to be a number >= 1, got ${ratio}.`);
  let s: ReturnType<typeof summary>;
  try {
    const net = createModel(model, { ratio, inputSize: shape[2], inChannels: shape[1] });
    s = summary(net, shape, { depth, print: false });
  } catch (error) {
    // The model and the input shape are the user's: what they cannot do is a usage error.
    if (error instanceof StrataError)
      throw new UsageError(`cannot summarize ${model} for input ${shape.join(',')}: ${error.message}`);
    throw error;
  }
  if (flags.json === true) {
    const { chapterLines: _c, toString: _t, ...data } = s;
    io.stdout.write(`${JSON.stringify({ model, ...data })}\n`);
  } else {
    io.stdout.write(`${model}: ${entry.description}\n${s.toString()}\n`);
  }
  return 0;
}
