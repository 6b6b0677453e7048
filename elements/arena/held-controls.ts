/**
 * The human player's held controls on the page side: keys (by
 * KeyboardEvent.code) and the touch overlay, merged into one bit set that is
 * sent only when it changes. Two keys for one control (W and ↑) may be held
 * together; the control lasts until both are released.
 */
import { KEY_BITS } from '../../src/contract/human-input.js';

export class HeldControls {
  private readonly keys = new Set<string>();
  private touch = 0;
  private sent = 0;

  constructor(private readonly send: (bits: number) => void) {}

  get bits(): number {
    let bits = this.touch;
    for (const code of this.keys) bits |= KEY_BITS[code]!;
    return bits;
  }

  /** Whether `code` is a game key (the page should not also scroll or type with it). */
  static isGameKey(code: string): boolean {
    return code in KEY_BITS;
  }

  keyDown(code: string): void {
    if (!HeldControls.isGameKey(code)) return;
    this.keys.add(code);
    this.flush();
  }

  keyUp(code: string): void {
    if (this.keys.delete(code)) this.flush();
  }

  setTouch(bits: number): void {
    this.touch = bits;
    this.flush();
  }

  /** Lets go of everything (focus lost, mode changed). */
  releaseAll(): void {
    this.keys.clear();
    this.touch = 0;
    this.flush();
  }

  private flush(): void {
    const bits = this.bits;
    if (bits === this.sent) return;
    this.sent = bits;
    this.send(bits);
  }
}
