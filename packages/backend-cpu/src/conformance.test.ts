import './index.js';
import { runConformanceSuite } from '@strata/core/testing';

runConformanceSuite({ backend: 'cpu' });
