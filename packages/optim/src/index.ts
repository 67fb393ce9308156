export { Adam, type AdamOptions } from './adam.js';
export { AdamW, type AdamWOptions } from './adamw.js';
export { type ClipGradNormOptions, clipGradNorm_ } from './clip-grad-norm.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { LinearWarmup, type LinearWarmupOptions } from './linear-warmup.js';
export { LRScheduler, type LRSchedulerStateDict, type ScheduleSettings } from './lr-scheduler.js';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
export {
  Optimizer,
  type OptimizerOptions,
  type OptimizerParamGroup,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamState,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { StepLR, type StepLROptions } from './step-lr.js';
