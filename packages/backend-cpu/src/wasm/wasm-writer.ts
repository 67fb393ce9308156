/**
 * The binary encoding of the WebAssembly value types the generated kernels use.
 *
 * @example
 * ```ts
 * const params = [VALUE_TYPE.i32, VALUE_TYPE.f32];
 * ```
 */
export const VALUE_TYPE = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;

/**
 * The bytes of one function body in the WebAssembly binary format: instructions appended as
 * opcodes and LEB128 immediates, so that a kernel can be generated at run time without a toolchain.
 *
 * @example
 * ```ts
 * const body = new WasmCode();
 * body.op(0x20).u32(0); // local.get 0
 * ```
 */
export class WasmCode {
  readonly bytes: number[] = [];

  /** Appends raw opcode bytes. */
  op(...codes: number[]): this {
    this.bytes.push(...codes);
    return this;
  }

  /** Appends a SIMD instruction (the 0xfd prefix and its LEB128 opcode). */
  simd(code: number): this {
    return this.op(0xfd).u32(code);
  }

  /** Appends an unsigned LEB128 integer. */
  u32(value: number): this {
    let v = value >>> 0;
    do {
      const byte = v & 0x7f;
      v >>>= 7;
      this.bytes.push(v === 0 ? byte : byte | 0x80);
    } while (v !== 0);
    return this;
  }

  /** Appends a signed LEB128 integer. */
  i32(value: number): this {
    let v = value | 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.bytes.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  /** Appends the little-endian bytes of a float32. */
  f32(value: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.bytes.push(view.getUint8(i));
    return this;
  }

  /** Appends a length-prefixed UTF-8 name. */
  name(text: string): this {
    const utf8 = new TextEncoder().encode(text);
    return this.u32(utf8.length).op(...utf8);
  }

  /** Appends `content` prefixed by its length, as sections and function bodies are. */
  sized(content: WasmCode): this {
    return this.u32(content.bytes.length).op(...content.bytes);
  }
}

/** The signature and body of the one function a generated module exports. */
export interface WasmFunctionSpec {
  /** Parameter value types. */
  params: readonly number[];
  /** Local declarations as `[count, type]` runs, after the parameters. */
  locals: readonly (readonly [number, number])[];
  /** The instructions, without the final `end`. */
  body: WasmCode;
}

/**
 * A module importing `env.memory` (shared when `shared`, as the threaded kernels' memory is) and
 * exporting `spec` as `run`, with no result.
 *
 * @example
 * ```ts
 * const module = new WebAssembly.Module(moduleBytes(spec, false));
 * ```
 */
export function moduleBytes(spec: WasmFunctionSpec, shared: boolean): Uint8Array<ArrayBuffer> {
  const out = new WasmCode().op(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const section = (id: number, content: WasmCode) => out.op(id).sized(content);
  section(
    0x01,
    new WasmCode()
      .u32(1)
      .op(0x60)
      .u32(spec.params.length)
      .op(...spec.params)
      .u32(0),
  );
  const memory = new WasmCode().u32(1).name('env').name('memory').op(0x02);
  // A shared memory must declare its maximum; 65536 pages is all of wasm32, as the kernels declare.
  if (shared) memory.op(0x03).u32(1).u32(65536);
  else memory.op(0x00).u32(1);
  section(0x02, memory);
  section(0x03, new WasmCode().u32(1).u32(0));
  section(0x07, new WasmCode().u32(1).name('run').op(0x00).u32(0));
  const fn = new WasmCode().u32(spec.locals.length);
  for (const [count, type] of spec.locals) fn.u32(count).op(type);
  fn.op(...spec.body.bytes, 0x0b);
  section(0x0a, new WasmCode().u32(1).sized(fn));
  return Uint8Array.from(out.bytes);
}
