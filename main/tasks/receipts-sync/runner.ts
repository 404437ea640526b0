/** The receipts-sync task kind: see sync.ts. */
export { runReceiptsSync } from './sync.ts';
