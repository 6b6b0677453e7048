// Starts a fixture worker (a module served by the test server) and gives
// promise-based access to its single reply.
export function startFixture(url: URL): { worker: Worker; send(message: unknown, transfer?: Transferable[]): void; reply<T>(): Promise<T> } {
  const worker = new Worker(url, { type: 'module' });
  let pending: Promise<unknown> | null = null;
  return {
    worker,
    send(message, transfer = []) {
      pending = new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`fixture ${url.pathname} failed: ${event.message}`));
      });
      worker.postMessage(message, transfer);
    },
    reply<T>() {
      if (!pending) throw new Error('reply() before send()');
      return pending as Promise<T>;
    },
  };
}
