/**
 * Where the runtime loads its workers from. The one-file bundle (drill.js)
 * is its own worker script; the npm ESM build points at the drill.js shipped
 * beside it; tests point at the TypeScript entry served by the test server.
 */

let workerScript: URL | null = null;

export function setWorkerScript(url: string | URL): void {
  workerScript = new URL(url, globalThis.location?.href);
}

export function getWorkerScript(): URL {
  if (!workerScript) {
    throw new Error('drill: no worker script configured. Load drill.js with <script type="module">, or call setWorkerScript(url) with the URL of drill.js before the first element connects.');
  }
  return workerScript;
}
