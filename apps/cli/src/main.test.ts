import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from './__fixtures__/capture.js';
import { main } from './main.js';

describe('strata command (in process)', () => {
  it('runs the convolution chapter', async () => {
    const io = capture();
    expect(await main(['chapter', 'convolution'], io)).toBe(0);
    expect(io.out()).toContain('[[19., 25.]');
  });

  it('explains an unknown command or chapter with exit code 2', async () => {
    const io = capture();
    expect(await main(['fly'], io)).toBe(2);
    expect(io.err()).toContain("error: unknown command 'fly'");
    expect(await main(['chapter', 'lenet'], io)).toBe(2);
    expect(io.err()).toContain("strata: unknown chapter 'lenet'; expected convolution.");
  });

  it('prints help with exit code 0', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Commands:\n\s+train \[options\] \[model\]/);
    expect(io.out()).toContain('Exit codes: 0 success, 1 failure, 2 usage error (a bad option, or a bad input file');
  });

  it('trains from a --config file, flags overriding it, with --json output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-main-'));
    const config = join(dir, 'run.json');
    writeFileSync(
      config,
      JSON.stringify({
        model: 'lenet',
        embeddedSample: true,
        limitTrain: 256,
        limitTest: 128,
        batchSize: 64,
        epochs: 3,
      }),
    );
    const io = capture();
    expect(
      await main(
        [
          'train',
          '--config',
          config,
          '--epochs',
          '1',
          '--optimizer',
          'sgd',
          '--lr',
          '0.5',
          '--out',
          join(dir, 'run'),
          '--json',
        ],
        io,
      ),
    ).toBe(0);
    const result = JSON.parse(io.out()) as { runDir: string; stopped: string; history: unknown[] };
    expect(result).toMatchObject({ runDir: join(dir, 'run'), stopped: 'completed' });
    expect(result.history).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8'))).toMatchObject({
      model: 'lenet',
      epochs: 1,
      optimizer: 'sgd',
      lr: 0.5,
      limitTrain: 256,
      batchSize: 64,
    });
    expect(io.err()).toContain('model: lenet (61,706 parameters');
    const bad = capture();
    writeFileSync(config, '{ "model": ');
    expect(await main(['train', '--config', config], bad)).toBe(2);
    expect(bad.err()).toMatch(/^strata: expected a config file at '.*run\.json' to be JSON, got: /);
  });
});
