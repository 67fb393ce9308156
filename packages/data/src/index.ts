export { sampleRandom } from './sample-random.js';
export type { Dataset, HostTensor, Image, RawImage, SampleRandom, Transform } from './types.js';
