#!/usr/bin/env python3
"""Wall-clock comparison of gazette builds on one corpus, in one run.

    benches/alternate.py CORPUS BIN [BIN ...] [--rounds N] [--pause S]

Runs `gazette extract CORPUS` with each binary at --threads 1 and 2, and
the last binary's --bare-scan (the ceiling), once each as a warm-up and
then N rounds, alternating the order every round. On a shared VM the
host's load drifts over minutes; alternating spreads that drift over all
commands alike, where timing one command's runs back to back (as
hyperfine does) lets it land on one of them. Prints a Markdown table with
mean, median and minimum wall time, MB/s at the median and the median
user and system CPU time, and, given two or more builds, each one's
speed-up over the first, taken round by round (the runs of one round are
seconds apart) and summarised by its median and middle half.

CPU time tells apart what wall time mixes: user time is the program's
own work, system time mostly the kernel filling fresh pages and the page
cache, which on a VM whose host backs memory lazily costs far more than
on bare metal and swings from run to run. The last column is the median
peak memory (max RSS).

Back to back, each process finds the memory the one before freed still
backed by the host. `--pause S` sleeps S seconds before every timed run,
long enough on the VMs here for the host to take that memory back: the
regime of a user's first run after an idle spell (3 s is enough here).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("bins", nargs="+", help="gazette binaries to compare")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds idle before every timed run (default 0)")
    args = parser.parse_args()
    size = os.path.getsize(args.corpus) / 1e6
    out = os.path.join(tempfile.mkdtemp(), "out.jsonl")
    base = ["extract", args.corpus, "-o", out, "-q", "--threads"]
    cmds = []
    for threads in ("1", "2"):
        for b in args.bins:
            cmds.append((f"`{b}` t{threads}", [b, *base, threads]))
    for threads in ("1", "2"):
        b = args.bins[-1]
        cmds.append((f"`{b}` t{threads} --bare-scan", [b, *base, threads, "--bare-scan"]))
    for _, cmd in cmds:
        subprocess.run(cmd, check=True)
    times = {name: [] for name, _ in cmds}
    cpu = {name: [] for name, _ in cmds}
    peaks = {name: [] for name, _ in cmds}
    for r in range(args.rounds):
        for name, cmd in cmds if r % 2 == 0 else reversed(cmds):
            time.sleep(args.pause)
            wall, user, system, rss = timed(cmd)
            times[name].append(wall)
            cpu[name].append((user, system))
            peaks[name].append(rss)
    pause = f", {args.pause:g} s idle before each run" if args.pause else ""
    print(f"{args.corpus}: {size:.1f} MB, {args.rounds} rounds, alternating{pause}\n")
    print("| command | mean s | median s | min s | MB/s (median) | user s | sys s | max RSS MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, _ in cmds:
        v = times[name]
        spread = statistics.stdev(v) if len(v) > 1 else 0.0
        median = statistics.median(v)
        user = statistics.median(u for u, _ in cpu[name])
        system = statistics.median(s for _, s in cpu[name])
        rss = statistics.median(peaks[name])
        print(f"| {name} | {statistics.mean(v):.3f} ± {spread:.3f} | {median:.3f} | {min(v):.3f} | {size / median:.1f} | {user:.3f} | {system:.3f} | {rss:.0f} |")
    if len(args.bins) > 1:
        print_paired(args.bins, times, args.rounds)


def timed(cmd):
    """Wall time, and the user and system CPU time and peak memory (MB) of
    the command's own process (all its threads), from `wait4`."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    # Popen must not reap it again, and a failed run must not pass.
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss * 1024 / 1e6


def print_paired(bins, times, rounds):
    """Speed-up of each build over the first, round by round: the two runs
    of a round are seconds apart, so the host's drift, which a median of
    each build's own runs keeps, mostly cancels in their ratio."""
    print("\n| build vs. the first | threads | median speed-up | middle half of rounds | rounds faster |")
    print("| --- | --- | --- | --- | --- |")
    for b in bins[1:]:
        for threads in ("1", "2"):
            base = times[f"`{bins[0]}` t{threads}"]
            new = times[f"`{b}` t{threads}"]
            ratios = sorted(o / n for o, n in zip(base, new))
            quarter = statistics.quantiles(ratios, n=4) if rounds > 1 else ratios * 3
            faster = sum(r > 1 for r in ratios)
            print(f"| `{b}` | {threads} | {statistics.median(ratios):.3f}x | {quarter[0]:.3f}–{quarter[2]:.3f}x | {faster} of {rounds} |")


if __name__ == "__main__":
    main()
