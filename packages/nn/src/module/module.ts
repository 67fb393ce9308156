import {
  ArgumentError,
  DTypeError,
  keep,
  noGrad,
  ShapeError,
  StrataError,
  type Tensor,
  formatShape,
  isFloat,
} from '@strata/core';

/**
 * A state dict: parameters and persistent buffers by dotted name, in PyTorch's order and with
 * PyTorch's keys (`features.0.weight`, `bn1.running_var`).
 *
 * @example
 * ```ts
 * const sd: StateDict = net.stateDict();
 * Object.keys(sd); // ['0.weight', '0.bias', '2.weight', '2.bias']
 * ```
 */
export type StateDict = Record<string, Tensor>;

/**
 * What `loadStateDict` did not match (it throws instead when `strict` and either list is
 * non-empty).
 *
 * @example
 * ```ts
 * const { missingKeys, unexpectedKeys } = net.loadStateDict(sd, { strict: false });
 * ```
 */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Thrown by `loadStateDict` with every missing, unexpected, mis-shaped and mis-typed key at once.
 *
 * @example
 * ```ts
 * try { net.loadStateDict(sd); } catch (e) { if (e instanceof StateDictError) console.log(e.missingKeys); }
 * ```
 */
export class StateDictError extends StrataError {
  override readonly name = 'StateDictError';
  constructor(
    message: string,
    readonly missingKeys: readonly string[],
    readonly unexpectedKeys: readonly string[],
    readonly shapeMismatches: readonly string[],
    readonly dtypeMismatches: readonly string[] = [],
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_0-9][A-Za-z_0-9]*$/;

/**
 * The base class of every layer and model, as PyTorch's `nn.Module`: it owns parameters,
 * buffers and child modules registered by name, and lists them with dotted names. Subclasses
 * register what they hold in the constructor and compute in `forward`.
 *
 * @example
 * ```ts
 * class MLP extends Module {
 *   readonly hidden = this.registerModule('hidden', new Linear(20, 256));
 *   readonly out = this.registerModule('out', new Linear(256, 10));
 *   forward(x: Tensor): Tensor {
 *     return this.out.forward(this.hidden.forward(x).relu());
 *   }
 * }
 * ```
 */
export abstract class Module {
  /** Whether the module is in training mode (`train()`), or evaluation mode (`eval()`). */
  training = true;
  readonly #parameters = new Map<string, Tensor | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();
  readonly #modules = new Map<string, Module | null>();

  /** Computes the module's output. */
  abstract forward(...inputs: never[]): unknown;

  #checkName(kind: string, name: string): void {
    if (!NAME.test(name)) {
      throw new ArgumentError(`${kind}: expected a name of letters, digits and underscores (no dots), got '${name}'.`);
    }
    const taken = this.#parameters.has(name)
      ? 'parameter'
      : this.#buffers.has(name)
        ? 'buffer'
        : this.#modules.has(name)
          ? 'module'
          : undefined;
    if (taken !== undefined && !kind.toLowerCase().includes(taken)) {
      throw new ArgumentError(
        `${kind}: '${name}' is already registered as a ${taken} of ${this.constructor.name}; use another name.`,
      );
    }
  }

  /**
   * Registers `t` as a learnable parameter (it is made a grad-requiring leaf and kept out of
   * `tidy`). `null` reserves the name (optional bias, lazy layers).
   *
   * @example
   * ```ts
   * this.weight = this.registerParameter('weight', randn([4, 3]));
   * ```
   */
  registerParameter<T extends Tensor | null>(name: string, t: T): T {
    this.#checkName('registerParameter', name);
    if (t !== null) {
      if (!isFloat(t.dtype)) {
        throw new DTypeError(
          `registerParameter: expected a floating-point tensor for '${name}', got dtype ${t.dtype}; parameters are learned by gradients.`,
        );
      }
      if (!t.isLeaf) {
        throw new ArgumentError(
          `registerParameter: expected a leaf tensor for '${name}', got the result of an op; pass x.detach() or create it directly.`,
        );
      }
      t.requiresGrad = true;
      keep(t);
    }
    this.#parameters.set(name, t);
    return t;
  }

