// The messages between the playground page and its training worker.

/** The models the playground trains. */
export type PlaygroundModel = 'lenet' | 'lenet-sigmoid' | 'resnet';
/** The backends the playground trains on. */
export type PlaygroundBackend = 'cpu' | 'gpu';

/** Where the embedded Fashion-MNIST sample's four gzipped IDX files are served. */
export interface SampleUrls {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** Page to worker. */
export type Request =
  | {
      type: 'train';
      model: PlaygroundModel;
      backend: PlaygroundBackend;
      steps: number;
      batchSize: number;
      lr: number;
      sample: SampleUrls;
    }
  | { type: 'classify'; pixels: Float32Array };

/** Worker to page. */
export type Reply =
  | { type: 'ready'; backend: string; threads: number; trainCount: number; testCount: number }
  | { type: 'step'; step: number; loss: number; accuracy: number }
  | { type: 'evaluated'; step: number; accuracy: number }
  | { type: 'done'; accuracy: number; confusion: number[][]; seconds: number }
  | { type: 'prediction'; probabilities: number[] }
  | { type: 'error'; message: string };
