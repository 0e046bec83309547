#!/usr/bin/python3
"""relsim's cluster and job (docs/model.md), written as a SimPy user would write it.

The benchmark's reference implementation: bench/simpy.sh runs it against relsim on the same
scenario, one core each, and compares trials per second and mean makespans. Run it with Debian's
python3-simpy3 (/usr/bin/python3; a pyenv python3 on PATH may lack simpy).

It covers what the benchmark scenario uses, and refuses the rest:

  - nodes made of exponential components: kinds given with --component NAME COUNT TTF TTR. A
    node's life is one exponential of rate sum(count / mean ttf), and on failure the kind that
    failed is drawn in proportion to its share of that rate. This is exact, not an
    approximation: the minimum of independent exponentials is exponential with the summed rate,
    which one it is does not depend on when, and by memorylessness renewing only the failed
    component (relsim's rule) leaves the node with the same law as a new one. For the same
    reason a cold spare needs no remembered age: it draws a fresh life when it enters a slot.
  - repair laws (the TTR of the failed kind): fixed(D) or D, exponential(mean=D),
    lognormal(mean=D, sd=D);
  - cold spares (a simpy.Store: first in, first out), repair crews (a simpy.Resource, first come
    first served), a fixed detection timeout (no heartbeat) and a fixed failover time;
  - the job: work, a checkpoint interval (a duration, young, daly or none), fixed checkpoint and
    restart costs; failures reach it as interrupts. No horizon: trials run to completion.

Durations are written as relsim writes them (30s, 10m, 2h, 3301d, 1y) and are hours inside.

    /usr/bin/python3 bench/simpy_model.py --nodes 16 --spares 2 --crews 1 \\
        --component gpu 8 'exponential(mean=3301d)' 'lognormal(mean=2d, sd=1d)' \\
        --timeout 10m --failover 5m --work 30d --interval daly --checkpoint-cost 2m \\
        --restart-cost 10m --trials 100 --seed 1

prints one line per metric (mean, sd, 95% CI of the mean, n), then the CPU and wall seconds of
the trials and trials per CPU second; --per-trial first prints one CSV row per trial (relsim's
trials.csv columns).
"""

import argparse
import math
import random
import re
import statistics
import sys
import time

import simpy

HOURS = {"ms": 1 / 3_600_000, "s": 1 / 3600, "m": 1 / 60, "min": 1 / 60, "h": 1.0, "d": 24.0,
         "w": 168.0, "y": 8760.0}

# A remaining amount of work within this relative distance of the interval is the last segment
# (docs/model.md: "6m" is 0.1 h, and k * 0.1 does not add up exactly).
TIE_REL = 1e-9

METRICS = ("makespan_h", "availability", "goodput", "failures", "useful_h", "lost_h",
           "checkpoint_h", "restart_h", "down_h", "wait_spare_h", "checkpoints")


# ------------------------------------------------------------------------------ parameters

def duration(text):
    """'10m' -> 1/6 (hours)."""
    m = re.fullmatch(r"\s*([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(ms|min|s|m|h|d|w|y)\s*",
                     text)
    if not m:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration (e.g. 30s, 10m, 2h, 7d)")
    return float(m.group(1)) * HOURS[m.group(2)]


def law(text):
    """A repair law: returns (mean in hours, function drawing one value from an RNG)."""
    m = re.fullmatch(r"\s*(\w+)\((.*)\)\s*", text)
    if not m:
        d = duration(text)
        return d, lambda rng: d
    name, args = m.group(1), m.group(2)
    if name == "fixed":
        d = duration(args)
        return d, lambda rng: d
    params = {}
    for part in args.split(","):
        key, _, value = part.partition("=")
        params[key.strip()] = duration(value)
    if name == "exponential" and set(params) == {"mean"}:
        mean = params["mean"]
        return mean, lambda rng: rng.expovariate(1 / mean)
    if name == "lognormal" and set(params) == {"mean", "sd"}:
        mean, sd = params["mean"], params["sd"]
        sigma = math.sqrt(math.log1p((sd / mean) ** 2))
        mu = math.log(mean) - sigma * sigma / 2
        return mean, lambda rng: rng.lognormvariate(mu, sigma)
    raise argparse.ArgumentTypeError(
        f"'{text}': this model knows fixed(D), exponential(mean=D), lognormal(mean=D, sd=D)")