  /**
   * Registers `t` as a buffer: state that is not learned (BatchNorm's running statistics).
   * Persistent buffers are part of `stateDict()`.
   *
   * @example
   * ```ts
   * this.runningMean = this.registerBuffer('running_mean', zeros([c]));
   * ```
   */
  registerBuffer<T extends Tensor | null>(name: string, t: T, options: { persistent?: boolean } = {}): T {
    this.#checkName('registerBuffer', name);
    if (t !== null) keep(t);
    this.#buffers.set(name, t);
    if (options.persistent === false) this.#nonPersistent.add(name);
    else this.#nonPersistent.delete(name);
    return t;
  }

  /**
   * Registers a child module; its parameters appear under `name.`.
   *
   * @example
   * ```ts
   * this.conv = this.registerModule('conv', new Conv2d(1, 6, 5));
   * ```
   */
  registerModule<M extends Module | null>(name: string, module: M): M {
    this.#checkName('registerModule', name);
    this.#modules.set(name, module);
    return module;
  }

  /** The registered parameter `name` (`null` when reserved or not yet materialised). */
  protected parameter(name: string): Tensor | null {
    return this.#parameters.get(name) ?? null;
  }

  /** The registered buffer `name` (`null` when reserved or not yet materialised). */
  protected buffer(name: string): Tensor | null {
    return this.#buffers.get(name) ?? null;
  }

