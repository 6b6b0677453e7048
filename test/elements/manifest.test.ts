// The custom-elements manifest the build generates documents the public API
// of all three elements (editors, docs tools and frameworks read it).
import { expect } from '@open-wc/testing';

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  members?: { name: string; kind: string; privacy?: string }[];
}

describe('custom-elements.json', () => {
  it('describes each element’s attributes, events, parts and methods', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: Declaration[] }[] };
    const byTag = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, d]));
    const names = (list: { name: string }[] | undefined) => (list ?? []).map((x) => x.name);

    const arena = byTag.get('drill-arena')!;
    expect(names(arena.attributes)).to.include.members(['mode', 'speed', 'seed', 'paused', 'swap-interval', 'opponent', 'runtime', 'loading']);
    expect(names(arena.events)).to.include.members(['drill-ready', 'drill-goal', 'drill-episode-end', 'drill-policy-swap', 'drill-error']);
    expect(names(arena.members?.filter((m) => m.kind === 'method' && m.privacy !== 'private' && m.privacy !== 'protected'))).to.include.members(['play', 'pause', 'step', 'reset']);
    expect(names(arena.cssParts)).to.include('canvas');

    const controls = byTag.get('drill-trainer-controls')!;
    expect(names(controls.attributes)).to.include.members(['lr', 'entropy-coef', 'clip-epsilon', 'hidden-layers', 'hide', 'runtime']);
    expect(names(controls.events)).to.include.members(['drill-train-start', 'drill-train-stop', 'drill-hyper-change', 'drill-ready', 'drill-error']);

    const metrics = byTag.get('drill-metrics')!;
    expect(names(metrics.attributes)).to.include.members(['metrics', 'history', 'runtime']);
    expect(names(metrics.events)).to.include.members(['drill-metrics', 'drill-ready', 'drill-error']);
  });
});
