// Peak resident memory of a whole process tree, sampled from /proc (Linux only).
//
// Every `intervalMs` the sampler lists /proc/<pid>/stat for all processes, finds the descendants of the
// root pid (parent links), and sums VmRSS (from /proc/<pid>/status) over the root and its descendants.
// The largest sum seen is the tree's peak. A process once seen in the tree stays counted while it lives,
// even if its parent exits and it is re-parented. Shared pages are counted once per process (RSS semantics),
// so the sum can slightly overstate memory the kernel actually uses; it is what `ps`/`top` would add up.
import fs from "node:fs";

/** Parent pid and command name from /proc/<pid>/stat, or null if the process is gone. */
function readStat(pid) {
  let s;
  try {
    s = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return null;
  }
  // "pid (comm) state ppid ..." — comm may contain spaces and parentheses: split at the last ')'.
  const open = s.indexOf("(");
  const close = s.lastIndexOf(")");
  if (open < 0 || close < 0) return null;
  const rest = s.slice(close + 2).split(" ");
  return { comm: s.slice(open + 1, close), state: rest[0], ppid: Number(rest[1]) };
}

/** VmRSS in kB, or 0 when the process is gone or is a zombie (no VmRSS line). */
function readRssKB(pid) {
  let s;
  try {
    s = fs.readFileSync(`/proc/${pid}/status`, "latin1");
  } catch {
    return 0;
  }
  const m = /\nVmRSS:\s+(\d+)\s+kB/.exec(s);
  return m ? Number(m[1]) : 0;
}

function listPids() {
  const out = [];
  for (const name of fs.readdirSync("/proc")) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) out.push(Number(name));
  }
  return out;
}

export function procAvailable() {
  try {
    return fs.existsSync(`/proc/${process.pid}/status`);
  } catch {
    return false;
  }
}

export class ProcTreeSampler {
  /**
   * @param {number} rootPid
   * @param {{ intervalMs?: number }} [opts]
   */
  constructor(rootPid, { intervalMs = 25 } = {}) {
    this.rootPid = rootPid;
    this.intervalMs = intervalMs;
    this.known = new Map(); // pid -> comm, for every process ever seen in the tree
    this.peakKB = 0;
    this.peakProcs = []; // [{ pid, comm, rssKB }] at the peak sample
    this.maxProcs = 0;
    this.samples = 0;
    this.timer = null;
  }

  /** Take one sample now; returns the tree's current RSS sum in kB. */
  sample() {
    const pids = listPids();
    const stats = new Map();
    const children = new Map();
    for (const pid of pids) {
      const st = readStat(pid);
      if (!st) continue;
      stats.set(pid, st);
      let list = children.get(st.ppid);
      if (!list) children.set(st.ppid, (list = []));
      list.push(pid);
    }
    // Walk down from the root, and from every still-living process seen in the tree before.
    const members = new Set();
    const stack = [this.rootPid];
    for (const pid of this.known.keys()) if (stats.has(pid)) stack.push(pid);
    while (stack.length) {
      const pid = stack.pop();
      if (members.has(pid) || !stats.has(pid)) continue;
      members.add(pid);
      for (const c of children.get(pid) ?? []) stack.push(c);
    }
    let total = 0;
    const procs = [];
    for (const pid of members) {
      const st = stats.get(pid);
      this.known.set(pid, st.comm);
      const rss = st.state === "Z" ? 0 : readRssKB(pid);
      total += rss;
      procs.push({ pid, comm: st.comm, rssKB: rss });
    }
    this.samples++;
    if (members.size > this.maxProcs) this.maxProcs = members.size;
    if (total > this.peakKB) {
      this.peakKB = total;
      this.peakProcs = procs.sort((a, b) => b.rssKB - a.rssKB);
    }
    return total;
  }

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  /** Stop sampling; returns the figures. Call after the root process has exited. */
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return {
      peakKB: this.peakKB,
      peakProcs: this.peakProcs,
      maxProcs: this.maxProcs,
      samples: this.samples,
      commands: [...new Set(this.known.values())],
    };
  }
}