class Kind:
    """One kind of component: count per node, exponential life, repair law."""

    def __init__(self, name, count, ttf, ttr):
        self.name = name
        self.count = int(count)
        m = re.fullmatch(r"\s*exponential\(\s*mean\s*=(.*)\)\s*", ttf)
        if not m or self.count < 1:
            sys.exit(f"simpy_model: component {name}: needs a count >= 1 and an exponential "
                     f"ttf (got {count}, {ttf})")
        self.mean_ttf = duration(m.group(1))
        self.ttr_mean, self.ttr = law(ttr)
        self.rate = self.count / self.mean_ttf  # failures per hour of one node, this kind


def checkpoint_interval(how, d, mtbf):
    """A duration, or young / daly (docs/model.md), or none."""
    if how == "none":
        return math.inf
    if how == "young":
        return math.sqrt(2 * d * mtbf)
    if how == "daly":
        if d >= 2 * mtbf:
            return mtbf
        return math.sqrt(2 * d * mtbf) * (1 + math.sqrt(d / (2 * mtbf)) / 3 + d / (18 * mtbf)) - d
    return duration(how)


# ------------------------------------------------------------------------------ one trial

class Trial:
    """One trial: the cluster's slots, spare pool and repair crews, and the job."""

    def __init__(self, p, rng):
        self.p = p
        self.rng = rng
        self.env = env = simpy.Environment()
        # Spare nodes wait in a first-in-first-out store; a slot that finds it empty waits
        # (first come, first served) for the next repaired node.
        self.pool = simpy.Store(env)
        for node in range(p.nodes, p.nodes + p.spares):
            self.pool.put(node)
        self.crews = simpy.Resource(env, capacity=p.crews or p.nodes + p.spares)
        self.empty = 0  # slots without a working node
        self.whole = env.event()  # succeeds when the cluster is whole again
        self.down_since = 0.0
        self.waiting = 0  # empty slots queued for a repaired node (no spare was free)
        self.waiting_since = 0.0
        self.r = dict.fromkeys(METRICS, 0.0)
        for slot in range(p.nodes):
            env.process(self.slot(node=slot))
        self.job = env.process(self.run_job())

    def run(self):
        self.env.run(until=self.job)
        r = self.r
        r["makespan_h"] = t = self.env.now
        r["availability"] = 1 - r["down_h"] / t
        r["goodput"] = r["useful_h"] / t
        return r

    # ---------------------------------------------------------------- the cluster

    def slot(self, node):
        """A slot of the job: its node ages until it fails; the failure is detected, the node
        goes to repair and the slot takes a spare (or waits for a repaired node)."""
        env, p, rng = self.env, self.p, self.rng
        while True:
            yield env.timeout(rng.expovariate(p.rate))
            kind = rng.choices(p.kinds, cum_weights=p.cum_rates)[0]
            self.slot_emptied()
            yield env.timeout(p.timeout)  # detection
            env.process(self.repair(node, kind))
            queued = not self.pool.items
            if queued:
                self.queue_changed(+1)
            node = yield self.pool.get()
            if queued:
                self.queue_changed(-1)
            yield env.timeout(p.failover)
            self.slot_filled()

    def repair(self, node, kind):
        with self.crews.request() as crew:
            yield crew
            yield self.env.timeout(kind.ttr(self.rng))
        self.pool.put(node)  # to the oldest empty slot waiting, else to the back of the pool

    def slot_emptied(self):
        self.r["failures"] += 1
        if self.empty == 0:
            self.down_since = self.env.now
            self.whole = self.env.event()
            if self.job.is_alive:
                self.job.interrupt()
        self.empty += 1

    def slot_filled(self):
        self.empty -= 1
        if self.empty == 0:
            self.r["down_h"] += self.env.now - self.down_since
            self.whole.succeed()

    def queue_changed(self, step):
        if self.waiting == 0:
            self.waiting_since = self.env.now
        self.waiting += step
        if self.waiting == 0:
            self.r["wait_spare_h"] += self.env.now - self.waiting_since

    # ---------------------------------------------------------------- the job

    def run_job(self):
        """Computes, checkpointing every p.interval of computation; a failure (an interrupt)
        loses the work since the last checkpoint; once the cluster is whole it restores."""
        env, p, r = self.env, self.p, self.r
        segments = 0  # checkpoints completed: committed work = segments * interval
        phase, start = "compute", 0.0
        restore = False
        while True:
            try:
                if restore:
                    phase, start = "restore", env.now
                    yield env.timeout(p.restart_cost)
                    r["restart_h"] += p.restart_cost
                while True:
                    left = p.work - (segments * p.interval if segments else 0.0)
                    phase, start = "compute", env.now
                    if left <= p.interval * (1 + TIE_REL):  # the last segment: no checkpoint
                        yield env.timeout(left)
                        r["useful_h"] = p.work
                        return
                    yield env.timeout(p.interval)
                    phase, start = "checkpoint", env.now
                    yield env.timeout(p.checkpoint_cost)
                    segments += 1
                    r["checkpoints"] += 1
                    r["checkpoint_h"] += p.checkpoint_cost
            except simpy.Interrupt:
                if phase == "compute":
                    r["lost_h"] += env.now - start
                elif phase == "checkpoint":
                    r["lost_h"] += p.interval + (env.now - start)
                else:
                    r["restart_h"] += env.now - start
            yield self.whole
            restore = True


