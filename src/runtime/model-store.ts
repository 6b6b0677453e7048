/**
 * Where autosave keeps a runtime's model: one file in the origin's private
 * file system (OPFS), named after the page's path and the runtime's name, so
 * two pages of a site, or two runtimes on one page, keep separate models.
 */
import { MODEL_FILE_EXTENSION } from './model-file.js';

const FOLDER = 'drill-models';

export class ModelStore {
  readonly fileName: string;

  constructor(runtimeName: string, pagePath: string = globalThis.location?.pathname ?? '/') {
    this.fileName = `${encodeURIComponent(pagePath)}~${encodeURIComponent(runtimeName)}${MODEL_FILE_EXTENSION}`;
  }

  /** Whether this browser offers the private file system with writable files. */
  static get supported(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function' && 'createWritable' in (globalThis.FileSystemFileHandle?.prototype ?? {});
  }

  /** The saved model, or null when there is none. */
  async read(): Promise<ArrayBuffer | null> {
    const folder = await this.folder();
    try {
      const handle = await folder.getFileHandle(this.fileName);
      return await (await handle.getFile()).arrayBuffer();
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') return null;
      throw error;
    }
  }

  /** Replaces the saved model; the old file stays whole until the new one is complete. */
  async write(model: Blob): Promise<void> {
    const handle = await (await this.folder()).getFileHandle(this.fileName, { create: true });
    const writable = await handle.createWritable();
    try {
      await writable.write(model);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
  }

  async remove(): Promise<void> {
    try {
      await (await this.folder()).removeEntry(this.fileName);
    } catch (error) {
      if ((error as DOMException).name !== 'NotFoundError') throw error;
    }
  }

  private async folder(): Promise<FileSystemDirectoryHandle> {
    return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
  }
}
