/**
 * The show's colours. The canvas paints its own background, so one palette
 * reads the same on a light or a dark page; the team colours are a blue and
 * an orange that stay apart for the common colour-vision deficiencies and
 * against the green of the pitch.
 */

export interface TeamColours {
  /** Body fill. */
  readonly fill: string;
  /** Outline and shading. */
  readonly dark: string;
  /** Front band, cooldown ring, HUD swatch. */
  readonly light: string;
}

export const PALETTE = {
  surround: '#0f1d16',
  surroundEdge: '#0a140f',
  stripeA: '#2f8a4c',
  stripeB: '#35955a',
  line: 'rgba(255, 255, 255, 0.86)',
  netBack: '#1f5c36',
  net: 'rgba(255, 255, 255, 0.32)',
  post: '#f8fafc',
  shadow: 'rgba(0, 0, 0, 0.28)',
  ball: '#ffffff',
  ballShade: '#cfd6de',
  ballOutline: '#1b2430',
  hudBack: 'rgba(9, 14, 22, 0.78)',
  hudText: '#f8fafc',
  hudMuted: '#b8c2d3',
  highlight: 'rgba(255, 255, 255, 0.9)',
  teams: [
    { fill: '#3b82f6', dark: '#1e3a8a', light: '#bfdbfe' },
    { fill: '#f97316', dark: '#9a3412', light: '#fed7aa' },
  ] as readonly [TeamColours, TeamColours],
} as const;

