import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgl';

/**
 * The same modern LeNet written with TensorFlow.js ops (NHWC, as tfjs convolves) on its WebGL
 * backend: conv 5x5 (6, same) - ReLU - max pool 2 - conv 5x5 (16) - ReLU - max pool 2 - 400-120-84-10
 * with ReLU, softmax cross-entropy, SGD with momentum 0.9. Returns training images/s over `steps`
 * steps after one warm-up step.
 */
export async function timeTfjsLenet(batch: number, steps: number): Promise<number> {
  await tf.setBackend('webgl');
  const v = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, 0.1));
  const w = {
    c1: v([5, 5, 1, 6]),
    b1: v([6]),
    c2: v([5, 5, 6, 16]),
    b2: v([16]),
    f1: v([400, 120]),
    g1: v([120]),
    f2: v([120, 84]),
    g2: v([84]),
    f3: v([84, 10]),
    g3: v([10]),
  };
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  const optimizer = tf.train.momentum(0.05, 0.9);
  const forward = (): tf.Scalar => {
    let h: tf.Tensor4D = tf.maxPool(
      tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w.c1 as tf.Tensor4D, 1, 'same'), w.b1)),
      2,
      2,
      'valid',
    );
    h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w.c2 as tf.Tensor4D, 1, 'valid'), w.b2)), 2, 2, 'valid');
    let f: tf.Tensor2D = tf.reshape(h, [batch, 400]);
    f = tf.relu(tf.add(tf.matMul(f, w.f1 as tf.Tensor2D), w.g1));
    f = tf.relu(tf.add(tf.matMul(f, w.f2 as tf.Tensor2D), w.g2));
    return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(f, w.f3 as tf.Tensor2D), w.g3)) as tf.Scalar;
  };
  const step = () => optimizer.minimize(forward, true)!;
  await step().data();
  const start = performance.now();
  let loss = step();
  for (let i = 1; i < steps; i++) {
    loss.dispose();
    loss = step();
  }
  await loss.data();
  return (batch * steps) / ((performance.now() - start) / 1000);
}
