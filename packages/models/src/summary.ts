import {
  ArgumentError,
  checkOptions,
  assertValidShape,
  bytesPerElement,
  type DType,
  formatShape,
  noGrad,
  type Shape,
  Tensor,
  tidy,
  zeros,
} from '@strata/core';
import { Conv2d, Linear, type Module } from '@strata/nn';

/**
 * One row of a {@link ModelSummary}: a module called during the forward pass.
 *
 * @example
 * ```ts
 * const [first] = summary(lenet(), [1, 1, 28, 28], { print: false }).layers;
 * first.type; // 'Conv2d'
 * ```
 */
export interface LayerSummary {
  /** The module's dotted name in the model (`'0'`, `'1.0.conv1'`). */
  name: string;
  /** The module's class name, as the chapters print it. */
  type: string;
  /** Nesting depth below the model (1 for its direct children). */
  depth: number;
  /** Shape of the module's output. */
  outputShape: number[];
  /** Parameters the module holds, counted once each. */
  params: number;
  /** Of those, the ones that require a gradient. */
  trainableParams: number;
  /** Multiply-adds of the forward pass (convolutions and linear layers). */
  multAdds: number;
  /** Bytes of the output tensor. */
  outputBytes: number;
}

/**
 * What {@link summary} found: the per-layer rows and the totals.
 *
 * @example
 * ```ts
 * const s = summary(lenet(), [1, 1, 28, 28], { print: false });
 * s.totalParams; // 61706
 * ```
 */
export interface ModelSummary {
  /** The input shape the model was run on. */
  inputShape: number[];
  /** Rows in call order. */
  layers: LayerSummary[];
  /** Parameters of the whole model, each counted once. */
  totalParams: number;
  /** Of those, the ones that require a gradient. */
  trainableParams: number;
  /** Multiply-adds of one forward pass over the input. */
  totalMultAdds: number;
  /** Bytes of all parameters. */
  paramBytes: number;
  /** The chapters' lines: `Conv2d output shape:\t [1, 6, 28, 28]`, one per row. */
  chapterLines(): string[];
  /** The table with totals, as `summary` prints it. */
  toString(): string;
}

/**
 * Options of {@link summary}.
 *
 * @example
 * ```ts
 * const options: SummaryOptions = { depth: 2, print: false };
 * ```
 */
export interface SummaryOptions {
  /** How deep into nested modules rows go; 1 (the model's children) by default. */
  depth?: number;
  /** Print the table with `console.log`; `true` by default. */
  print?: boolean;
  /** Dtype of the zero input; `'float32'` by default. */
  dtype?: DType;
}

interface Record_ {
  row: LayerSummary;
  module: Module;
}

function countParams(module: Module): [number, number] {
  let total = 0;
  let trainable = 0;
  for (const p of new Set(module.parameters())) {
    total += p.size;
    if (p.requiresGrad) trainable += p.size;
  }
  return [total, trainable];
}