  /** @internal Replaces a registered parameter or buffer tensor (lazy layers materialising). */
  protected setTensor(kind: 'parameter' | 'buffer', name: string, t: Tensor): void {
    if (kind === 'parameter') this.registerParameter(name, t);
    else this.registerBuffer(name, t, { persistent: !this.#nonPersistent.has(name) });
  }

  /**
   * The direct children with their names.
   *
   * @example
   * ```ts
   * for (const [name, child] of net.namedChildren()) console.log(name);
   * ```
   */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const [name, m] of this.#modules) {
      if (m === null || seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
    }
    return out;
  }

  /**
   * The direct children.
   *
   * @example
   * ```ts
   * net.children().length;
   * ```
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every descendant with dotted names (`''` for this one); a module reached
   * twice is listed once.
   *
   * @example
   * ```ts
   * net.namedModules().map(([name]) => name); // ['', '0', '1', '2']
   * ```
   */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, name: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([name, module]);
      for (const [childName, child] of module.#modules) {
        if (child !== null) visit(child, name === '' ? childName : `${name}.${childName}`);
      }
    };
    visit(this, prefix);
    return out;
  }

  /**
   * This module and every descendant.
   *
   * @example
   * ```ts
   * net.modules().filter((m) => m instanceof Linear);
   * ```
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  #namedTensors(kind: 'parameters' | 'buffers', recurse: boolean, persistentOnly: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules() : [['', this]];
    for (const [prefix, module] of modules) {
      const table = kind === 'parameters' ? module.#parameters : module.#buffers;
      for (const [name, t] of table) {
        if (t === null || seen.has(t)) continue;
        if (persistentOnly && kind === 'buffers' && module.#nonPersistent.has(name)) continue;
        seen.add(t);
        out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
      }
    }
    return out;
  }

  /**
   * Every parameter with its dotted name; a tensor shared by two layers (tied weights) is listed
   * once, under its first name.
   *
   * @example
   * ```ts
   * net.namedParameters().map(([name, p]) => `${name} ${p.shape}`);
   * ```
   */
  namedParameters(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#namedTensors('parameters', options.recurse ?? true, false);
  }

  /**
   * Every parameter (what an optimizer updates), each once.
   *
   * @example
   * ```ts
   * const opt = new SGD(net.parameters(), { lr: 0.1 });
   * ```
   */
  parameters(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedParameters(options).map(([, t]) => t);
  }

  /**
   * Every buffer with its dotted name.
   *
   * @example
   * ```ts
   * bn.namedBuffers().map(([name]) => name); // ['running_mean', 'running_var', 'num_batches_tracked']
   * ```
   */
  namedBuffers(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#namedTensors('buffers', options.recurse ?? true, false);
  }

  /**
   * Every buffer.
   *
   * @example
   * ```ts
   * net.buffers().length;
   * ```
   */
  buffers(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(options).map(([, t]) => t);
  }

  /**
   * Parameters and persistent buffers by PyTorch's dotted keys, in PyTorch's order (each
   * module's own parameters, then its buffers, then its children). The tensors are the live
   * ones, as in PyTorch; clone them to keep a snapshot.
   *
   * @example
   * ```ts
   * Object.keys(net.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
   * ```
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [prefix, module] of this.namedModules()) {
      const key = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, t] of module.#parameters) if (t !== null) out[key(name)] ??= t;
      for (const [name, t] of module.#buffers) if (t !== null && !module.#nonPersistent.has(name)) out[key(name)] ??= t;
    }
    return out;
  }

  /**
   * Copies `stateDict` into this module's parameters and buffers, in place. Every problem —
   * missing keys, unexpected keys (when `strict`), mismatched shapes, mismatched dtypes — is
   * collected and thrown once in a `StateDictError`, before anything is copied, so a failed
   * load changes nothing. Values are never converted silently: integer or bool data (a file's
   * I32, I64, U8 or BOOL tensor) meant for float32 weights is refused, as is float64 for
   * float32; cast explicitly (`sd[key] = sd[key].float()`) when the conversion is intended.
   *
   * @example
   * ```ts
   * net.loadStateDict(await load('lenet.safetensors'));
   * ```
   */
  loadStateDict(stateDict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    const strict = options.strict ?? true;
    const own = this.#stateSlots();
    const missingKeys = [...own.keys()].filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !own.has(k));
    const shapeMismatches: string[] = [];
    const dtypeMismatches: string[] = [];
    for (const [key, slot] of own) {
      const value = stateDict[key];
      if (value === undefined) continue;
      if (slot.tensor === null) continue;
      if (formatShape(value.shape) !== formatShape(slot.tensor.shape)) {
        shapeMismatches.push(
          `${key}: expected shape ${formatShape(slot.tensor.shape)}, got ${formatShape(value.shape)}`,
        );
      }
      if (value.dtype !== slot.tensor.dtype)
        dtypeMismatches.push(`${key}: expected ${slot.tensor.dtype}, got ${value.dtype}`);
    }
    const mismatched = shapeMismatches.length > 0 || dtypeMismatches.length > 0;
    if (mismatched || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))) {
      const parts = [
        missingKeys.length ? `missing keys: ${missingKeys.join(', ')}` : '',
        strict && unexpectedKeys.length ? `unexpected keys: ${unexpectedKeys.join(', ')}` : '',
        shapeMismatches.length ? `shape mismatches: ${shapeMismatches.join('; ')}` : '',
        dtypeMismatches.length ? `dtype mismatches: ${dtypeMismatches.join('; ')}` : '',
      ].filter(Boolean);
      const fix = dtypeMismatches.length
        ? ' cast the values first (sd[key] = sd[key].float()) when the conversion is intended;'
        : '';
      throw new StateDictError(
        `loadStateDict: expected a state dict matching ${this.constructor.name}, got ${parts.join('. ')}. Nothing was loaded;${fix} pass { strict: false } to skip missing and unexpected keys.`,
        missingKeys,
        strict ? unexpectedKeys : [],
        shapeMismatches,
        dtypeMismatches,
      );
    }
    noGrad(() => {
      for (const [key, slot] of own) {
        const value = stateDict[key];
        if (value === undefined) continue;
        const moved = value.backend === slot.backend ? value : value.to(slot.backend);
        if (slot.tensor === null) slot.materialize(moved);
        else slot.tensor.copy_(moved);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  #stateSlots(): Map<string, { tensor: Tensor | null; backend: string; materialize: (t: Tensor) => void }> {
    const slots = new Map<string, { tensor: Tensor | null; backend: string; materialize: (t: Tensor) => void }>();
    const backendOf = () => this.parameters()[0]?.backend ?? this.buffers()[0]?.backend;
    for (const [prefix, module] of this.namedModules()) {
      const key = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
      const add = (kind: 'parameter' | 'buffer', name: string, t: Tensor | null) => {
        if (slots.has(key(name))) return;
        slots.set(key(name), {
          tensor: t,
          backend: t?.backend ?? backendOf() ?? 'cpu',
          materialize: (value) => module.setTensor(kind, name, value.clone().detach()),
        });
      };
      for (const [name, t] of module.#parameters) if (t !== null || module.isLazy(name)) add('parameter', name, t);
      for (const [name, t] of module.#buffers)
        if (!module.#nonPersistent.has(name) && (t !== null || module.isLazy(name))) add('buffer', name, t);
    }
    return slots;
  }

  /** @internal Whether the `null` slot `name` is a lazy tensor that a state dict may fill. */
  protected isLazy(_name: string): boolean {
    return false;
  }

  /**
   * Calls `fn` on every child (recursively) and then on this module, as PyTorch's `apply`: the
   * way to initialise a whole network.
   *
   * @example
   * ```ts
   * net.apply((m) => { if (m instanceof Linear) init.normal_(m.weight, 0, 0.01); });
   * ```
   */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Sets training mode on this module and every descendant (Dropout drops, BatchNorm uses batch
   * statistics).
   *
   * @example
   * ```ts
   * net.train();
   * ```
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode: `train(false)`.
   *
   * @example
   * ```ts
   * net.eval();
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Moves every parameter, buffer and gradient to backend `name` in place: the tensor objects
   * stay the same, so optimizers built before the move keep working.
   *
   * @example
   * ```ts
   * net.to('gpu');
   * ```
   */
  to(name: string): this {
    for (const p of this.parameters()) {
      p.moveTo_(name);
      p.grad?.moveTo_(name);
    }
    for (const b of this.buffers()) b.moveTo_(name);
    return this;
  }

  /**
   * Clears every parameter's gradient (disposing it, or zeroing it in place when
   * `setToNone` is false).
   *
   * @example
   * ```ts
   * net.zeroGrad();
   * ```
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (options.setToNone ?? true) {
        p.grad.dispose();
        p.grad = null;
      } else {
        p.grad.zero_();
      }
    }
  }

  /**
   * The layer's arguments as PyTorch prints them inside the parentheses
   * (`in_features=4, out_features=8, bias=True`); empty by default.
   *
   * @example
   * ```ts
   * new Linear(4, 8).extraRepr(); // 'in_features=4, out_features=8, bias=True'
   * ```
   */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree as PyTorch prints it.
   *
   * @example
   * ```ts
   * console.log(String(net));
   * // Sequential(
   * //   (0): Linear(in_features=4, out_features=8, bias=True)
   * //   (1): ReLU()
   * // )
   * ```
   */
  toString(): string {
    const children = [...this.#modules].map(([name, m]) => {
      const text = m === null ? 'None' : m.toString();
      return `(${name}): ${text.split('\n').join('\n  ')}`;
    });
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = [...(extra ? extra.split('\n') : []), ...children];
    return `${this.constructor.name}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/** @internal Throws unless `x` has rank `rank`, naming the layer. */
export function assertRank(layer: string, x: Tensor, ranks: readonly number[], layout: string): void {
  if (!ranks.includes(x.rank)) {
    throw new ShapeError(
      `${layer}: expected input of rank ${ranks.join(' or ')} ${layout}, got shape ${formatShape(x.shape)}.`,
    );
  }
}
