// A Node user who installed @strata/backend-gpu without the optional `gl`: asking for the GPU
// backend must fail with the commands that install headless GL, not fall back or fail vaguely.
import { setBackend } from '@strata/core';
import '@strata/backend-gpu';

try {
  setBackend('gpu');
  console.log('gl-missing: expected an error from setBackend(gpu) without the gl package, got none');
  process.exitCode = 1;
} catch (error) {
  const needed = ['not installed', 'npm install gl', 'apt-get install', 'xcode-select --install', 'Visual Studio Build Tools'];
  const absent = needed.filter((text) => !error.message.includes(text));
  if (absent.length > 0) {
    console.log(`gl-missing: the error lacks ${absent.join(', ')}: ${error.message}`);
    process.exitCode = 1;
  } else console.log(`gl-missing: ${error.name}: ${error.message.slice(0, 160)}...`);
}
