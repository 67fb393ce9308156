import { readFile } from 'node:fs/promises';
import { noGrad, tensor, tidy } from '@strata/core';
import { Compose, FashionMNIST, type HostTensor, MNIST, Resize, sampleRandom, ToTensor } from '@strata/data';
import { useBackend } from '../run/backends.js';
import { inputSize, type TrainConfig } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';
import { modelFromCheckpoint } from './checkpoint-model.js';
import { DEFAULT_MAX_PIXELS, decodeImage } from './decode-image.js';
import type { Io } from './io.js';

/**
 * The flags of `strata predict`.
 *
 * @example
 * ```ts
 * const flags: PredictFlags = { top: 3, json: true };
 * ```
 */
export type PredictFlags = Partial<Pick<TrainConfig, 'backend' | 'model' | 'widthRatio'>> & {
  top?: number;
  maxPixels?: number;
  json?: boolean;
};

/**
 * `strata predict <checkpoint> <images...>`: each PNG or JPEG file made grayscale, resized to the
 * model's input and scaled to [0, 1] like the training data, then classified; prints the class
 * and the top probabilities (`--top`, at most the number of classes). Images over `--max-pixels`
 * (50 million by default) are refused from their header, before they are decoded.
 *
 * @example
 * ```ts
 * await predictCommand('runs/a/best.safetensors', ['shoe.png'], {}, io);
 * ```
 */
export async function predictCommand(
  path: string,
  files: readonly string[],
  flags: PredictFlags,
  io: Io,
): Promise<number> {
  if (files.length === 0) throw new UsageError('expected at least one image file after the checkpoint, got none.');
  const top = flags.top ?? 3;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`expected --top to be an integer >= 1, got ${top}.`);
  const maxPixels = flags.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(maxPixels) || maxPixels < 1)
    throw new UsageError(`expected --max-pixels to be an integer >= 1, got ${maxPixels}.`);
  const { top: _t, maxPixels: _m, json, ...overrides } = flags;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const { net, config } = await modelFromCheckpoint(path, defined);
  await useBackend(config.backend);
  const classes = config.dataset === 'mnist' ? MNIST.classes : FashionMNIST.classes;
  const size = inputSize(config);
  const transform = new Compose<never, HostTensor>([new Resize([size, size]), new ToTensor()]);
  const images: HostTensor[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read image '${file}': ${(error as { code?: string }).code ?? String(error)}.`);
    }
    images.push(transform.apply(decodeImage(file, bytes, { maxPixels }) as never, sampleRandom(0, 0, images.length)));
  }
  net.eval();
  const probabilities = noGrad(() =>
    tidy(() => {
      const batch = new Float32Array(images.length * size * size);
      images.forEach((image, i) => {
        batch.set(image.data, i * size * size);
      });
      const x = tensor(batch, { shape: [images.length, 1, size, size] });
      return net.forward(x).softmax(1).toArray() as number[][];
    }),
  );
  const results = files.map((file, i) => {
    const ranked = probabilities[i]!.map((p, c) => ({ class: classes[c] ?? String(c), index: c, probability: p })).sort(
      (a, b) => b.probability - a.probability,
    );
    return { file, prediction: ranked[0]!.class, top: ranked.slice(0, top) };
  });
  if (json === true) {
    io.stdout.write(`${JSON.stringify(results)}\n`);
    return 0;
  }
  for (const r of results) {
    io.stdout.write(
      `${r.file}: ${r.prediction} (${r.top.map((t) => `${t.class} ${t.probability.toFixed(3)}`).join(', ')})\n`,
    );
  }
  return 0;
}
