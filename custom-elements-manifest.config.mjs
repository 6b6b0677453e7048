// Generates custom-elements.json (the manifest editors and docs tools read)
// from the elements' JSDoc: attributes, properties, events, parts, custom properties.
export default {
  globs: ['elements/drill-arena.ts', 'elements/drill-trainer-controls.ts', 'elements/drill-metrics.ts', 'elements/runtime-member.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
};