# ------------------------------------------------------------------------------ driver

def t975(df):
    """Student's t quantile 0.975 (Cornish-Fisher expansion: within 0.002 for df >= 5)."""
    z = 1.959963984540054
    if df < 1:
        return math.nan
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def parse(argv):
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--nodes", type=int, required=True, help="slots the job needs")
    a.add_argument("--spares", type=int, default=0, help="cold spare nodes")
    a.add_argument("--crews", default="unlimited", help="repair crews, or unlimited")
    a.add_argument("--component", nargs=4, action="append", required=True,
                   metavar=("NAME", "COUNT", "TTF", "TTR"),
                   help="a kind of component: e.g. gpu 8 'exponential(mean=3301d)' 2d")
    a.add_argument("--timeout", type=duration, default=0.0, help="detection timeout")
    a.add_argument("--failover", type=duration, default=0.0, help="failover time")
    a.add_argument("--work", type=duration, required=True)
    a.add_argument("--interval", default="none", help="a duration, young, daly or none")
    a.add_argument("--checkpoint-cost", type=duration, default=0.0)
    a.add_argument("--restart-cost", type=duration, default=0.0)
    a.add_argument("--trials", type=int, default=100)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--per-trial", action="store_true", help="one CSV row per trial")
    p = a.parse_args(argv)
    p.crews = 0 if p.crews == "unlimited" else int(p.crews)
    p.kinds = [Kind(*c) for c in p.component]
    p.rate = sum(k.rate for k in p.kinds)  # failures per hour of one node
    p.cum_rates, total = [], 0.0
    for k in p.kinds:
        total += k.rate
        p.cum_rates.append(total)
    p.mtbf = 1 / (p.nodes * p.rate)  # system MTBF, hours
    if p.interval in ("young", "daly") and p.checkpoint_cost <= 0:
        a.error(f"--interval {p.interval} needs a positive --checkpoint-cost")
    p.interval = checkpoint_interval(p.interval, p.checkpoint_cost, p.mtbf)
    if p.nodes < 1 or p.spares < 0 or p.crews < 0 or p.trials < 1 or not p.interval > 0:
        a.error("nodes and trials must be positive, spares and crews not negative, "
                "the interval positive")
    return p


def main(argv):
    p = parse(argv)
    rng = random.Random(p.seed)
    rows = []
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(p.trials):
        rows.append(Trial(p, rng).run())
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0

    for r in rows:  # docs/model.md: the accounting identity holds in every trial
        parts = r["useful_h"] + r["lost_h"] + r["checkpoint_h"] + r["restart_h"] + r["down_h"]
        assert abs(parts - r["makespan_h"]) <= 1e-9 * r["makespan_h"], r
    if p.per_trial:
        print("trial," + ",".join(METRICS))
        for i, r in enumerate(rows):
            print(f"{i}," + ",".join(repr(r[m]) for m in METRICS))
    crews = p.crews or "unlimited"
    print(f"simpy {simpy.__version__}, python {sys.version.split()[0]}: {p.nodes} nodes + "
          f"{p.spares} cold spares, {crews} repair crews, system MTBF {p.mtbf:.6g} h, "
          f"checkpoint interval {p.interval:.10g} h")
    print(f"{'metric':<14} {'mean':>14} {'sd':>14} {'ci95_low':>14} {'ci95_high':>14} {'n':>8}")
    for m in METRICS:
        xs = [r[m] for r in rows]
        mean = statistics.fmean(xs)
        sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
        half = t975(len(xs) - 1) * sd / math.sqrt(len(xs))
        print(f"{m:<14} {mean:14.8g} {sd:14.8g} {mean - half:14.8g} {mean + half:14.8g} "
              f"{len(xs):8d}")
    print(f"trials {p.trials} cpu_s {cpu:.3f} wall_s {wall:.3f} "
          f"trials_per_cpu_s {p.trials / cpu:.6g}")


if __name__ == "__main__":
    main(sys.argv[1:])
