import { describe } from 'vitest';
import { testPages } from './page-suite.js';

describe('chapters/*.md: every block runs and prints what the page shows', () => testPages('chapters'));
