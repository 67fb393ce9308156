import {
  ArgumentError,
  checkOptions,
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type DataId,
  DisposedError,
  type DType,
  makeTypedArray,
  type Shape,
  ShapeError,
  sizeFromShape,
  type TensorInfo,
  type TypedArray,
} from '@strata/core';
import { type GPU, type IKernelRunShortcut, Input, type Texture } from './vendor/gpu-js.generated.js';
import { createGpu, defaultGpuMode, type GpuMode } from './gpu-context.js';
import type { Indexing, RowLayout } from './programs/index-math.js';
import { TexturePool, textureBytes } from './texture-pool.js';

/** Programs compute offsets in float32, exact below 2^24: larger buffers are stored in rows. */
const FLOAT_EXACT = 2 ** 24;
/** Widest row whose two-part offset products stay below 2^24 (see `RowLayout`). */
const MAX_ROW_WIDTH = 4096;
/** Default bound on the bytes of free textures kept for reuse. */
const DEFAULT_POOL_BYTES = 2 ** 30;

/**
 * Options of a {@link GpuBackend}.
 *
 * @example
 * ```ts
 * new GpuBackend('gpu', 'headlessgl', { poolBytes: 256 * 2 ** 20 });
 * ```
 */
export interface GpuBackendOptions {
  /** Most bytes of disposed tensors' textures kept for reuse (1 GiB by default); 0 turns pooling off. */
  readonly poolBytes?: number;
  /**
   * Buffers of more elements than this (texels for packed scratch buffers) are stored in rows
   * and indexed in two exact parts: 2^24 by default, the most a float32 offset reaches exactly.
   * Lower it only to test the row layout on small tensors.
   */
  readonly splitAbove?: number;
  /** Elements per row of a split buffer: a power of two up to 4096 (the default). */
  readonly rowWidth?: number;
}

/**
 * Counts of host-GPU traffic and kernel compilation since the backend started.
 *
 * @example
 * ```ts
 * const { readbacks, uploads, compiles, compileMs } = backend.stats();
 * ```
 */
export interface GpuStats {
  /** Buffers copied from the host to a texture (`write`). */
  readonly uploads: number;
  /** Textures read back to the host (`read`/`readSync` of a buffer with no host copy). */
  readonly readbacks: number;
  /** Kernel programs run. */
  readonly kernelRuns: number;
  /** Distinct programs compiled (each is cached by its source, which holds shapes and dtypes). */
  readonly compiles: number;
  /** Milliseconds spent in first runs of new programs, where gpu.js compiles them. */
  readonly compileMs: number;
  /** Kernel outputs that needed a newly allocated GL texture (none in a warmed-up training loop). */
  readonly texturesAllocated: number;
  /**
   * Kernel outputs drawn into the texture of a disposed tensor: a pooled one, or the one a kernel
   * that reads its own last output (an in-place update) keeps from the value it replaced.
   */
  readonly texturesReused: number;
  /** Bytes of free textures waiting in the pool (not counted in `memory()`). */
  readonly pooledBytes: number;
}

interface GpuBuffer {
  /** null for empty tensors, which need no texture. */
  texture: Texture | null;
  readonly size: number;
  /** Values per texel: 1, or 4 for packed scratch buffers. */
  readonly channels: 1 | 4;
  /** Whether the texture is a gpu.js output `[rowWidth, rows]` rather than a flat `[size]`. */
  readonly rows: boolean;
  readonly dtype: DType;
  readonly bytes: number;
  /** The values as written from the host, kept for int32/bool so index checks read no texture. */
  readonly host: TypedArray | null;
}

/**
 * One program run: gpu.js source of a kernel function over the output thread (`this.thread.x`,
 * and `this.thread.y` for an output in rows: build coordinates with `unravel` and reads with
 * `at` from the index math), the tensors passed as its first arguments (in order), and the
 * numbers passed after them as float uniforms. A program compiles once per source, so a value
 * that changes between runs (a learning rate, a bias correction) belongs in `scalars`, not in
 * the source as a literal.
 *
 * @example
 * ```ts
 * backend.runProgram({ source: 'function(x, s) { return x[this.thread.x] * s; }', inputs: [x], scalars: [2] }, x.shape, 'float32');
 * ```
 */
