/**
 * The physical state of N soccer matches, structure-of-arrays. Ball fields
 * are indexed by env `e`; player fields by `e * 2 + p`, where p = 0 is the
 * left player (attacks +x) and p = 1 the right one (attacks −x).
 *
 * A player's heading is kept as the cosine and sine of its angle in its own
 * attacking frame (the world mirrored in x for the right player): the world
 * heading is (SIDE[p] · cos, sin). Storing it that way makes mirroring exact
 * (negating a cosine is exact, recomputing cos(π − θ) is not), so the two
 * players' observations of mirrored worlds agree bit for bit.
 */

/** x sign of each player's attacking frame: +1 left player, −1 right player. */
export const SIDE = [1, -1] as const;
export const PLAYERS = 2;

export class SoccerWorld {
  readonly ballX: Float64Array;
  readonly ballY: Float64Array;
  readonly ballVX: Float64Array;
  readonly ballVY: Float64Array;

  readonly playerX: Float64Array;
  readonly playerY: Float64Array;
  readonly playerVX: Float64Array;
  readonly playerVY: Float64Array;
  /** cos and sin of the heading in the player's own attacking frame. */
  readonly playerCos: Float64Array;
  readonly playerSin: Float64Array;
  /** Angular velocity in the player's own frame (positive = turning left). */
  readonly playerSpin: Float64Array;
  /** Ticks until the dash is available again (0 = available). */
  readonly dashCooldown: Int32Array;
  /** The action each player holds until it is replaced. */
  readonly heldAction: Int32Array;

  /** Ticks elapsed in the current episode. */
  readonly episodeTick: Int32Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a world needs at least one env, got ${size}`);
    const players = size * PLAYERS;
    this.ballX = new Float64Array(size);
    this.ballY = new Float64Array(size);
    this.ballVX = new Float64Array(size);
    this.ballVY = new Float64Array(size);
    this.playerX = new Float64Array(players);
    this.playerY = new Float64Array(players);
    this.playerVX = new Float64Array(players);
    this.playerVY = new Float64Array(players);
    this.playerCos = new Float64Array(players);
    this.playerSin = new Float64Array(players);
    this.playerSpin = new Float64Array(players);
    this.dashCooldown = new Int32Array(players);
    this.heldAction = new Int32Array(players);
    this.episodeTick = new Int32Array(size);
  }
}
