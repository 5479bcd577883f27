/**
 * The crafted inputs of yjs issue 687 ("Denial of Service vulnerability: run-length encoding can be
 * exploited to lock JS threads", open) and of its proposed fix, yjs PR 688 (`tests/updates.tests.js`
 * there). They make `Y.mergeUpdates`/`Y.mergeUpdatesV2` loop and `Y.applyUpdateV2` allocate without
 * bound; `Y.applyUpdate` (V1) on the same bytes returns or throws within milliseconds (measured with
 * yjs 13.6.33), which is why the server must only ever V1-apply client bytes.
 */
export const ISSUE_687_INPUTS: Readonly<Record<string, Uint8Array>> = {
  /** V2 bytes declaring 4,398,046,511,101 structs: mergeUpdatesV2 runs forever. */
  'too many structs (V2)': Uint8Array.from([
    0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 22, 2, 0, 0, 1, 253, 255, 255, 255, 255, 127, 0, 0,
  ]),
  /** V1 bytes declaring 265,828 updates: mergeUpdates loops. */
  'too many updates (V1)': Uint8Array.from([
    228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233,
    173, 135, 217, 18, 0, 0, 1, 1, 255, 237, 246,
  ]),
  /** V2 bytes declaring 7,658,324,286 updates. */
  'too many updates (V2)': Uint8Array.from([
    228, 149, 0, 0, 1, 24, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 237, 1, 190, 130, 227, 195, 28, 1, 2, 228, 149, 0, 0,
    1, 24, 0, 0, 1, 24, 0, 0, 1, 0, 1, 237, 0,
  ]),
  /** A GC item of length 553,253. */
  'huge GC item (V2)': Uint8Array.from([
    143, 1, 128, 0, 0, 0, 1, 170, 1, 0, 1, 2, 0, 0, 22, 2, 0, 229, 196, 67, 20, 231, 166, 139, 147, 174, 181,
    253, 93, 232, 38, 154, 138, 89, 0, 49, 213, 15, 18, 1, 48, 0, 0, 0,
  ]),
  /** 267,854,847 structs in one update: applyUpdateV2 eats memory. */
  'structs over the limit (V2)': Uint8Array.from([
    0, 1, 35, 0, 0, 0, 1, 2, 129, 0, 0, 16, 0, 199, 220, 0, 196, 122, 128, 0, 65, 171, 234, 214, 0, 1, 0, 0,
    1, 0, 0, 132, 0, 0, 16, 255, 199, 220, 255, 0, 0, 0,
  ]),
};
