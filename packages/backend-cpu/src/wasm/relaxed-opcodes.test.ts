import { describe, expect, it } from 'vitest';
import { standardRelaxedOpcodes } from '../../scripts/relaxed-opcodes.mjs';
import { moduleBytes, VALUE_TYPE, WasmCode } from './wasm-writer.js';

const PROTOTYPE_FMA = [0xfd, 0xaf, 0x01];
const RELAXED_MADD = [0xfd, 0x85, 0x02];

/** Offsets where `needle` occurs in `bytes`. */
function occurrences(bytes: Uint8Array, needle: readonly number[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) found.push(i);
  }
  return found;
}

// v128.const with the fma's bytes inside its 16-byte immediate.
function constWithFmaBytes(body: WasmCode): WasmCode {
  return body.simd(0x0c).op(...PROTOTYPE_FMA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

describe('standardRelaxedOpcodes (scripts/relaxed-opcodes.mjs)', () => {
  it('rewrites the pre-standard fma instructions and no immediate that holds the same bytes', () => {
    const body = new WasmCode();
    // i32.const 22525 is encoded 0x41 0xfd 0xaf 0x01; drop.
    body.op(0x41).i32(22525).op(0x1a);
    constWithFmaBytes(body);
    constWithFmaBytes(body);
    constWithFmaBytes(body).op(...PROTOTYPE_FMA, 0x1a);
    body
      .op(0x20)
      .u32(0)
      .op(0x20)
      .u32(0)
      .op(0x20)
      .u32(0)
      .op(...PROTOTYPE_FMA, 0x1a);
    const bytes = moduleBytes({ params: [VALUE_TYPE.v128], locals: [], body }, false);
    const before = occurrences(bytes, PROTOTYPE_FMA);
    expect(before).toHaveLength(6);
    expect(standardRelaxedOpcodes(bytes)).toBe(2);
    const after = occurrences(bytes, RELAXED_MADD);
    expect(after).toHaveLength(2);
    expect(occurrences(bytes, PROTOTYPE_FMA)).toEqual(before.filter((at) => !after.includes(at)));
  });

  it('refuses an instruction it cannot decode, naming it and its byte', () => {
    // i8x16.laneselect in clang 14's pre-standard encoding: no rewrite is defined for it.
    const body = new WasmCode().op(0x20).u32(0).op(0x20).u32(0).op(0x20).u32(0).simd(0xb2).op(0x1a);
    const bytes = moduleBytes({ params: [VALUE_TYPE.v128], locals: [], body }, false);
    expect(() => standardRelaxedOpcodes(bytes)).toThrow(/^unknown instruction 0xfd 178 at byte \d+$/);
    expect(() => standardRelaxedOpcodes(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow(
      'not a WebAssembly 1.0 module',
    );
  });

  it('refuses a body that ends inside an immediate or not with end', () => {
    // f32.const with two of its four bytes, then the body's end.
    const cut = moduleBytes({ params: [], locals: [], body: new WasmCode().op(0x43, 0, 0) }, false);
    expect(() => standardRelaxedOpcodes(cut)).toThrow(/^unexpected end of a body at byte \d+$/);
    // i32.const whose LEB128 swallows the body's final 0x0b.
    const open = moduleBytes({ params: [], locals: [], body: new WasmCode().op(0x41, 0x80) }, false);
    expect(() => standardRelaxedOpcodes(open)).toThrow(/^a function body whose last instruction is not 'end'/);
  });
});
