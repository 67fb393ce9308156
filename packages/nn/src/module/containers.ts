import { ArgumentError, type Tensor } from '@strata/core';
import { fusedForward } from './activation-fusion.js';
import { Module } from './module.js';

/**
 * A module that maps one tensor to one tensor: what `Sequential` chains.
 *
 * @example
 * ```ts
 * const layers: Layer[] = [new Linear(4, 8), new ReLU()];
 * ```
 */
export type Layer = Module & {
  /** Maps the input tensor to the output tensor. */
  forward(x: Tensor): Tensor;
};

type Reverse<T extends readonly unknown[]> = T extends readonly [infer Head, ...infer Rest]
  ? [...Reverse<Rest>, Head]
  : [];

/**
 * The type of `Sequential.at(index)`: the layer's own class when the Sequential was built from
 * a list of layers and `index` is a literal (negative counts from the end), else `Layer`.
 *
 * @example
 * ```ts
 * type Last = LayerAt<[Linear, ReLU, Linear], -1>; // Linear
 * ```
 */
export type LayerAt<L extends readonly Layer[], I extends number> = number extends L['length']
  ? L[number]
  : `${I}` extends `-${infer N extends number}`
    ? [never, ...Reverse<L>] extends infer R extends readonly Layer[]
      ? `${N}` extends Exclude<keyof R, keyof unknown[]>
        ? R[N]
        : Layer
      : Layer
    : `${I}` extends Exclude<keyof L, keyof unknown[]>
      ? L[I]
      : Layer;

function checkIndex(container: string, index: number, length: number): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(index) || i < 0 || i >= length) {
    throw new ArgumentError(`${container}.at: expected an index in [${-length}, ${length - 1}], got ${index}.`);
  }
  return i;
}

/**
 * Layers applied in order, as `nn.Sequential`: built from modules (named `0`, `1`, ...) or from
 * a map of names to modules; indexable with `at(i)` (negative from the end), iterable. Built
 * from a list, it remembers each layer's class, so `net.at(0).weight` needs no cast.
 *
 * @example
 * ```ts
 * const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
 * net.at(-1).weight.shape; // [1, 8]: at(-1) is typed Linear
 * for (const layer of net) console.log(String(layer));
 * ```
 */
export class Sequential<L extends readonly Layer[] = Layer[]> extends Module implements Iterable<L[number]> {
  readonly #layers: Layer[] = [];

  constructor(...layers: L);
  constructor(layers: Record<string, Layer>);
  constructor(...layers: Layer[] | [Record<string, Layer>]) {
    super();
    const [first] = layers;
    if (layers.length === 1 && first !== undefined && !(first instanceof Module)) {
      for (const [name, layer] of Object.entries(first)) this.#add(name, layer);
    } else {
      for (const layer of layers as Layer[]) this.append(layer);
    }
  }

  #add(name: string, layer: Layer): void {
    if (!(layer instanceof Module)) {
      throw new ArgumentError(`Sequential: expected modules, got ${typeof layer} for '${name}'.`);
    }
    this.registerModule(name, layer);
    this.#layers.push(layer);
  }

  /**
   * Adds a layer at the end, named by its position.
   *
   * @example
   * ```ts
   * net.append(new ReLU());
   * ```
   */
  append(layer: Layer): this {
    this.#add(String(this.#layers.length), layer);
    return this;
  }

  /**
   * The layer at `index` (negative counts from the end), typed as its class when the
   * Sequential was built from a list and `index` is a literal ({@link LayerAt}).
   *
   * @example
   * ```ts
   * new Sequential(new Linear(4, 8), new ReLU()).at(0).weight;
   * ```
   */
  // `this` carries the layer list so that the class stays covariant in L (a
  // Sequential<[Linear, ReLU]> is a Sequential).
  at<T extends readonly Layer[], I extends number>(this: Sequential<T>, index: I): LayerAt<T, I> {
    return this.#layers[checkIndex('Sequential', index, this.#layers.length)] as LayerAt<T, I>;
  }

  /** The number of layers. */
  get length(): number {
    return this.#layers.length;
  }

  /** The layers, in order. */
  [Symbol.iterator](): Iterator<L[number]> {
    return this.#layers[Symbol.iterator]() as Iterator<L[number]>;
  }

  /**
   * Runs every layer in order. A convolution, linear or batch-norm layer followed by `ReLU`,
   * `Sigmoid` or `Tanh` runs as one kernel that applies the activation as it writes (same values
   * and gradients, no intermediate tensor); a subclass that overrides either `forward` runs as
   * written.
   *
   * @example
   * ```ts
   * const y = net.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    let out = x;
    const layers = this.#layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      const fused = next && fusedForward(layer, next);
      if (fused === undefined) out = layer.forward(out);
      else {
        out = fused(out);
        i++;
      }
    }
    return out;
  }
}

/**
 * A list of modules whose parameters are registered (`nn.ModuleList`); it has no `forward`.
 *
 * @example
 * ```ts
 * const blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * for (const block of blocks) x = block.forward(x);
 * ```
 */
export class ModuleList<M extends Module = Module> extends Module implements Iterable<M> {
  readonly #items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /**
   * Adds a module at the end.
   *
   * @example
   * ```ts
   * list.append(new ReLU());
   * ```
   */
  append(module: M): this {
    this.registerModule(String(this.#items.length), module);
    this.#items.push(module);
    return this;
  }

  /**
   * The module at `index` (negative counts from the end).
   *
   * @example
   * ```ts
   * list.at(-1);
   * ```
   */
  at(index: number): M {
    return this.#items[checkIndex('ModuleList', index, this.#items.length)]!;
  }

  /** The number of modules. */
  get length(): number {
    return this.#items.length;
  }

  /** The modules, in order. */
  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }

  /** A ModuleList has no forward of its own; iterate over it instead. */
  forward(): never {
    throw new ArgumentError('ModuleList.forward: a ModuleList has no forward; iterate over it and call each module.');
  }
}

/**
 * Modules by name, registered (`nn.ModuleDict`); it has no `forward`.
 *
 * @example
 * ```ts
 * const heads = new ModuleDict({ cls: new Linear(8, 10), box: new Linear(8, 4) });
 * heads.get('cls').forward(x);
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module {
  readonly #items = new Map<string, M>();

  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [name, m] of Object.entries(modules)) this.set(name, m);
  }

  /**
   * Adds or replaces the module under `name`.
   *
   * @example
   * ```ts
   * heads.set('extra', new Linear(8, 2));
   * ```
   */
  set(name: string, module: M): this {
    this.registerModule(name, module);
    this.#items.set(name, module);
    return this;
  }

  /**
   * The module under `name`.
   *
   * @example
   * ```ts
   * heads.get('cls');
   * ```
   */
  get(name: string): M {
    const m = this.#items.get(name);
    if (m === undefined) {
      throw new ArgumentError(
        `ModuleDict.get: expected one of ${[...this.#items.keys()].join(', ') || 'no keys'}, got '${name}'.`,
      );
    }
    return m;
  }

  /**
   * The names, in insertion order.
   *
   * @example
   * ```ts
   * heads.keys(); // ['cls', 'box']
   * ```
   */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /**
   * The entries, in insertion order.
   *
   * @example
   * ```ts
   * for (const [name, m] of heads.entries()) console.log(name);
   * ```
   */
  entries(): [string, M][] {
    return [...this.#items.entries()];
  }

  /** A ModuleDict has no forward of its own; call the modules it holds. */
  forward(): never {
    throw new ArgumentError('ModuleDict.forward: a ModuleDict has no forward; call the modules it holds.');
  }
}