export interface GpuProgram {
  readonly source: string;
  readonly inputs: readonly TensorInfo[];
  /** Float values (NaN, infinities and -0 included) read by the arguments after the inputs. */
  readonly scalars?: readonly number[];
}

/** What a program run passes to gpu.js: textures, uploads, and float uniforms. */
type KernelArgument = Texture | Float32Array | Input | number;

/**
 * The GPU backend: each buffer is a gpu.js texture that stays on the GPU between kernels
 * (pipeline mode with immutable outputs); only `read`/`readSync` bring values back. Every kernel
 * is a generated gpu.js program compiled once per source (which spells out the shapes) and
 * input texture sizes, and cached. Tensors up to 2^24 elements are laid out flat (gpu.js places
 * them in near-square textures); larger ones in rows of 4096, which programs index in two exact
 * float parts (see `RowLayout`), up to 4096 x the largest texture height.
 *
 * @example
 * ```ts
 * const backend = new GpuBackend();
 * const id = backend.write(new Float32Array([1, 2]), [2], 'float32');
 * backend.readSync(id); // Float32Array [1, 2]
 * ```
 */
export class GpuBackend implements Backend, Indexing {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  readonly mode: GpuMode;
  /** Which buffers are flat and which are stored in rows, as programs index them. */
  readonly layout: RowLayout;
  readonly #gpu: GPU;
  readonly #buffers = new Map<DataId, GpuBuffer>();
  readonly #kernels = new Map<string, IKernelRunShortcut>();
  readonly #pool: TexturePool;
  readonly #maxElements: number;
  #bytes = 0;
  #allocated = 0;
  #reused = 0;
  #uploads = 0;
  #readbacks = 0;
  #kernelRuns = 0;
  #compileMs = 0;

