import type { Tensor } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** `@strata/models`' `lenetModern` parameter names, in `namedParameters()` order. */
const PARAMETERS = [
  '0.weight',
  '0.bias',
  '3.weight',
  '3.bias',
  '7.weight',
  '7.bias',
  '9.weight',
  '9.bias',
  '11.weight',
  '11.bias',
] as const;

/**
 * One strata LeNet parameter (or its gradient) in TensorFlow.js's layout: convolution filters
 * OIHW → HWIO, linear weights [out, in] → [in, out], and the first linear layer's inputs
 * reordered from strata's NCHW flatten (c, h, w) to the NHWC flatten (h, w, c) of the tfjs model.
 *
 * @example
 * ```ts
 * const w = toTfjsLayout('0.weight', values, [6, 1, 5, 5]); // shape [5, 5, 1, 6]
 * ```
 */
export function toTfjsLayout(name: string, values: Float32Array, shape: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.tensor(values, [...shape]);
    if (shape.length === 4) return tf.transpose(t, [2, 3, 1, 0]);
    if (name === '7.weight')
      return tf.reshape(tf.transpose(tf.reshape(t, [shape[0]!, 16, 5, 5]), [2, 3, 1, 0]), [shape[1]!, shape[0]!]);
    if (shape.length === 2) return tf.transpose(t);
    return t;
  });
}

/**
 * d2l's modern LeNet written with TensorFlow.js ops (NHWC): the layers of `lenetModern`, with
 * weights copied from a strata model so both compute the same function.
 *
 * @example
 * ```ts
 * const net = tfjsLenet(strataNet.namedParameters());
 * const logits = net.forward(tf.zeros([1, 28, 28, 1]));
 * ```
 */
export function tfjsLenet(parameters: ReadonlyArray<readonly [string, Tensor]>) {
  const byName = new Map(parameters);
  const variables = PARAMETERS.map((name) => {
    const p = byName.get(name);
    if (p === undefined)
      throw new Error(`tfjsLenet: expected lenetModern's parameter '${name}', got ${[...byName.keys()].join(', ')}.`);
    const t = toTfjsLayout(name, p.dataSync() as Float32Array, p.shape);
    const v = tf.variable(t, true, `lenet-${name}`);
    t.dispose();
    return v;
  });
  const [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b, f3w, f3b] = variables as [
    tf.Variable<tf.Rank.R4>,
    tf.Variable,
    tf.Variable<tf.Rank.R4>,
    tf.Variable,
    tf.Variable<tf.Rank.R2>,
    tf.Variable,
    tf.Variable<tf.Rank.R2>,
    tf.Variable,
    tf.Variable<tf.Rank.R2>,
    tf.Variable,
  ];
  const forward = (x: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, c1w, 1, 'same'), c1b)) as tf.Tensor4D, 2, 2, 'valid');
      h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c2w, 1, 'valid'), c2b)) as tf.Tensor4D, 2, 2, 'valid');
      let f = tf.relu(tf.add(tf.matMul(tf.reshape(h, [x.shape[0], 400]), f1w), f1b)) as tf.Tensor2D;
      f = tf.relu(tf.add(tf.matMul(f, f2w), f2b)) as tf.Tensor2D;
      return tf.add(tf.matMul(f, f3w), f3b) as tf.Tensor2D;
    });
  return { names: PARAMETERS, variables, forward, dispose: () => tf.dispose(variables) };
}
