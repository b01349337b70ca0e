// HAR recordings (issue 12's api.har) hold live passwords and tokens by design.
// Whether git tracks one decides what it is: committed, a committed secret;
// untracked, the audit's own input to keep out of git (critic #7).
import type { TreeScanResult } from './types.js';

/** A HAR recording: *.har, or a file the config names under api.har. They hold live credentials by design. */
export const isRecording = (t: Pick<TreeScanResult, 'recordings'>, p: string): boolean => /\.har$/i.test(p) || (t.recordings ?? []).includes(p);

/** Recordings with findings that git does not track: the audit's own input, not (yet) a committed secret. */
export function untrackedRecordings(t: TreeScanResult): string[] {
  const untracked = new Set(t.untracked ?? []);
  return [...new Set(t.findings.filter((f) => isRecording(t, f.path) && untracked.has(f.path)).map((f) => f.path))];
}

/** The note for those (critic #7): where they are and what to do, once, in the report's notes and the check's reason. */
export function untrackedRecordingsNote(t: TreeScanResult): string | undefined {
  const files = untrackedRecordings(t);
  return files.length
    ? `${files.join(', ')}: HAR recording(s) with live credentials, not tracked by git (so not committed); add *.har to .gitignore so they never are, and delete them when the audit is done`
    : undefined;
}