  /** `name` is the registered name; `mode` defaults to `headlessgl` in Node, `webgl2` in browsers. */
  constructor(name = 'gpu', mode: GpuMode = defaultGpuMode(), options: GpuBackendOptions = {}) {
    checkOptions('GpuBackend', options, ['poolBytes', 'splitAbove', 'rowWidth']);
    const poolBytes = options.poolBytes ?? DEFAULT_POOL_BYTES;
    if (!Number.isFinite(poolBytes) || poolBytes < 0) {
      throw new ArgumentError(`gpu backend: expected options.poolBytes to be a byte count >= 0, got ${poolBytes}.`);
    }
    const splitAbove = options.splitAbove ?? FLOAT_EXACT;
    if (!Number.isInteger(splitAbove) || splitAbove < 1 || splitAbove > FLOAT_EXACT) {
      throw new ArgumentError(
        `gpu backend: expected options.splitAbove to be an integer in [1, 2^24], got ${splitAbove}.`,
      );
    }
    const rowWidth = options.rowWidth ?? MAX_ROW_WIDTH;
    if (!Number.isInteger(Math.log2(rowWidth)) || rowWidth > MAX_ROW_WIDTH) {
      throw new ArgumentError(
        `gpu backend: expected options.rowWidth to be a power of two up to ${MAX_ROW_WIDTH}, got ${rowWidth}.`,
      );
    }
    this.name = name;
    this.mode = mode;
    this.#gpu = createGpu(mode);
    this.#pool = new TexturePool(poolBytes);
    this.layout = { splitAbove, rowWidth };
    // A split buffer's rows are texture rows, so the texture height bounds them.
    const maxTextureSize = (this.#gpu.Kernel as unknown as { features: { maxTextureSize: number } }).features
      .maxTextureSize;
    this.#maxElements = rowWidth * maxTextureSize;
    this.capabilities = {
      dtypes: ['float32', 'int32', 'bool'],
      syncRead: true,
      maxTensorSize: this.#maxElements,
    };
  }

  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const size = values.length;
    this.checkSize('write', shape);
    const host = dtype === 'float32' ? null : makeTypedArray(dtype, size);
    host?.set(values);
    let texture: Texture | null = null;
    const rows = this.isSplit(size);
    if (size > 0) {
      const floats = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
      if (rows) {
        // Uploaded in the rows' shape, so that gpu.js indexes the upload in integers.
        const w = this.layout.rowWidth;
        const padded = new Float32Array(Math.ceil(size / w) * w);
        padded.set(floats);
        texture = this.run('function(v) { return v[this.thread.y][this.thread.x]; }', size, [
          new Input(padded as unknown as number[], [w, padded.length / w]),
        ]);
      } else {
        texture = this.run('function(v) { return v[this.thread.x]; }', size, [floats]);
      }
      this.#uploads++;
    }
    return this.store(texture, size, 1, rows, dtype, host);
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  readSync(dataId: DataId): TypedArray {
    const buffer = this.buffer(dataId);
    if (buffer.host !== null) return buffer.host.slice();
    const out = makeTypedArray(buffer.dtype, buffer.size);
    if (buffer.texture === null) return out;
    this.#readbacks++;
    // RGBA floats of every texel in order: a value per texel in red, or four for a packed buffer.
    const raw = (buffer.texture as unknown as { renderRawOutput(): Float32Array }).renderRawOutput();
    const step = 4 / buffer.channels;
    for (let i = 0; i < out.length; i++) {
      const v = raw[i * step]!;
      out[i] = buffer.dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
    }
    return out;
  }

  disposeData(dataId: DataId): void {
    const buffer = this.#buffers.get(dataId);
    if (buffer === undefined) return;
    if (buffer.texture !== null) this.#pool.release(buffer.texture);
    this.#bytes -= buffer.bytes;
    this.#buffers.delete(dataId);
  }

  memory(): BackendMemory {
    return { bytes: this.#bytes, buffers: this.#buffers.size };
  }

  /**
   * Uploads, readbacks, kernel runs and compilations so far; tests and benchmarks difference two
   * snapshots.
   *
   * @example
   * ```ts
   * const before = backend.stats();
   * step();
   * backend.stats().readbacks - before.readbacks; // 0
   * ```
   */
  stats(): GpuStats {
    return {
      uploads: this.#uploads,
      readbacks: this.#readbacks,
      kernelRuns: this.#kernelRuns,
      compiles: this.#kernels.size,
      compileMs: this.#compileMs,
      texturesAllocated: this.#allocated,
      texturesReused: this.#reused,
      pooledBytes: this.#pool.bytes,
    };
  }

  /**
   * Runs `program` into a new buffer of `shape` and `dtype`. Empty outputs run nothing.
   *
   * @example
   * ```ts
   * return backend.runProgram({ source, inputs: [x] }, x.shape, x.dtype);
   * ```
   */
  runProgram(program: GpuProgram, shape: Shape, dtype: DType): TensorInfo {
    const size = this.checkSize('kernel output', shape);
    let texture: Texture | null = null;
    if (size > 0) {
      texture = this.run(program.source, size, this.argumentsOf(program));
    }
    return { dataId: this.store(texture, size, 1, this.isSplit(size), dtype, null), shape: [...shape], dtype };
  }

  /**
   * Whether `info`'s buffer is stored in rows of `layout.rowWidth`, read as `x[hi][lo]` (see
   * `at` in the index math), rather than flat.
   *
   * @example
   * ```ts
   * backend.isRows(x); // false below 2^24 elements
   * ```
   */
  isRows(info: TensorInfo): boolean {
    return this.buffer(info.dataId).rows;
  }

  /**
   * Runs `program`, whose source returns four values per thread (`return [a, b, c, d];`), over
   * `texels` threads into a packed buffer of shape `[texels, 4]`: one RGBA texel per thread, so a
   * later program reads all four with one texture fetch (`let v = p[i];` then `v[0]` ... `v[3]`).
   * Kernels use packed buffers as scratch layouts (a convolution's input windows, its filter)
   * and dispose them; reading one back gives its values texel by texel.
   *
   * @example
   * ```ts
   * const packed = backend.runPackedProgram({ source: 'function(x) { let i = this.thread.x * 4.0; return [x[i], x[i + 1.0], x[i + 2.0], x[i + 3.0]]; }', inputs: [x] }, 8);
   * ```
   */
  runPackedProgram(program: GpuProgram, texels: number): TensorInfo {
    // Programs index packed buffers by texel, so the layout follows the texel count.
    this.checkSize('packed kernel output (texels)', [texels]);
    const shape = [texels, 4];
    const texture = texels > 0 ? this.run(program.source, texels, this.argumentsOf(program)) : null;
    return {
      dataId: this.store(texture, texels * 4, 4, this.isSplit(texels), 'float32', null),
      shape,
      dtype: 'float32',
    };
  }

  /**
   * Runs the program `source` over `threads` outputs (flat, or rows of `layout.rowWidth` above
   * `layout.splitAbove`), compiling it on first use, into a pooled texture when one is free.
   */
  private run(source: string, threads: number, args: readonly KernelArgument[]): Texture {
    const w = this.layout.rowWidth;
    const output = this.isSplit(threads) ? [w, Math.ceil(threads / w)] : [threads];
    // gpu.js bakes each argument's texture size and dimensions into the shader as constants.
    const key = `${output.join('x')};${args.map(argumentKey).join(';')}:${source}`;
    let kernel = this.#kernels.get(key);
    const compiling = kernel === undefined;
    if (kernel === undefined) {
      kernel = this.#gpu.createKernel(source, {
        output,
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: false,
      });
      this.#kernels.set(key, kernel);
    }
    const shortcut = kernel;
    // gpu.js compiles on the first call; time it there.
    const start = compiling ? performance.now() : 0;
    const { output: out, outcome } = this.#pool.draw(
      shortcut,
      () => shortcut(...(args as Parameters<IKernelRunShortcut>)) as Texture,
    );
    if (compiling) this.#compileMs += performance.now() - start;
    if (outcome === 'allocated') this.#allocated++;
    else if (outcome === 'pooled' || outcome === 'spare') this.#reused++;
    this.#kernelRuns++;
    return out;
  }

  private argumentsOf(program: GpuProgram): KernelArgument[] {
    return [...program.inputs.map((info) => this.textureOf(info)), ...(program.scalars ?? [])];
  }

  private textureOf(info: TensorInfo): Texture {
    const buffer = this.buffer(info.dataId);
    if (buffer.texture === null) {
      throw new ShapeError(
        'gpu backend: a kernel was given an empty tensor as input; the kernel must skip empty inputs.',
      );
    }
    return buffer.texture;
  }

  private buffer(dataId: DataId): GpuBuffer {
    const buffer = this.#buffers.get(dataId);
    if (buffer === undefined) {
      throw new DisposedError(
        `${this.name} backend: expected a live buffer of this backend, got a disposed one or one from another backend.`,
      );
    }
    return buffer;
  }

  private isSplit(threads: number): boolean {
    return threads > this.layout.splitAbove;
  }

  private checkSize(where: string, shape: Shape): number {
    const size = sizeFromShape(shape);
    if (size > this.#maxElements) {
      throw new ShapeError(
        `${this.name} backend ${where}: expected at most ${this.#maxElements} elements per tensor (rows of ${this.layout.rowWidth} up to the largest texture's height), got shape [${shape.join(', ')}] (${size}); split the batch into smaller ones.`,
      );
    }
    return size;
  }

  private store(
    texture: Texture | null,
    size: number,
    channels: 1 | 4,
    rows: boolean,
    dtype: DType,
    host: TypedArray | null,
  ): DataId {
    const dataId: DataId = {};
    const bytes = texture === null ? 0 : textureBytes(texture);
    this.#buffers.set(dataId, { texture, size, channels, rows, dtype, bytes, host });
    this.#bytes += bytes;
    return dataId;
  }
}

/** What gpu.js compiles into a kernel about an argument: its texture size and dimensions, not a uniform's value. */
function argumentKey(arg: KernelArgument): string {
  if (typeof arg === 'number') return 'float';
  if (arg instanceof Float32Array) return String(arg.length);
  if (arg instanceof Input) return `input ${arg.size.join('x')}`;
  const { size, output } = arg as unknown as { size: readonly number[]; output: readonly number[] };
  return `${size.join('x')} ${output.join('x')}`;
}
