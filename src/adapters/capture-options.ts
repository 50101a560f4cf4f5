// The live capture's options and error (src/adapters/host-from-linux.ts picks the reader).
import type { NetworkInterfaceInfo } from 'node:os';

export type CaptureSource = 'auto' | 'ip' | 'proc';

export interface CaptureOptions {
  /** auto (default): ip when it runs and speaks JSON, else proc. */
  source?: CaptureSource;
  /** The ip binary (default `ip`, found on PATH). */
  ipCommand?: string;
  procRoot?: string;
  sysRoot?: string;
  /** os.networkInterfaces, replaceable for tests. */
  networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

