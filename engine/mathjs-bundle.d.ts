// NOTE: mathjs's ESM entry loads ~1,500 modules (≈2 s on the machines here); its single-file
// bundle loads in ≈0.15 s, so the adapter imports the bundle. The bundle's default export is a
// ready instance whose `create` is already bound to every factory: `create(config)`.
declare module 'mathjs/lib/browser/math.js' {
  import type { ConfigOptions, MathJsInstance } from 'mathjs';
  const math: { create(config: ConfigOptions): MathJsInstance };
  export default math;
}
