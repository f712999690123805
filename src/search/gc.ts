// Warm search allocates short-lived MiniSearch results per query. After a few hundred searches V8 starts allocating
// them straight into the old generation (allocation-site pretenuring); each young-generation GC then has to copy
// everything those dead old objects still point to, and single searches stall for 10-20 ms (warm p95 about 3 ms ->
// 7-13 ms on Node 20). A long-running server is better off letting them die young.
import { setFlagsFromString } from 'node:v8';

export const NO_PRETENURING = '--no-allocation-site-pretenuring';

/** Called once at process start by the entry points (the server and the bench), never by library code. */
export function keepSearchGarbageYoung(setFlags: (flags: string) => void = setFlagsFromString): void {
  setFlags(NO_PRETENURING);
}
