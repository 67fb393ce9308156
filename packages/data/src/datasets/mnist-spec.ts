import type { IdxDatasetSpec } from './idx-dataset-spec.js';

/** @internal MNIST (LeCun, Cortes, Burges): files, checksums and places. */
export const MNIST_SPEC: IdxDatasetSpec = {
  name: 'MNIST',
  dir: 'mnist',
  classes: [
    '0 - zero',
    '1 - one',
    '2 - two',
    '3 - three',
    '4 - four',
    '5 - five',
    '6 - six',
    '7 - seven',
    '8 - eight',
    '9 - nine',
  ],
  train: {
    images: {
      name: 'train-images-idx3-ubyte',
      md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
      rawMd5: '6bbc9ace898e44ae57da46a324031adb',
      rawSize: 47_040_016,
    },
    labels: {
      name: 'train-labels-idx1-ubyte',
      md5: 'd53e105ee54ea40749a09fcbcd1e9432',
      rawMd5: 'a25bea736e30d166cdddb491f175f624',
      rawSize: 60_008,
    },
  },
  test: {
    images: {
      name: 't10k-images-idx3-ubyte',
      md5: '9fb629c4189551a2d022fa330f9573f3',
      rawMd5: '2646ac647ad5339dbf082846283269ea',
      rawSize: 7_840_016,
    },
    labels: {
      name: 't10k-labels-idx1-ubyte',
      md5: 'ec29112dd5afa0611ce80d1b7f02629c',
      rawMd5: '27ae3e4e09519cfbb04c329615203637',
      rawSize: 10_008,
    },
  },
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/'],
};
