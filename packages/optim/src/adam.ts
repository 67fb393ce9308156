import {
  ArgumentError,
  checkOptions,
  type Expr,
  elementwiseInPlace,
  keep,
  optionKeys,
  Tensor,
  zerosLike,
} from '@strata/core';
import { checkOption, describe, isIntegerAtLeast, isNumber } from './check.js';
import { Optimizer, type OptimizerParamGroup, type ParamGroup, type ParamState } from './optimizer.js';

/**
 * The options of {@link Adam} (and {@link AdamW}), PyTorch's names in camelCase and its
 * defaults.
 *
 * @example
 * ```ts
 * const options: AdamOptions = { lr: 3e-4, betas: [0.9, 0.95], weightDecay: 0.1 };
 * ```
 */
export interface AdamOptions {
  /** The learning rate, >= 0. Default 1e-3. */
  lr?: number;
  /** Decay rates of the gradient's running mean and of its square's, each in [0, 1). Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the denominator for numerical stability, >= 0. Default 1e-8. */
  eps?: number;
  /** Weight decay, >= 0: an L2 penalty on the gradient, or decoupled (AdamW). Default 0 (AdamW: 1e-2). */
  weightDecay?: number;
  /** The AMSGrad variant: divide by the running maximum of the second moment. Default false. */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize?: boolean;
  /** Decay the weights directly (`p *= 1 - lr * weightDecay`) as AdamW does. Default false (AdamW: true). */
  decoupledWeightDecay?: boolean;
}

const ADAM_KEYS = optionKeys<AdamOptions>({
  lr: true,
  betas: true,
  eps: true,
  weightDecay: true,
  amsgrad: true,
  maximize: true,
  decoupledWeightDecay: true,
});

function checkAdamOptions(op: string, options: Required<AdamOptions>, where: string): void {
  const { lr, betas, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = options;
  checkOption(isNumber(lr) && lr >= 0, op, `lr >= 0${where}`, lr);
  checkOption(isNumber(eps) && eps >= 0, op, `eps >= 0${where}`, eps);
  checkOption(Array.isArray(betas) && betas.length === 2, op, `betas to be a pair [beta1, beta2]${where}`, betas);
  betas.forEach((beta, i) => {
    checkOption(isNumber(beta) && beta >= 0 && beta < 1, op, `betas[${i}] in [0, 1)${where}`, beta);
  });
  checkOption(isNumber(weightDecay) && weightDecay >= 0, op, `weightDecay >= 0${where}`, weightDecay);
  checkOption(typeof amsgrad === 'boolean', op, `amsgrad to be a boolean${where}`, amsgrad);
  checkOption(typeof maximize === 'boolean', op, `maximize to be a boolean${where}`, maximize);
  checkOption(
    typeof decoupledWeightDecay === 'boolean',
    op,
    `decoupledWeightDecay to be a boolean${where}`,
    decoupledWeightDecay,
  );
}

function resolveAdamOptions(op: string, options: AdamOptions): Required<AdamOptions> {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(
      `${op}: expected options { lr?, betas?, ... }, got ${describe(options)}; pass e.g. { lr: 1e-3 }.`,
    );
  }
  checkOptions(op, options, ADAM_KEYS);
  const resolved: Required<AdamOptions> = {
    lr: options.lr ?? 1e-3,
    betas: options.betas ?? [0.9, 0.999],
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? 0,
    amsgrad: options.amsgrad ?? false,
    maximize: options.maximize ?? false,
    decoupledWeightDecay: options.decoupledWeightDecay ?? false,
  };
  checkAdamOptions(op, resolved, '');
  return resolved;
}

/**
 * Adam, exactly PyTorch's `torch.optim.Adam` update (AMSGrad, maximize and weight decay
 * included): with `g` the gradient (plus `weightDecay * p` unless decoupled),
 * `m = lerp(m, g, 1 - beta1)`, `v = beta2 * v + (1 - beta2) * g * g`, and
 * `p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)`, with `v` replaced by its
 * running maximum under AMSGrad. The state of a parameter uses PyTorch's keys: `step` (a
 * number here, a tensor in PyTorch), `exp_avg`, `exp_avg_sq` and, with AMSGrad, `max_exp_avg_sq`.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad();
 * mseLoss(model.forward(x), y).backward();
 * opt.step();
 * ```
 */
