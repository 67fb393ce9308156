import { describe } from 'vitest';
import { testPages } from './page-suite.js';

describe('guide/*.md: every block runs and prints what the page shows', () => testPages('guide'));
