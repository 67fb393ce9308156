import type { IdxDatasetSpec } from './idx-dataset-spec.js';

/** @internal Fashion-MNIST (Zalando Research): files, checksums and places. */
export const FASHION_MNIST_SPEC: IdxDatasetSpec = {
  name: 'FashionMNIST',
  dir: 'fashion-mnist',
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  train: {
    images: {
      name: 'train-images-idx3-ubyte',
      md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      rawMd5: 'f4a8712d7a061bf5bd6d2ca38dc4d50a',
      rawSize: 47_040_016,
    },
    labels: {
      name: 'train-labels-idx1-ubyte',
      md5: '25c81989df183df01b3e8a0aad5dffbe',
      rawMd5: '9018921c3c673c538a1fc5bad174d6f9',
      rawSize: 60_008,
    },
  },
  test: {
    images: {
      name: 't10k-images-idx3-ubyte',
      md5: 'bef4ecab320f06d8554ea6380940ec79',
      rawMd5: '8181f5470baa50b63fa0f6fddb340f0a',
      rawSize: 7_840_016,
    },
    labels: {
      name: 't10k-labels-idx1-ubyte',
      md5: 'bb300cfdad3c16e7a12a480ee83cd310',
      rawMd5: '15d484375f8d13e6eb1aabb0c3f46965',
      rawSize: 10_008,
    },
  },
  // torchvision's mirror. S3 website endpoints only speak HTTP; the MD5 check is what makes
  // the download trustworthy.
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  system: { dir: '/usr/share/datasets/fashion-mnist', debianPackage: 'dataset-fashion-mnist' },
  // The same relative path from src/datasets/ (tests) and dist/datasets/ (built) reaches the
  // package root, so one URL serves both.
  sample: new URL('../../assets/fashion-mnist-sample/', import.meta.url),
};
