/** Patient-identifier detection shared by the editor (live underline) and the server (submission guard). */
export { detectPhi, detectPhiInBlocks } from './detectPhi.ts';
export type { PhiBlock, PhiBlockFinding } from './detectPhi.ts';
export { PHI_KINDS, phiKindLabel } from './kinds.ts';
export type { PhiFinding, PhiKind, PhiOptions } from './kinds.ts';
export { maskIdentifier, maskName } from './mask.ts';
