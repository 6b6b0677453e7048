/**
 * Joins a host element to its runtime (by the `runtime` attribute), follows
 * the runtime's state, and turns runtime events into the element's drill-*
 * events. One controller per element; the runtime itself is shared.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_RUNTIME, type DrillRuntime, joinRuntime, leaveRuntime, RUNTIME_EVENT_TYPES, type RuntimeEventDetails, type RuntimeEventType, runtimeMembers } from '../src/runtime/index.js';
import type { Capabilities } from '../src/contract/capabilities.js';
import type { DrillSource } from '../src/contract/drill.js';
import type { DrillErrorDetail, ErrorSource } from '../src/contract/events.js';
import { fire } from './events.js';

type Host = ReactiveControllerHost & HTMLElement & {
  readonly runtime: string;
  /** Called for every runtime event this element may turn into its own drill-* event. */
  drillSource(): DrillSource | null;
  reportDrillConflict(message: string): void;
  handleRuntimeEvent?<K extends RuntimeEventType>(type: K, detail: RuntimeEventDetails[K]): void;
};

/** Which element reports errors from which part (the first member if that element is absent). */
const ERROR_OWNER: Record<ErrorSource, string> = {
  element: '',
  runtime: 'drill-arena',
  render: 'drill-arena',
  trainer: 'drill-trainer-controls',
  rollout: 'drill-trainer-controls',
  storage: 'drill-trainer-controls',
};

export class RuntimeController implements ReactiveController {
  private current: DrillRuntime | null = null;
  /** The `runtime` value joined by (null, like the attribute removed, joins the default runtime). */
  private joinedName: string | null = null;
  private readySent = false;

  constructor(private readonly host: Host, private readonly options: { startWorkers: () => boolean }) {
    host.addController(this);
  }

  get runtime(): DrillRuntime | null {
    return this.current;
  }

  get capabilities(): Capabilities | null {
    return this.current?.capabilities ?? null;
  }

  hostConnected(): void {
    this.join();
  }

  hostDisconnected(): void {
    this.leave();
  }

  hostUpdate(): void {
    // A changed `runtime` attribute moves the element to another runtime.
    if (this.host.isConnected && this.current !== null && this.joinedName !== this.host.runtime) {
      this.leave();
      this.join();
    }
  }

  /** Starts the runtime's workers if this element needs them now (e.g. not lazy and off-screen). */
  startIfNeeded(): void {
    const runtime = this.current;
    if (!runtime || !this.options.startWorkers()) return;
    runtime.start().then(
      (capabilities) => this.sendReady(runtime, capabilities),
      () => undefined, // reported through the runtime's error event
    );
  }

  private join(): void {
    // Before the first update validates it, `runtime` may be anything a page set.
    const runtime = joinRuntime(typeof this.host.runtime === 'string' ? this.host.runtime : DEFAULT_RUNTIME, this.host);
    this.current = runtime;
    this.joinedName = this.host.runtime;
    this.readySent = false;
    // Before the workers start: the drill is what they are started with.
    const source = this.host.drillSource();
    const refusal = source ? runtime.requestDrill(this.host, source) : null;
    if (refusal) this.host.reportDrillConflict(refusal);
    for (const type of RUNTIME_EVENT_TYPES) runtime.addEventListener(type, this.onEvent);
    // After the elements upgraded in the same pass have joined: a lazy arena among them holds the runtime asleep first.
    queueMicrotask(() => {
      if (this.current === runtime) this.startIfNeeded();
    });
    this.host.requestUpdate();
  }

  private leave(): void {
    const runtime = this.current;
    if (!runtime) return;
    for (const type of RUNTIME_EVENT_TYPES) runtime.removeEventListener(type, this.onEvent);
    leaveRuntime(runtime, this.host);
    this.current = null;
    this.joinedName = null;
  }

  private sendReady(runtime: DrillRuntime, capabilities: Capabilities): void {
    if (runtime !== this.current || this.readySent) return;
    this.readySent = true;
    this.host.requestUpdate();
    fire(this.host, 'drill-ready', { capabilities });
  }

  private readonly onEvent = (event: Event): void => {
    const type = event.type as RuntimeEventType;
    const detail = (event as CustomEvent<RuntimeEventDetails[RuntimeEventType]>).detail;
    // Ready is sent per element once its own start() resolves (sendReady).
    if (type === 'ready') return;
    if (type === 'error' && this.isErrorOwner(detail as DrillErrorDetail)) fire(this.host, 'drill-error', detail as DrillErrorDetail);
    // Started by another element or a command (a lazy runtime woken): this element is ready too.
    if (type === 'state' && !this.readySent && this.current?.started) this.startIfNeeded();
    this.host.handleRuntimeEvent?.(type, detail as never);
    this.host.requestUpdate();
  };

  private isErrorOwner(detail: DrillErrorDetail): boolean {
    const members = this.current ? runtimeMembers(this.current) : [];
    const owner = members.find((m) => (m as Element).localName === ERROR_OWNER[detail.source]) ?? members[0];
    return owner === this.host;
  }
}
