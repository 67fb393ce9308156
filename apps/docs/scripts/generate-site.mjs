// Writes the generated pages before `vitepress dev` / `vitepress build`: the API reference
// (typedoc), the performance page (the recorded bench report), the changelog pages, and the
// Fashion-MNIST sample the playground trains on.
import { copySample } from './copy-sample.mjs';
import { generateApi } from './generate-api.mjs';
import { generatePerformance } from './generate-performance.mjs';
import { generateReleases } from './generate-releases.mjs';

copySample();
generateReleases();
generatePerformance();
await generateApi();
