import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FashionMNIST } from '@strata/data';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/run-cli.js';

// These tests run the built `strata` binary in a child process, as a user does.
const tmp = (): string => mkdtempSync(join(tmpdir(), 'strata-cli-'));
const SMALL = [
  'lenet-modern',
  '--embedded-sample',
  '--limit-train',
  '1024',
  '--limit-test',
  '256',
  '--batch-size',
  '64',
  '--epochs',
  '3',
];

interface Metrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  lr: number;
}
const learned = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, lr } = JSON.parse(line) as Metrics;
      return { epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, lr };
    });
const noTemporaries = (dir: string): void => expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);

describe('strata (the built binary)', () => {
  let trained = '';

  it('trains on the embedded sample for a few hundred steps and keeps a complete run directory', async () => {
    trained = join(tmp(), 'run');
    const result = await runCli([
      'train',
      'lenet-modern',
      '--embedded-sample',
      '--epochs',
      '2',
      '--batch-size',
      '64',
      '--lr',
      '0.002',
      '--out',
      trained,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('data: the embedded sample of Fashion-MNIST (6,000 training / 1,000 test images)');
    expect(result.stdout).toMatch(
      /^epoch 1: loss \d\.\d{3}, train acc 0\.\d{3}, test acc 0\.\d{3}, [\d,]+\.\d examples\/sec on cpu$/m,
    );
    expect(result.stderr).toMatch(/^epoch 2\/2 \[94\/94\] loss /m);
    expect(result.stdout).toMatch(/done in .*: test acc 0\.\d{3} after 2 epochs .*; run directory /);
    expect(readdirSync(trained).sort()).toEqual([
      'best.safetensors',
      'config.json',
      'curves.png',
      'curves.svg',
      'last.safetensors',
      'metrics.csv',
      'metrics.jsonl',
    ]);
    const metrics = learned(trained);
    expect(metrics).toHaveLength(2);
    expect(metrics[1]!.testAccuracy).toBeGreaterThanOrEqual(0.7);
    expect(readFileSync(join(trained, 'metrics.csv'), 'utf8').split('\n')[0]).toBe(
      'epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,examplesPerSec,lr,seconds',
    );
    expect([...readFileSync(join(trained, 'curves.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(join(trained, 'curves.svg'), 'utf8')).toContain('<polyline');
  });

  it('stops on Ctrl-C with a checkpoint and resumes to the numbers of an uninterrupted run', async () => {
    const reference = join(tmp(), 'ref');
    expect((await runCli(['train', ...SMALL, '--out', reference])).code).toBe(0);

    const dir = join(tmp(), 'int');
    let sent = false;
    const stopped = await runCli(['train', ...SMALL, '--out', dir], {
      onStderr: (text, child) => {
        if (!sent && text.includes('epoch 2/3 [4/16]')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(
      /interrupted after epoch 1 \+ \d+ batches; checkpoint .*last\.safetensors; continue with: strata train --resume /,
    );
    noTemporaries(dir);
    const resumed = await runCli(['train', '--resume', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(learned(dir)).toEqual(learned(reference));
  });

  it('resumes exactly after being killed outright (SIGKILL) mid-epoch', async () => {
    const reference = join(tmp(), 'ref');
    expect((await runCli(['train', ...SMALL, '--out', reference])).code).toBe(0);
    const dir = join(tmp(), 'killed');
    let sent = false;
    const killed = await runCli(['train', ...SMALL, '--out', dir], {
      onStderr: (text, child) => {
        if (!sent && text.includes('epoch 3/3 [8/16]')) {
          sent = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    noTemporaries(dir);
    const resumed = await runCli(['train', '--resume', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(learned(dir)).toEqual(learned(reference));
  });

  it('evaluates a checkpoint: accuracy, per-class accuracy, confusion matrix as text and image', async () => {
    const best = join(trained, 'best.safetensors');
    const image = join(tmp(), 'confusion.png');
    const result = await runCli(['eval', best, '--json', '--image', image]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      accuracy: number;
      count: number;
      confusion: number[][];
      perClassAccuracy: number[];
    };
    expect(report.count).toBe(1000);
    expect(report.accuracy).toBe(Math.max(...learned(trained).map((m) => m.testAccuracy)));
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(report.perClassAccuracy).toHaveLength(10);
    expect([...readFileSync(image).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const text = await runCli(['eval', best]);
    expect(text.stdout).toMatch(
      /test loss \d\.\d{4}, test acc 0\.\d{4} \(1,000 images\)\nper-class accuracy:\n {2}T-shirt\/top/,
    );
    expect(text.stdout).toContain('confusion matrix (rows: label, columns: predicted):');
  });

  it('predicts the classes of PNG files, and names a corrupt one', async () => {
    const dir = tmp();
    const test = new FashionMNIST({ train: false, embeddedSample: true });
    const files = [0, 1, 2].map((i) => {
      const [raw, label] = test.get(i) as unknown as [{ data: Uint8Array; width: number; height: number }, number];
      const png = new PNG({ width: raw.width, height: raw.height });
      for (let k = 0; k < raw.data.length; k++) png.data.set([raw.data[k]!, raw.data[k]!, raw.data[k]!, 255], 4 * k);
      const file = join(dir, `${i}-${label}.png`);
      writeFileSync(file, PNG.sync.write(png));
      return file;
    });
    const result = await runCli(['predict', join(trained, 'best.safetensors'), ...files, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const predictions = JSON.parse(result.stdout) as {
      file: string;
      prediction: string;
      top: { probability: number }[];
    }[];
    expect(predictions.map((p) => p.file)).toEqual(files);
    for (const p of predictions) {
      expect(FashionMNIST.classes).toContain(p.prediction);
      expect(p.top).toHaveLength(3);
      expect(p.top[0]!.probability).toBeGreaterThan(0);
    }
    const text = await runCli(['predict', join(trained, 'best.safetensors'), files[0]!]);
    expect(text.stdout).toMatch(/^.*0-\d\.png: [\w/ -]+ \([\w/ -]+ 0\.\d{3}, /);
    const corrupt = join(dir, 'corrupt.png');
    writeFileSync(corrupt, Buffer.concat([readFileSync(files[0]!).subarray(0, 40)]));
    const bad = await runCli(['predict', join(trained, 'best.safetensors'), corrupt]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/strata: cannot read image '.*corrupt\.png': /);
  });

  it("prints summaries equal to the chapters' tables", async () => {
    const result = await runCli(['summary', 'resnet18', '--input', '1,1,224,224']);
    expect(result.code).toBe(0);
    for (const row of [
      'Sequential (1)',
      '[1, 64, 56, 56]',
      '[1, 512, 7, 7]',
      'AdaptiveAvgPool2d (5)',
      '[1, 512, 1, 1]',
      'Linear (7)',
      'Total params: 11,178,378',
    ])
      expect(result.stdout).toContain(row);
    const json = JSON.parse((await runCli(['summary', 'lenet', '--json'])).stdout) as {
      totalParams: number;
      layers: { outputShape: number[] }[];
    };
    expect(json.totalParams).toBe(61_706);
    expect(json.layers.at(-1)!.outputShape).toEqual([1, 10]);
  });

  it('reports backends, data and versions', async () => {
    const result = await runCli(['info', '--json'], { env: { DISPLAY: '' } });
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as {
      backends: Record<string, string>;
      datasets: Record<string, string>;
      versions: Record<string, string>;
    };
    expect(info.backends.cpu).toBe('available');
    expect(info.versions['@strata/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(info.datasets)).toEqual(['fashion-mnist', 'mnist']);
  });

  it('benchmarks a model on the available backends', async () => {
    const result = await runCli([
      'bench',
      '--model',
      'lenet',
      '--batch-size',
      '32',
      '--steps',
      '1',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const bench = JSON.parse(result.stdout) as {
      results: { cpu: { trainImagesPerSec: number; inferenceImagesPerSec: number } };
    };
    expect(bench.results.cpu.trainImagesPerSec).toBeGreaterThan(0);
    expect(bench.results.cpu.inferenceImagesPerSec).toBeGreaterThan(0);
  });

  describe('bad input', () => {
    it('an unknown model lists the valid ones; an unknown option shows the options', async () => {
      const model = await runCli(['train', 'resnet19']);
      expect(model.code).toBe(2);
      expect(model.stderr).toContain(
        'strata: unknown model "resnet19"; expected one of lenet, lenet-modern, bn-lenet, alexnet, vgg11, nin, googlenet, resnet18, resnet34, densenet.',
      );
      const option = await runCli(['train', '--epochz', '3']);
      expect(option.code).toBe(2);
      expect(option.stderr).toContain("error: unknown option '--epochz'");
      expect(option.stderr).toContain('--epochs <n>');
      const value = await runCli(['train', '--optimizer', 'rmsprop']);
      expect(value.code).toBe(2);
      expect(value.stderr).toContain(
        "error: option '--optimizer <name>' argument 'rmsprop' is invalid. Allowed choices are sgd, adam, adamw.",
      );
    });

    it('missing data says where it looked and how to get it', async () => {
      const empty = tmp();
      const result = await runCli(['train', '--dataset', 'mnist', '--epochs', '1', '--out', join(empty, 'run')], {
        env: { STRATA_DATA: empty, XDG_CACHE_HOME: empty },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /MNIST: expected the training files train-images-idx3-ubyte\[\.gz\] .* got none:\n/,
      );
      expect(result.stderr).toContain('Or point strata at the files with --data-dir DIR.');
      const dir = await runCli(['train', '--data-dir', empty, '--epochs', '1', '--out', join(empty, 'run2')]);
      expect(dir.code).toBe(2);
      expect(dir.stderr).toContain(`in the root directory, got none:\n  - root ${empty}`);
    });

    it('a checkpoint of another architecture gets the loadStateDict report', async () => {
      const result = await runCli([
        'eval',
        join(trained, 'best.safetensors'),
        '--model',
        'lenet',
        '--width-ratio',
        '2',
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /strata: the checkpoint '.*best\.safetensors' does not fit model lenet \(width ratio 2\): loadStateDict: .*shape/,
      );
      const notCheckpoint = await runCli(['eval', join(trained, 'config.json')]);
      expect(notCheckpoint.code).toBe(2);
      expect(notCheckpoint.stderr).toContain('strata: expected a checkpoint written by strata train:');
    });

    it('an unavailable backend says why', async () => {
      const result = await runCli(['train', '--backend', 'tpu', '--epochs', '1']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "strata: backend 'tpu' is not available: unknown backend 'tpu'; expected one of cpu, gpu.",
      );
    });
  });
});
