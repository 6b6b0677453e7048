/**
 * The frame a drill's painter is handed (src/contract/drill.ts DrillFrame),
 * writable for the show that fills it in place every frame.
 */
import type { DrillFrame } from '../contract/drill.js';

export type MutableDrillFrame = { -readonly [K in keyof DrillFrame]: DrillFrame[K] } & { score: [number, number]; labels: [string, string] };

export function createDrillFrame(): MutableDrillFrame {
  return {
    dpr: 1,
    alpha: 1,
    mode: 'ai_vs_ai',
    paused: false,
    speed: 1,
    score: [0, 0],
    policyVersion: 0,
    labels: ['', ''],
    sinceSwap: Infinity,
    lastWinner: null,
    sinceEpisodeEnd: Infinity,
    dragging: -1,
  };
}
