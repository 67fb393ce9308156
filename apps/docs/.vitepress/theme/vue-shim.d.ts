// Single-file components, for tsc: VitePress compiles them; tsc sees only their default export.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