export class Adam extends Optimizer<Required<AdamOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroup<Required<AdamOptions>>>, options: AdamOptions = {}) {
    super(params, resolveAdamOptions(new.target.name, options));
  }

  protected override checkOptions(options: Required<AdamOptions>, index: number): void {
    checkAdamOptions(this.constructor.name, options, ` in param group ${index}`);
  }

  protected override checkParamState(state: ParamState): string[] {
    const problems: string[] = [];
    if (!isIntegerAtLeast(state.step, 0))
      problems.push(`expected 'step' to be an integer >= 0, got ${describe(state.step)}`);
    for (const key of ['exp_avg', 'exp_avg_sq']) {
      if (!(state[key] instanceof Tensor)) problems.push(`expected an '${key}' tensor, got ${describe(state[key])}`);
    }
    return problems;
  }

  protected override updateGroup(group: OptimizerParamGroup<Required<AdamOptions>>): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = betas;
    const coupled = weightDecay !== 0 && !decoupledWeightDecay;
    const name = `${this.constructor.name}.step`;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.#stateOf(p, amsgrad);
      const step = (state.step as number) + 1;
      state.step = step;
      // The bias corrections are host numbers because `step` is a host number: no device sync.
      const stepSize = lr / (1 - beta1 ** step);
      const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
      const decay = decoupledWeightDecay && weightDecay !== 0 ? 1 - lr * weightDecay : 1;
      const moments = [state.exp_avg as Tensor, state.exp_avg_sq as Tensor];
      const targets = amsgrad ? [...moments, state.max_exp_avg_sq as Tensor, p] : [...moments, p];
      // One pass updates the moments, the AMSGrad maximum and the parameter in place. Each moment
      // is PyTorch's exp_avg.lerp_(grad, 1 - beta1) and addcmul_(grad, grad, value=1 - beta2) in
      // the same operation order, so float64 results agree to the last bits; the gradient is
      // negated to maximize and takes coupled weight decay from the parameter's old value.
      elementwiseInPlace(
        targets,
        [p.grad],
        (...operands) => {
          const [m, v] = operands as [Expr, Expr];
          const [max, w, g] = (amsgrad ? operands.slice(2) : [undefined, ...operands.slice(2)]) as [
            Expr | undefined,
            Expr,
            Expr,
          ];
          const negated = maximize ? g.neg() : g;
          const d = coupled ? negated.add(w.mul(weightDecay)) : negated;
          const expAvg = m.add(d.sub(m).mul(1 - beta1));
          const expAvgSq = v.mul(beta2).add(d.mul(1 - beta2).mul(d));
          const second = max === undefined ? expAvgSq : max.max(expAvgSq);
          const denom = second.sqrt().div(biasCorrection2Sqrt).add(eps);
          const param = (decay === 1 ? w : w.mul(decay)).add(expAvg.mul(-stepSize).div(denom));
          return max === undefined ? [expAvg, expAvgSq, param] : [expAvg, expAvgSq, second, param];
        },
        { name },
      );
    }
  }

  #stateOf(p: Tensor, amsgrad: boolean): ParamState {
    let state = this.state.get(p);
    if (state === undefined) {
      state = { step: 0, exp_avg: keep(zerosLike(p)), exp_avg_sq: keep(zerosLike(p)) };
      this.state.set(p, state);
    }
    // Created on demand, so amsgrad can be switched on for a group mid-run, or after loading
    // a state dict saved without it (PyTorch's would start from zeros as well).
    if (amsgrad && !(state.max_exp_avg_sq instanceof Tensor)) state.max_exp_avg_sq = keep(zerosLike(p));
    return state;
  }
}
