/** WebAssembly text, compiled to module bytes at build time (scripts/assets.mjs). */
declare module '*.wat' {
  const bytes: Uint8Array;
  export default bytes;
}

/** WGSL shader source, inlined as a string. */
declare module '*.wgsl' {
  const source: string;
  export default source;
}

/** A quantised model drill ships (src/runtime/quantised-model.ts), inlined as bytes. */
declare module '*.q8' {
  const bytes: Uint8Array;
  export default bytes;
}
