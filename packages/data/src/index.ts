export { sampleRandom } from './sample-random.js';
export type { Dataset, HostTensor, Image, RawImage, SampleRandom, Transform } from './types.js';
export { ConcatDataset } from './datasets/concat-dataset.js';
export { DatasetError } from './datasets/dataset-error.js';
export { DatasetNotFoundError } from './datasets/dataset-not-found-error.js';
export type { DownloadProgress } from './datasets/download-progress.js';
export type { DatasetSource } from './datasets/dataset-source.js';
export { FashionMNIST, type FashionMNISTOptions } from './datasets/fashion-mnist.js';
export { IdxClassificationDataset, type IdxDatasetOptions } from './datasets/idx-classification-dataset.js';
export type { IdxDatasetSpec } from './datasets/idx-dataset-spec.js';
export { MNIST } from './datasets/mnist.js';
export { type RandomSplitOptions, randomSplit } from './datasets/random-split.js';
export { Subset } from './datasets/subset.js';
export { TensorDataset } from './datasets/tensor-dataset.js';
export { decodeIdx } from './idx/decode-idx.js';
export { decodeIdxSync } from './idx/decode-idx-sync.js';
export { encodeIdx } from './idx/encode-idx.js';
export { isGzip } from './idx/is-gzip.js';
export { type IdxImages, type IdxKind, type IdxLabels, parseIdx } from './idx/parse-idx.js';
export { DataLoader, type DataLoaderOptions } from './loader/data-loader.js';
export type { RawSampleDataset } from './loader/raw-sample-dataset.js';
export {
  CenterCrop,
  Compose,
  type InterpolationMode,
  type JsonValue,
  Lambda,
  Normalize,
  Pad,
  type PadOptions,
  type Padding,
  type PaddingMode,
  RandomCrop,
  type RandomCropOptions,
  RandomHorizontalFlip,
  RandomRotation,
  type RandomRotationOptions,
  Resize,
  type ResizeOptions,
  type SerializableTransform,
  ToTensor,
  type TransformSpec,
  transformFromSpec,
} from './transforms/index.js';
