/**
 * How a drill draws itself (the show's side of a drill): one env's state
 * onto a 2D context, in the arena's size and colours. The drill owns its
 * picture entirely; the show only supplies the canvas, the size and the
 * theme, and calls `draw` once per frame.
 */

/** The arena's colour tokens, as CSS colour strings. */
export interface DrillTheme {
  /** Background. */
  readonly surface: string;
  /** Main foreground: bodies, lines. */
  readonly text: string;
  /** Secondary foreground: tracks, guides, labels. */
  readonly muted: string;
  /** The agent's colour. */
  readonly accent: string;
  /** A goal, a success. */
  readonly good: string;
  /** A limit, a failure. */
  readonly danger: string;
}

/** The drawing area, in canvas pixels. */
export interface DrillSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Draws one env's `state` (the drill's own state layout) over the whole
 * area, background included. It must not keep the context or the state.
 */
export type DrillDraw<State = Float64Array> = (ctx: OffscreenCanvasRenderingContext2D, state: State, size: DrillSize, theme: DrillTheme) => void;
