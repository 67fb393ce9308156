/** What a conformance section knows about the backend under test. */
export interface ConformanceContext {
  /** The backend's registered name. */
  readonly backend: string;
  /** Whether it holds float64 (gradchecks and fixtures then also run in float64). */
  readonly float64: boolean;
}
