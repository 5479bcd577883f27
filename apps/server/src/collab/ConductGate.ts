/**
 * Whether someone may open an editing socket now (the guidelines for professional conduct, when
 * enforced, must be acknowledged first): `GuidelinesService` is one.
 */
export interface ConductGate {
  mayWrite(userId: string): Promise<boolean>;
  /** Of these users, those who may not write now. */
  refused(userIds: readonly string[]): Promise<Set<string>>;
}
