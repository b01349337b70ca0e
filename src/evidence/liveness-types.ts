// Evidence of the target's liveness during the run (src/probe/liveness.ts):
// when each audited origin stopped answering and came back, the requests
// that brought it down (replayed alone to be sure), and the final health
// reads. Plain data, saved and replayed with the rest of the evidence.
import type { HttpExchange, TargetDown } from './types.js';

export interface DownEpisode extends TargetDown {
  /** The first error of the streak, e.g. "ECONNRESET: socket hang up". */
  error: string;
  /** When it answered a health read again; absent when it never did. */
  recovered?: { seq: number; time: string };
}

export interface OriginLiveness {
  origin: string;
  /** It answered at least one request. */
  answered: boolean;
  downs: DownEpisode[];
  /** It went down and did not come back within the wait: every later request to it was not sent. */
  dead?: TargetDown & { waitedMs: number };
}

/** A request that took the origin down, and took it down again when sent alone after it came back. */
export interface CrashEvidence {
  origin: string;
  /** The original request and what it got, masked. */
  original: HttpExchange;
  originalSeq: number;
  /** The same request, sent alone once the origin answered again. */
  replay: HttpExchange;
  replaySeq: number;
  /** What showed the origin down after the replay, e.g. "GET /health: ECONNREFUSED". */
  downAgain: string;
}

/** A request under suspicion that was replayed and did not bring the origin down. */
export interface ClearedReplay {
  origin: string;
  method: string;
  url: string;
  originalSeq: number;
  replaySeq: number;
}

/** The write the audit sent that most likely broke a read. */
export interface LikelyCause {
  seq: number;
  method: string;
  url: string;
  status: number | null;
  /** How it was chosen, in this order: a failed write to the read's collection, any write to it, any failed write, the last write. */
  rule: 'failed write to the same collection' | 'same collection' | 'last failed write' | 'last write';
}

/** A read that worked during the audit, sent again at its end. */
export interface FinalRead {
  role: string;
  /** "GET /api/invoices" (the operation, templated when known). */
  operation: string;
  before: { seq: number; status: number };
  after: HttpExchange;
  afterSeq: number;
  /** Why it counts as broken now (5xx, no answer, refused to the role after a fresh sign-in); absent when it still works. */
  broken?: string;
  cause?: LikelyCause;
}

export interface LivenessEvidence {
  origins: OriginLiveness[];
  crashes: CrashEvidence[];
  cleared: ClearedReplay[];
  /** ms the engine waits for a down origin to come back. */
  recoveryMs: number;
  /** The baseline reads replayed after the probes (absent in evidence saved before they existed). */
  finalReads?: FinalRead[];
  /** Caps of the run that were reached, the first time each (request count, time, a stage's share of the time). */
  budgetRanOut?: { what: string; stage?: string; afterRequests: number; time: string }[];
  /** Operations skipped for the rest of the run after timing out twice, with the requests not sent to them. */
  slowOperations?: { operation: string; notSent: number }[];
  /** Origins that answered an HTML page where the probes asked for JSON (src/probe/answer-shapes.ts). */
  htmlForJson?: HtmlForJson[];
}

/** Requests to one origin that asked for JSON (Accept), and how many got an HTML page instead. */
export interface HtmlForJson {
  origin: string;
  /** Answered requests that asked for JSON. */
  expectedJson: number;
  /** Of those, answered with an HTML document. */
  html: number;
  /** The first of them. */
  first?: { seq: number; time: string; method: string; url: string; status: number };
}