/** Multiply-adds of one call of `module` that produced `output`, for the layers that do them. */
function ownMultAdds(module: Module, output: Tensor): number {
  if (module instanceof Conv2d) {
    return output.size * (module.inChannels / module.groups) * module.kernelSize[0] * module.kernelSize[1];
  }
  if (module instanceof Linear) return output.size * module.inFeatures;
  return 0;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const num = (n: number): string => n.toLocaleString('en-US');

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(2)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function render(s: Omit<ModelSummary, 'toString' | 'chapterLines'>): string {
  const header = ['Layer (type)', 'Output shape', 'Params', 'Mult-adds', 'Output memory'];
  const rows = s.layers.map((l) => [
    `${'  '.repeat(l.depth - 1)}${l.type} (${l.name})`,
    formatShape(l.outputShape),
    num(l.params),
    num(l.multAdds),
    formatBytes(l.outputBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 2 ? pad(c, widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Input shape: ${formatShape(s.inputShape)}`,
    `Total params: ${num(s.totalParams)} (${formatBytes(s.paramBytes)})`,
    `Trainable params: ${num(s.trainableParams)}`,
    `Non-trainable params: ${num(s.totalParams - s.trainableParams)}`,
    `Mult-adds: ${num(s.totalMultAdds)}`,
  ].join('\n');
}

/**
 * Runs `model` once on a zero input of `inputShape` and reports, for each module called (down
 * to `depth`), its output shape, parameters, multiply-adds and output memory; the chapters'
 * shape check (`for layer in net: X = layer(X); print(...)`) as a table. The model runs in
 * evaluation mode without gradients and is left as it was (training flags, running statistics).
 *
 * @example
 * ```ts
 * const s = summary(lenet(), [1, 1, 28, 28]);  // prints the table
 * s.chapterLines()[0]; // 'Conv2d output shape:\t [1, 6, 28, 28]'
 * s.totalParams;       // 61706
 * ```
 */
export function summary(model: Module, inputShape: Shape, options: SummaryOptions = {}): ModelSummary {
  checkOptions('summary', options, ['depth', 'print', 'dtype']);
  assertValidShape('summary', inputShape as unknown[]);
  const depth = options.depth ?? 1;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new ArgumentError(`summary: expected depth to be an integer >= 1, got ${String(depth)}.`);
  }
  const dtype = options.dtype ?? 'float32';
  const modules = model.namedModules().filter(([name]) => name !== '');
  const training = new Map(model.modules().map((m) => [m, m.training] as const));
  const records: Record_[] = [];
  const multAdds = new Map<Module, number>();
  const restore: (() => void)[] = [];
  for (const [name, module] of modules) {
    const moduleDepth = name.split('.').length;
    const target = module as unknown as { forward: (...args: unknown[]) => unknown };
    const original = target.forward;
    target.forward = (...args: unknown[]): unknown => {
      const record =
        moduleDepth <= depth
          ? { module, row: { name, type: module.constructor.name, depth: moduleDepth } as LayerSummary }
          : null;
      if (record !== null) records.push(record);
      const output = original.apply(module, args);
      if (output instanceof Tensor) {
        multAdds.set(module, (multAdds.get(module) ?? 0) + ownMultAdds(module, output));
        if (record !== null) {
          record.row.outputShape = [...output.shape];
          record.row.outputBytes = output.size * bytesPerElement(output.dtype);
        }
      } else if (record !== null) {
        throw new ArgumentError(
          `summary: expected ${record.row.type} (${name}) to return a tensor, got ${typeof output}; summary reports single-tensor outputs.`,
        );
      }
      return output;
    };
    restore.push(() => {
      delete (target as { forward?: unknown }).forward;
    });
  }
  try {
    model.eval();
    noGrad(() =>
      tidy(() => (model as unknown as { forward: (x: Tensor) => unknown }).forward(zeros(inputShape, { dtype }))),
    );
  } finally {
    for (const undo of restore) undo();
    for (const [m, mode] of training) m.training = mode;
  }
  const macsOf = (module: Module): number => module.modules().reduce((sum, m) => sum + (multAdds.get(m) ?? 0), 0);
  const layers = records.map(({ module, row }) => {
    const [params, trainableParams] = countParams(module);
    return { ...row, params, trainableParams, multAdds: macsOf(module) };
  });
  const [totalParams, trainableParams] = countParams(model);
  const paramBytes = [...new Set(model.parameters())].reduce((sum, p) => sum + p.size * bytesPerElement(p.dtype), 0);
  const data = {
    inputShape: [...inputShape],
    layers,
    totalParams,
    trainableParams,
    totalMultAdds: macsOf(model),
    paramBytes,
  };
  const result: ModelSummary = {
    ...data,
    chapterLines: () =>
      layers.filter((l) => l.depth === 1).map((l) => `${l.type} output shape:\t ${formatShape(l.outputShape)}`),
    toString: () => render(data),
  };
  if (options.print ?? true) console.log(result.toString());
  return result;
}
