import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataLoader } from '@strata/data';
import { writeFileAtomic } from '@strata/nn';
import { evaluate } from '@strata/train';
import { useBackend } from '../run/backends.js';
import { openDatasets } from '../run/datasets.js';
import { svgToPng } from '../run/learning-curves.js';
import type { TrainConfig } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';
import { confusionSvg } from './confusion-svg.js';
import { modelFromCheckpoint } from './checkpoint-model.js';
import type { Io } from './io.js';

/**
 * The flags of `strata eval`.
 *
 * @example
 * ```ts
 * const flags: EvalFlags = { dataset: 'fashion-mnist', image: 'confusion.png' };
 * ```
 */
export type EvalFlags = Partial<
  Pick<
    TrainConfig,
    'dataset' | 'dataDir' | 'embeddedSample' | 'backend' | 'batchSize' | 'limitTest' | 'model' | 'widthRatio'
  >
> & { image?: string; json?: boolean };

/** Refuses an image path eval cannot write, before any evaluation. */
async function checkImagePath(image: string): Promise<void> {
  if (!/\.(png|svg)$/.test(image))
    throw new UsageError(`expected --image to name a .png or .svg file, got '${image}'.`);
  const dir = dirname(image);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(
      `cannot write the confusion matrix into '${dir}' (${(error as { code?: string }).code ?? String(error)}); pass --image with a path in a writable directory.`,
    );
  }
}

/**
 * `strata eval <checkpoint>`: test loss, accuracy, per-class accuracy and the confusion matrix,
 * printed and drawn (`confusion.png` and `.svg` beside the checkpoint, or `--image` as a .png
 * with an .svg beside it, or an .svg alone). Reads the test split only, from this machine's
 * sources.
 *
 * @example
 * ```ts
 * await evalCommand('runs/a/best.safetensors', {}, io);
 * ```
 */
export async function evalCommand(path: string, flags: EvalFlags, io: Io): Promise<number> {
  const { image, json, ...overrides } = flags;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const imagePath = image ?? join(dirname(path), 'confusion.png');
  await checkImagePath(imagePath);
  const { net, config } = await modelFromCheckpoint(path, defined);
  await useBackend(config.backend);
  const data = openDatasets(config, { train: false });
  const result = await evaluate(net, new DataLoader(data.test, { batchSize: config.batchSize }));
  const svg = confusionSvg(result.confusion, data.classes);
  await writeFileAtomic(imagePath.replace(/\.png$/, '.svg'), svg, 'strata eval');
  if (imagePath.endsWith('.png')) await writeFileAtomic(imagePath, svgToPng(svg), 'strata eval');
  if (json === true) {
    io.stdout.write(
      `${JSON.stringify({ checkpoint: path, data: data.source, ...result, classes: data.classes, image: imagePath })}\n`,
    );
    return 0;
  }
  const out = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  out(`data: ${data.source}`);
  out(
    `test loss ${result.loss.toFixed(4)}, test acc ${result.accuracy.toFixed(4)} (${result.count.toLocaleString('en-US')} images)`,
  );
  out('per-class accuracy:');
  const width = Math.max(...data.classes.map((c) => c.length));
  data.classes.forEach((c, i) => {
    out(
      `  ${c.padEnd(width)}  ${Number.isNaN(result.perClassAccuracy[i]!) ? 'n/a' : result.perClassAccuracy[i]!.toFixed(3)}`,
    );
  });
  out('confusion matrix (rows: label, columns: predicted):');
  const cell = Math.max(4, ...result.confusion.flat().map((n) => String(n).length + 1));
  out(`  ${''.padEnd(width)} ${data.classes.map((_, i) => String(i).padStart(cell)).join('')}`);
  result.confusion.forEach((row, i) => {
    out(`  ${data.classes[i]!.padEnd(width)} ${row.map((n) => String(n).padStart(cell)).join('')}`);
  });
  out(`image: ${imagePath}`);
  return 0;
}
