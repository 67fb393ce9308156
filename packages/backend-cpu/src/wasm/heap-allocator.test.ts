import { describe, expect, it } from 'vitest';
import { OutOfMemoryError } from '../out-of-memory-error.js';
import { BLOCK_ALIGN, HeapAllocator, READ_SLACK } from './heap-allocator.js';

const PAGE = 65536;

function sharedMemory(pages = 1, maximum = 1024): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum, shared: true });
}

describe('HeapAllocator', () => {
  it('hands out 64-byte aligned blocks from its start, none overlapping', () => {
    const allocator = new HeapAllocator(sharedMemory(), 1000);
    const sizes = [1, 4, 63, 64, 65, 200, 0];
    const blocks = sizes.map((bytes) => ({ at: allocator.alloc(bytes), bytes: Math.max(bytes, 1) }));
    expect(blocks[0]!.at).toBe(1024);
    for (const { at } of blocks) expect(at % BLOCK_ALIGN).toBe(0);
    const sorted = [...blocks].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.at).toBeGreaterThanOrEqual(sorted[i - 1]!.at + sorted[i - 1]!.bytes);
    expect(allocator.blocks).toBe(sizes.length);
  });

  it('reuses a freed block for a request that fits, best fit first', () => {
    const allocator = new HeapAllocator(sharedMemory(), 0);
    const big = allocator.alloc(1024);
    allocator.alloc(64);
    const small = allocator.alloc(128);
    allocator.alloc(64);
    allocator.free(big);
    allocator.free(small);
    expect(allocator.alloc(100)).toBe(small);
    expect(allocator.alloc(512)).toBe(big);
    // The rest of the big block serves the next request.
    expect(allocator.alloc(512)).toBe(big + 512);
    expect(allocator.freeBlocks).toBe(0);
  });

  it('merges a freed block with free neighbours on both sides and gives the top back', () => {
    const allocator = new HeapAllocator(sharedMemory(), 0);
    const [a, b, c, d] = [allocator.alloc(64), allocator.alloc(64), allocator.alloc(64), allocator.alloc(64)];
    allocator.free(a);
    allocator.free(c);
    expect(allocator.freeBlocks).toBe(2);
    allocator.free(b);
    expect(allocator.freeBlocks).toBe(1);
    expect(allocator.alloc(192)).toBe(a);
    allocator.free(a);
    allocator.free(d);
    expect(allocator.freeBlocks).toBe(0);
    expect(allocator.top).toBe(0);
    expect(allocator.bytesInUse).toBe(0);
  });

  it('does not fragment without bound in a loop whose shapes vary', () => {
    const allocator = new HeapAllocator(sharedMemory(), 0);
    const live = allocator.alloc(4096);
    let highest = 0;
    for (let step = 0; step < 500; step++) {
      // Full batches, then a smaller last one, as in an epoch whose size the batch does not divide.
      const batch = step % 10 === 9 ? 7 : 32;
      const blocks = [batch * 784 * 4, batch * 6 * 784 * 4, 64, batch * 10 * 4, batch * 16 * 100 * 4].map((bytes) =>
        allocator.alloc(bytes),
      );
      for (const block of blocks.slice(0, 3)) allocator.free(block);
      allocator.free(blocks[4]!);
      allocator.free(blocks[3]!);
      highest = Math.max(highest, allocator.top);
    }
    expect(allocator.top).toBe(4096);
    expect(allocator.freeBlocks).toBe(0);
    expect(highest).toBeLessThanOrEqual(4096 + 32 * (784 + 6 * 784 + 10 + 1600) * 4 + 5 * BLOCK_ALIGN);
    allocator.free(live);
  });

  it('grows the memory on demand, and views taken before the growth stay valid', () => {
    const memory = sharedMemory(1);
    let grown = 0;
    const allocator = new HeapAllocator(memory, 0, undefined, () => grown++);
    const first = allocator.alloc(1024);
    const view = new Float32Array(memory.buffer, first, 256);
    view.fill(7);
    const second = allocator.alloc(3 * PAGE);
    expect(grown).toBe(1);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(second + 3 * PAGE);
    new Float32Array(memory.buffer, second, (3 * PAGE) / 4).fill(1);
    expect(view.length).toBe(256);
    expect(view.every((v) => v === 7)).toBe(true);
    view[0] = 8;
    expect(new Float32Array(memory.buffer, first, 1)[0]).toBe(8);
  });

  it('keeps READ_SLACK bytes of memory past the last block, so a vector read past a block never traps', () => {
    const memory = sharedMemory();
    const allocator = new HeapAllocator(memory, 0);
    // The first block ends exactly at the end of the first page.
    const block = allocator.alloc(PAGE);
    expect(block).toBe(0);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(PAGE + READ_SLACK);
    const next = allocator.alloc(3 * PAGE - 100);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(next + 3 * PAGE - 100 + READ_SLACK);
  });

  it('throws an OutOfMemoryError past its limit, and keeps working after it', () => {
    const allocator = new HeapAllocator(sharedMemory(1, 4), 0, 4 * PAGE);
    const a = allocator.alloc(3 * PAGE);
    expect(() => allocator.alloc(2 * PAGE)).toThrow(OutOfMemoryError);
    expect(() => allocator.alloc(2 * PAGE)).toThrow(
      /cpu backend: expected 131072 more bytes to fit in the 262144 bytes/,
    );
    expect(allocator.bytesInUse).toBe(3 * PAGE);
    allocator.free(a);
    // The whole memory but the read slack past the last block.
    expect(allocator.alloc(4 * PAGE - READ_SLACK)).toBe(0);
    expect(() => allocator.alloc(BLOCK_ALIGN)).toThrow(OutOfMemoryError);
  });

  it('turns a refused grow (a memory whose maximum is lower) into an OutOfMemoryError', () => {
    const allocator = new HeapAllocator(sharedMemory(1, 2), 0);
    expect(() => allocator.alloc(3 * PAGE)).toThrow(OutOfMemoryError);
  });

  it('rejects freeing an offset that is not a live block', () => {
    const allocator = new HeapAllocator(sharedMemory(), 0);
    const a = allocator.alloc(64);
    allocator.free(a);
    expect(() => allocator.free(a)).toThrow(/expected the offset of a live block, got 0/);
  });
});
