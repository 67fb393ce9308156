// VitePress's default theme (dark mode, local search, edit links) plus the playground component.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import TrainingPlayground from './TrainingPlayground.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('TrainingPlayground', TrainingPlayground);
  },
} satisfies Theme;
