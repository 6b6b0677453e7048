/**
 * What every drill element shares: the `runtime` attribute naming the
 * runtime it joins, and its own drill-ready / drill-error events.
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { DEFAULT_RUNTIME } from '../src/runtime/registry.js';
import type { DrillRuntime } from '../src/runtime/runtime.js';
import type { Capabilities, ErrorCode } from '../src/runtime/protocol.js';
import { fire } from './events.js';
import { RuntimeController } from './runtime-controller.js';

export abstract class RuntimeMember extends LitElement {
  /** Name of the runtime this element joins; elements with the same name share one. */
  @property({ reflect: true }) accessor runtime = DEFAULT_RUNTIME;

  protected readonly session = new RuntimeController(this, { startWorkers: () => this.needsWorkers() });

  /** What the runtime reported at start: transport, WebGPU adapter, workers… (null before drill-ready). */
  get capabilities(): Capabilities | null {
    return this.session.capabilities;
  }

  /** The shared runtime object (null while disconnected). */
  get drillRuntime(): DrillRuntime | null {
    return this.session.runtime;
  }

  /** Whether connecting this element should start the workers now. */
  protected needsWorkers(): boolean {
    return true;
  }

  /** Reports an element-level problem (e.g. an invalid attribute) as drill-error and on the console. */
  protected reportElementError(code: ErrorCode, message: string): void {
    console.error(`drill (<${this.localName}>, ${code}): ${message}`);
    fire(this, 'drill-error', { code, source: 'element', message, recovered: true });
  }
}
