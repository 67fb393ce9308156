import { runConformanceSuite } from '@strata/core/testing';
import './index.js';

runConformanceSuite({ backend: 'gpu' });
