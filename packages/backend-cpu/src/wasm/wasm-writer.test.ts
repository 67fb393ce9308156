import { describe, expect, it } from 'vitest';
import { moduleBytes, VALUE_TYPE, WasmCode } from './wasm-writer.js';

describe('WasmCode', () => {
  it('writes LEB128 integers as the WebAssembly specification encodes them', () => {
    expect(new WasmCode().u32(0).u32(127).u32(128).u32(624485).bytes).toEqual([0, 0x7f, 0x80, 0x01, 0xe5, 0x8e, 0x26]);
    expect(new WasmCode().i32(0).i32(-1).i32(63).i32(64).i32(-123456).bytes).toEqual([
      0, 0x7f, 0x3f, 0xc0, 0x00, 0xc0, 0xbb, 0x78,
    ]);
    expect(new WasmCode().i32(-2147483648).bytes).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('writes a module that runs: out[0] = in[0] * 2, with more than 127 locals', () => {
    const body = new WasmCode();
    // local.get 1; local.get 0; f32.load; f32.const 2; f32.mul; local.set 200; local.get 200; f32.store
    body.op(0x20).u32(1).op(0x20).u32(0).op(0x2a).u32(2).u32(0).op(0x43).f32(2).op(0x94);
    body.op(0x21).u32(200).op(0x20).u32(200).op(0x38).u32(2).u32(0);
    const bytes = moduleBytes(
      { params: [VALUE_TYPE.i32, VALUE_TYPE.i32], locals: [[199, VALUE_TYPE.f32]], body },
      false,
    );
    const memory = new WebAssembly.Memory({ initial: 1 });
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.run as (
      x: number,
      out: number,
    ) => void;
    new Float32Array(memory.buffer)[0] = 1.25;
    run(0, 16);
    expect(new Float32Array(memory.buffer)[4]).toBe(2.5);
  });
});
