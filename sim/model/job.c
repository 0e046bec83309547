/*
 * job: the job state machine (see job.h). Its phase timer ends the current phase (a compute
 * segment, a checkpoint or a restore), or, for a job that leaps (job_leaps: every job but those
 * with fixed checkpoint stalls of 0 or components that age only while the job computes), the
 * last phase of a block worked out in closed form (the closed-form advance, below; with tiers,
 * [site] or [sdc], the walk); the other rules step from phase end to phase end. With [sdc], tiers
 * and [site] it has timers of their own: a strike and its detection, an async write's commit
 * (when stepping), a copy to the second site and its landing. Committed work is counted in whole
 * checkpoint intervals so that no rounding accumulates over thousands of checkpoints.
 */
#include "sim/model/job.h"
#include "sim/model/draw.h"
#include "sim/model/tiers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* J_WAIT: a checkpoint is due while an asynchronous write still runs (tiers); J_STORE_WAIT: a
 * restore waits for a tier that is down, the only ones holding its checkpoint (tiers). */
enum { J_COMPUTE, J_CHECKPOINT, J_DOWN, J_RESTORE, J_DONE, J_WAIT, J_STORE_WAIT };

/* The rules' paths (tiers, strikes, copies) kept out of the phase's hot path. */
#if defined(__GNUC__)
#define JOB_COLD __attribute__((noinline, cold))
#else
#define JOB_COLD
#endif

/* Stream purposes of the job's incrementals (full + incremental chains), apart from those of
 * full checkpoints and restores so that a scenario without chains draws exactly what it drew
 * before the chains existed. Beyond stream.h's purposes and below STREAM_TEST. */
enum { JOB_STREAM_INCREMENTAL = 100, JOB_STREAM_INC_RESTORE = 101 };

/* Stream purposes of silent data corruption ([sdc]): the k-th strike's computation time since the
 * previous one was resolved, and its detection latency. A scenario without [sdc] draws neither. */
enum { JOB_STREAM_SDC_STRIKE = 102, JOB_STREAM_SDC_DETECT = 103 };

/* Stream purposes of tier i's draws: JOB_STREAM_TIER + 4 i + one of these (k: that tier's count
 * of such draws), beside the tiers' outages (TIERS_STREAM). A scenario without tiers draws none. */
#define JOB_STREAM_TIER 140u
enum { TIER_COST, TIER_RESTORE, TIER_SNAPSHOT, TIER_WRITE };

/* The job's timers: the end of the current phase; with [sdc], a strike (set only while computing)
 * and a strike's detection (wall time). Without [sdc] the class has the phase timer alone. */
enum { T_PHASE, T_STRIKE, T_DETECT, T_WRITE, T_REPLICATE, T_LANDED };

/* Stream purpose of the remote copies' transfer times ([site]: the k-th copy's). */
enum { JOB_STREAM_TRANSFER = 104 };

/* A remaining amount of work within this relative distance of the interval is the last segment:
 * "6m" is 0.1 h, and k * 0.1 does not add up exactly. */
#define TIE_REL 1e-9

/* The closed-form advance with random costs: a block of phases worked out ahead, doubling from
 * LEAP_BLOCK0 to LEAP_BLOCK_MAX phases after each block, so that a disruption walks again at most
 * the phases worked out so far. With fixed costs the job plans its completion at once and jumps
 * whole runs of segments (fixed_jump). */
#define LEAP_BLOCK0 16u
#define LEAP_BLOCK_MAX (1u << 24)

/* Fixed costs: a binade's grid (the ulp of its doubles) and what adding the interval, a full and
 * an incremental checkpoint's cost add on it (grid_at); ex is the binade's biased exponent. */
typedef struct {
    uint64_t ex;
    int ok;
    double top, a, f, i;
    double seg; /* without chains: a segment's hours on the grid, a + f */
    double inv; /* 1 / the mean segment's hours on the grid (grid_fit's estimate) */
} leap_grid;

/* The clock's grids kept, one per binade by its exponent's low bits: the plan runs through the
 * binades up to the completion, and the disruption's walk starts again at the block's. */
#define LEAP_GRIDS 64u

/* The phase fields a block of the closed-form advance starts from. */
typedef struct {
    int state, full, in_outage;
    double t0, cost, checkpoint_h, restart_h;
    uint64_t segments, checkpoints, full_checkpoints, incremental_checkpoints, leapt;
    uint32_t k_ckpt, k_inc;
    uint64_t interruptions; /* and the outage's figures, which a restore's end adds to */
    double rpo_total_h, rto_total_h, rpo_max_h, rto_max_h;
} leap_snap;

struct job {
    const scn *s;
    engine *e;
    stream *r;
    int cls;
    int state;
    int failed;
    double interval;   /* hours of computation between checkpoints (INFINITY: none) */
    uint64_t segments; /* checkpoints completed: committed work = segments * interval */
    double t0;         /* start of the current phase */
    double cost;       /* duration of the current checkpoint or restore */
    int full;          /* the checkpoint in progress is full (else incremental) */
    uint32_t k_ckpt, k_restart, k_inc, k_inc_restore;
    /* [sdc]: the computation left before the next strike (its clock runs only while computing and
     * stands still while a strike is pending); the pending strike's newest clean checkpoint; the
     * oldest checkpoint retained (those retained are oldest .. segments) */
    int sdc, sdc_pending;
    double sdc_left;
    uint64_t sdc_base, oldest;
    uint32_t k_strike, k_detect;
    /* the phase's figures, on the hot path with the fields above; the rules' state after them */
    job_stats st;
    /* [tier.NAME]: the tiers; the tier writing the checkpoint in progress (or restoring); an
     * asynchronous write in flight (checkpoint, tier); draws so far per tier and purpose */
    tiers *tr;
    int wtier, src;
    int writing, write_tier;
    uint64_t write_m;
    uint32_t k_tier[SCN_MAX_TIERS][4];
    /* the interruption in progress: since when, and the work position when it struck; whether
     * a site disaster is part of it */
    int in_outage;
    double out_t0, out_pos;
    int out_site;
    /* [site]: the newest copy landed at the remote site (its checkpoint, TIERS_NONE: none yet,
     * and when its copy began), a copy in flight, draws of transfer times; site_lost: the
     * site's own store (no tiers) was lost with it, the restore must come from the remote copy */
    uint64_t remote_m, copy_m;
    double remote_t, copy_t;
    int copying, site_lost;
    uint32_t k_transfer;
    /* told when the job starts and stops computing (components that age only then) */
    job_work_listener work_fn;
    void *work_ctx;
    /* the closed-form advance (job_leaps): whether this job leaps, whether its costs are fixed;
     * a block in progress (its phases walked ahead, the one pending phase end scheduled), the
     * state at its start, the sequence number given before it, its size; nth: the phase in
     * progress is the block's first (0), second (1) or a later one (2), for leap_precedes */
    int leap, leap_fixed, leaping, nth;
    uint32_t nref; /* the sequence number nth's rule compares with (leap_precedes) */
    double nref_t; /* and the time (from the third phase on: when the phase before began) */
    /* with tiers, [site] or [sdc] (the walk): the plan's copy and whether this is it (dry: the
     * tiers' holdings left alone); an async write's commit time, and when, by which rule and
     * against which number and time it was scheduled (commit_precedes) */
    int leap_walk, dry;
    int strike_live; /* [sdc], the walk: a strike is scheduled in the compute phase in progress */
    job *shadow;
    double write_at, write_tc, write_ref_t;
    int write_rule;
    uint32_t write_ref;
    /* fixed costs: the segments before the completing one (0: every phase walked), and the
     * grids of the clock's and of checkpoint_h's binades (grid_at) */
    uint64_t leap_last;
    leap_grid *grid_t, grid_h; /* grid_t: LEAP_GRIDS of them, a cache (shared by copies) */
    double every;  /* segments per full checkpoint (1 without chains) */
    double jump_h; /* a segment's hours at the least: fewer than two of them are walked */
    uint32_t leap_seq, leap_block;
    uint64_t leapt; /* phase ends passed without an event of their own (job_leapt) */
    leap_snap snap;
};

static double committed(const job *j)
{
    return j->segments ? (double)j->segments * j->interval : 0.0;
}

/* The computation saved somewhere: the newest checkpoint any tier holds (which an asynchronous
 * write in flight or a skipped write leave behind the position), else the position. */
static double saved(const job *j)
{
    uint64_t m;
    if (!j->tr) {
        if (!j->site_lost) return committed(j);
        m = 0; /* the site's store is gone: what the remote site holds */
    } else {
        int src;
        m = tiers_source(j->tr, &src);
    }
    if (j->remote_m != TIERS_NONE && j->remote_m > m) m = j->remote_m;
    return m ? (double)m * j->interval : 0.0;
}

/* The work position at `now`: committed work plus the computation of the phase in progress. */
static double position(const job *j, double now)
{
    switch (j->state) {
    case J_COMPUTE:
        return committed(j) + (now - j->t0);
    case J_CHECKPOINT:
    case J_WAIT:
        return committed(j) + j->interval;
    }
    return committed(j);
}

/* An interruption strikes at `now` unless one is already in progress (a failure while down or
 * restoring belongs to the interruption that stopped the job). */
static void outage_begin(job *j, double now)
{
    if (j->in_outage) return;
    j->in_outage = 1;
    j->out_t0 = now;
    j->out_pos = position(j, now);
}

/* The job computes again at `now`: the interruption's recovery point and time. */
static void outage_end(job *j, double now)
{
    if (!j->in_outage) return;
    j->in_outage = 0;
    double rpo = j->out_pos - committed(j), rto = now - j->out_t0;
    if (rpo < 0) rpo = 0;
    j->st.interruptions++;
    j->st.rpo_total_h += rpo;
    j->st.rto_total_h += rto;
    if (j->out_site) {
        j->out_site = 0;
        j->st.site_recovered++;
        j->st.site_rpo_total_h += rpo;
        j->st.site_rto_total_h += rto;
    }
    if (rpo > j->st.rpo_max_h) j->st.rpo_max_h = rpo;
    if (rto > j->st.rto_max_h) j->st.rto_max_h = rto;
}

static double draw_tier(job *j, int i, int what)
{
    const scn_tier *c = &j->s->tier[i];
    const dist *d = what == TIER_COST       ? &c->cost
                    : what == TIER_RESTORE  ? &c->restore_cost
                    : what == TIER_SNAPSHOT ? &c->snapshot
                                            : &c->write_time;
    return draw_law(d, j->r, STREAM_JOB, JOB_STREAM_TIER + 4u * (uint32_t)i + (uint32_t)what,
                    j->k_tier[i][what]++);
}

static void at_id(job *j, uint32_t id, double t)
{
    if (engine_schedule(j->e, j->cls, id, t)) {
        j->failed = 1;
        engine_stop(j->e);
    }
}

static void at(job *j, double t)
{
    at_id(j, T_PHASE, t);
}

static void draw_strike(job *j)
{
    j->sdc_left = draw_law(&j->s->sdc_ttf, j->r, STREAM_JOB, JOB_STREAM_SDC_STRIKE, j->k_strike++);
}

/* The job starts (1) or stops (0) computing: the cluster's work clock runs only meanwhile. */
static void set_working(job *j, int on)
{
    if (j->work_fn) j->work_fn(j->work_ctx, on);
}

/* Leaving a phase of computation at `now`: the strike clock has run for its length. */
static void stop_computing(job *j, double now)
{
    if (!j->sdc || j->sdc_pending) return;
    j->sdc_left -= now - j->t0;
    if (j->sdc_left < 0) j->sdc_left = 0;
    engine_cancel(j->e, j->cls, T_STRIKE);
    j->strike_live = 0;
}

/* Starts computing from the last checkpoint: the phase ends at the next checkpoint or at
 * completion, whichever comes first (completion on a tie). */
static void leap_plan(job *j);
static void compute(job *j)
{
    double now = engine_now(j->e), left = j->s->work - committed(j);
    double len = left <= j->interval * (1 + TIE_REL) ? left : j->interval;
    j->state = J_COMPUTE;
    j->t0 = now;
    if (j->leap) {
        leap_plan(j); /* the phase's end first, as below: a strike of this phase is scheduled after */
        if (j->sdc && !j->sdc_pending && j->sdc_left < len) {
            at_id(j, T_STRIKE, now + j->sdc_left);
            j->strike_live = 1;
        }
        return;
    }
    at(j, now + len);
    if (j->sdc && !j->sdc_pending && j->sdc_left < len) at_id(j, T_STRIKE, now + j->sdc_left);
    set_working(j, 1);
}

/* The plain (untiered) checkpoint m = segments + 1 starts at `now`: full or incremental by its
 * position in the work, its cost drawn. */
static void checkpoint_begin(job *j, double now)
{
    j->state = J_CHECKPOINT;
    j->t0 = now;
    j->full = !j->s->full_every || (j->segments + 1) % j->s->full_every == 0;
    if (j->full)
        j->cost = draw_law(&j->s->ckpt_cost, j->r, STREAM_JOB, STREAM_CHECKPOINT, j->k_ckpt++);
    else
        j->cost = draw_law(&j->s->inc_cost, j->r, STREAM_JOB, JOB_STREAM_INCREMENTAL, j->k_inc++);
}

/* The plain checkpoint in progress completes. */
static void checkpoint_complete(job *j)
{
    j->segments++;
    if (j->s->sdc_keep && j->segments - j->oldest >= j->s->sdc_keep)
        j->oldest = j->segments - j->s->sdc_keep + 1;
    j->st.checkpoints++;
    if (j->full)
        j->st.full_checkpoints++;
    else
        j->st.incremental_checkpoints++;
    j->st.checkpoint_h += j->cost;
}

/* ------------------------------------------------------------------ the closed-form advance
 *
 * Between disruptions a plain job (job_leaps) computes and checkpoints on a timeline known in
 * advance. Instead of an event at every phase end, a restore (or the start, compute()) schedules
 * one event for a block of phases, the restore its first. With fixed costs it is the completion
 * or the last checkpoint end before the clock's next power of two (fixed_block_end: the same
 * additions, whole runs of segments summed at once on their binade's grid, bit for bit the same
 * sums), the state worked out only when a disruption needs it (fixed_settle). With random costs
 * a block of phases is worked out ahead (the same arithmetic as the events would do, the same
 * draws by index) and the event is the end of its last phase: the completion, or the end of the
 * block (16 phases from a restore, then twice as many each block: a trial's events grow with its
 * disruptions, and only as the log of its checkpoints between two).
 *
 * A disruption at t (job_on_cluster) or the trial's end (job_finish) walks up to t (with random
 * costs again from the block's start), then is handled as today. A phase ending exactly at t is passed unless
 * the disruption's event would have come first: the engine runs events of one time in the order
 * they were scheduled, and the phase end would have been scheduled when the phase began (t0).
 * In the first phase of a block that is at the block's start, after the events numbered up to
 * leap_seq, so the disruption comes first if it was scheduled before t0, or at t0 with a number
 * up to leap_seq. The second phase's end would have been scheduled by the first phase's end,
 * an event of time t0 coming after those numbered up to leap_seq: a disruption scheduled at t0
 * comes first if the event that scheduled it (engine_origin.by) is numbered up to leap_seq,
 * having run before. In a later phase a disruption scheduled at t0 is taken to come first: the
 * one order the walk cannot see (whether the event that scheduled it ran before the phase end
 * that began the phase, itself an event the walk stands for), reached only when fixed laws add
 * up exactly. The pending block end, when another event of the same time should come first,
 * gives way to it (it is scheduled again at the same time, after it). */

/* Origins that come before and after every phase end of their time: the block's own end, which
 * stops at the phase ending then (on_timer), and the trial's end, at which phase ends ran. */
static const engine_origin before_all = {0, 0, -INFINITY, -INFINITY},
                           after_all = {0, 0, INFINITY, -INFINITY};

/* 1 if an event of origin o, scheduled at the very time a virtual event V was, comes before it:
 * V scheduled by a real event after the number ref (rule 0: o was scheduled up to ref), by a
 * virtual event that a real one scheduled after ref (rule 1: the event that scheduled o ran
 * before, being numbered up to ref), or by a virtual event scheduled at ref_t (rule 2: the event
 * that scheduled o was scheduled before ref_t; at ref_t itself it is taken to be). */
static int rule_precedes(int rule, uint32_t ref, double ref_t, const engine_origin *o)
{
    if (rule == 0) return o->seq <= ref;
    if (rule == 1) return o->by <= ref;
    return o->by_when != ref_t ? o->by_when < ref_t : 1;
}

/* 1 if an event of origin o runs before the end of the phase in progress, at the same time. */
static int leap_precedes(const job *j, const engine_origin *o)
{
    if (o->when != j->t0) return o->when < j->t0;
    return rule_precedes(j->nth, j->nref, j->nref_t, o);
}

/* A phase began where the phase that began at `from` ended (an event the walk stands for): its
 * end's rule is the next (leap_precedes). */
static void next_phase(job *j, double from)
{
    if (j->nth < 2) j->nth++;
    j->nref_t = from;
}

/* The computation of the phase in progress when it is a compute phase. */
static double compute_len(const job *j)
{
    double left = j->s->work - committed(j);
    return left <= j->interval * (1 + TIE_REL) ? left : j->interval;
}

/* 1 if the compute phase in progress ends with the work complete. */
static int leap_completing(const job *j)
{
    return j->state == J_COMPUTE && j->s->work - committed(j) <= j->interval * (1 + TIE_REL);
}

static double phase_end(const job *j)
{
    return j->t0 + (j->state == J_COMPUTE ? compute_len(j) : j->cost);
}

/* The phase in progress ends (at phase_end) and the next begins, as on_timer would do. */
static void restore_done(job *j, double t);
/* A plain checkpoint's or a restore's stall ends at t: the job computes from t. */
static void stall_done(job *j, double t)
{
    if (j->state == J_RESTORE) {
        restore_done(j, t);
        return;
    }
    checkpoint_complete(j);
    j->state = J_COMPUTE;
    j->t0 = t;
}

static void leap_pass(job *j)
{
    double t = phase_end(j), from = j->t0;
    if (j->state == J_COMPUTE)
        checkpoint_begin(j, t);
    else
        stall_done(j, t);
    next_phase(j, from);
    j->leapt++;
}

/* ------------------------------------------------------------------ fixed costs: whole runs at once
 *
 * Adding x to a double of the binade [2^e, 2^(e+1)) (ulp u = 2^(e-52)) adds round_u(x), the
 * multiple of u nearest x, whatever the double, as long as the sum stays below 2^(e+1) and x is
 * not a half-way case (x mod u = u/2, which rounds by parity). Every partial sum of a run of such
 * additions is then a multiple of u below 2^(e+1), a double, so the run's sum is the same double
 * however it is grouped: m segments (an interval and a checkpoint each) add m round_u(interval) +
 * nf round_u(full cost) + (m - nf) round_u(incremental cost), nf their full checkpoints, bit for bit
 * what the phase ends add one by one. The clock and checkpoint_h each have their own binade. */

/* round_u(x) in the binade [lo, 2 lo) of ulp u, into *d (0 for 0); 0 if x is a half-way case,
 * or not below lo (one addition could leave the binade). */
static int grid_step(double lo, double u, double x, double *d)
{
    if (x == 0) {
        *d = 0;
        return 1;
    }
    if (!(x > 0 && x < lo)) return 0;
    *d = (lo + x) - lo; /* exact: two multiples of u below 2 lo */
    return fabs(x - *d) != 0.5 * u; /* exact (Sterbenz) */
}

/* The grid of base's binade for additions of a, f and i (`every` segments with one full
 * checkpoint), kept in g[n] (n = 1: one; LEAP_GRIDS: by the exponent's low bits) until another
 * binade takes its place; NULL if base is not a positive normal double or an addition is not on
 * the grid. */
static const leap_grid *grid_at(leap_grid *gs, unsigned n, double base, double a, double f,
                                double i, double every)
{
    uint64_t b;
    memcpy(&b, &base, sizeof b);
    uint64_t ex = b >> 52; /* with the sign bit: a negative base is no binade of ours */
    leap_grid *g = &gs[ex & (n - 1)];
    if (ex != g->ex) {
        g->ex = ex;
        g->ok = 0;
        if (ex >= 54 && ex < 2046) { /* base and u = 2^(e-52) normal, 2^(e+1) finite */
            uint64_t lb = ex << 52, tb = (ex + 1) << 52, ub = (ex - 52) << 52;
            double lo, u;
            memcpy(&lo, &lb, sizeof lo);
            memcpy(&g->top, &tb, sizeof g->top);
            memcpy(&u, &ub, sizeof u);
            g->ok = grid_step(lo, u, a, &g->a) && grid_step(lo, u, f, &g->f) &&
                    grid_step(lo, u, i, &g->i);
            double per = g->a + (g->f + (every - 1.0) * g->i) / every;
            if (!(per > 0)) g->ok = 0;
            g->inv = 1.0 / per;
            g->seg = g->a + g->f; /* exact: two multiples of u below 2^e */
        }
    }
    return g->ok ? g : NULL;
}

/* Of the m segments after the seg-th, those whose checkpoint is full. */
static uint64_t fulls(const job *j, uint64_t seg, uint64_t m)
{
    uint64_t f = j->s->full_every;
    return f ? (seg + m) / f - seg / f : m;
}

/* What the m segments after the seg-th add on grid g (exact while the sum stays on it). */
static double grid_span(const job *j, const leap_grid *g, uint64_t seg, uint64_t m)
{
    /* below 2^50 (completing_segment): signed conversions; without chains m a + m f, which is
     * m (a + f) while it stays on the grid */
    if (!j->s->full_every) return (double)(int64_t)m * g->seg;
    uint64_t nf = fulls(j, seg, m);
    return (double)(int64_t)m * g->a + (double)(int64_t)nf * g->f +
           (double)(int64_t)(m - nf) * g->i;
}

/* The most segments m <= most after the seg-th that end, with every phase end of theirs, below
 * lim when added to base on grid g. The estimate by the mean segment is off by at most
 * |full - incremental| / mean + 1 segments. */
static uint64_t grid_fit(const job *j, const leap_grid *g, double base, double lim, uint64_t seg,
                         uint64_t most)
{
    if (most == 0 || !(lim > base)) return 0;
    double est = (lim - base) * g->inv; /* truncated: floored, being positive */
    uint64_t m = !(est >= 1) ? 0 : est < (double)(int64_t)most ? (uint64_t)(int64_t)est : most;
    while (m > 0 && !(base + grid_span(j, g, seg, m) < lim))
        m--;
    while (m < most && base + grid_span(j, g, seg, m + 1) < lim)
        m++;
    return m;
}

/* Fixed costs, at the beginning of a compute phase: passes at once the whole segments that end
 * before `lim` (every phase end of theirs), as far as the clock and checkpoint_h stay on their
 * grids and short of the completing segment; the walk does the rest, phase by phase. */
static void fixed_jump(job *j, double lim)
{
    if (j->segments >= j->leap_last) return;
    const scn *s = j->s;
    double cf = s->ckpt_cost.p1, ci = s->full_every ? s->inc_cost.p1 : 0.0;
    const leap_grid *gt = grid_at(j->grid_t, LEAP_GRIDS, j->t0, j->interval, cf, ci, j->every);
    if (!gt) return;
    uint64_t m = grid_fit(j, gt, j->t0, gt->top < lim ? gt->top : lim, j->segments,
                          j->leap_last - j->segments);
    if (m == 0) return;
    const leap_grid *gh = grid_at(&j->grid_h, 1, j->st.checkpoint_h, 0.0, cf, ci, j->every);
    if (!gh) return; /* none yet (0): the walk makes the first */
    if (!(j->st.checkpoint_h + grid_span(j, gh, j->segments, m) < gh->top))
        m = grid_fit(j, gh, j->st.checkpoint_h, gh->top, j->segments, m);
    if (m == 0) return;
    uint64_t nf = fulls(j, j->segments, m);
    /* the last checkpoint jumped began at its compute phase's end (a sum on the grid) */
    j->nref_t = j->t0 + grid_span(j, gt, j->segments, m - 1) + gt->a;
    j->t0 += grid_span(j, gt, j->segments, m);
    j->st.checkpoint_h += grid_span(j, gh, j->segments, m);
    j->segments += m;
    j->st.checkpoints += m;
    j->st.full_checkpoints += nf;
    j->st.incremental_checkpoints += m - nf;
    j->k_ckpt += (uint32_t)nf;
    j->k_inc += (uint32_t)(m - nf);
    j->nth = 2; /* two phases a segment */
    j->leapt += 2 * m;
}

/* Fixed costs: the end of the block that starts with the phase in progress, by the additions its
 * phase ends make: the completion if it comes in the clock's binade (or the next, when not a
 * whole segment fits before the binade's top), else the last checkpoint end in it. The job's
 * state is left alone. */
static double fixed_block_end(job *j)
{
    const scn *s = j->s;
    double cf = s->ckpt_cost.p1, ci = s->full_every ? s->inc_cost.p1 : 0.0;
    double t = j->t0;
    uint64_t seg = j->segments;
    if (j->state == J_CHECKPOINT) {
        t = t + j->cost;
        seg++;
    } else if (j->state == J_RESTORE) {
        t = t + j->cost;
    }
    while (seg < j->leap_last) {
        const leap_grid *g = grid_at(j->grid_t, LEAP_GRIDS, t, j->interval, cf, ci, j->every);
        if (g) {
            uint64_t m = grid_fit(j, g, t, g->top, seg, j->leap_last - seg);
            t += grid_span(j, g, seg, m);
            seg += m;
            if (m > 0 && seg < j->leap_last) return t;
            if (seg >= j->leap_last) break;
        }
        t = t + j->interval;
        t = t + (fulls(j, seg, 1) ? cf : ci);
        seg++;
    }
    return t + (s->work - (seg ? (double)seg * j->interval : 0.0));
}

static void leap_save(job *j)
{
    j->snap = (leap_snap){.state = j->state,
                          .full = j->full,
                          .in_outage = j->in_outage,
                          .t0 = j->t0,
                          .cost = j->cost,
                          .checkpoint_h = j->st.checkpoint_h,
                          .restart_h = j->st.restart_h,
                          .segments = j->segments,
                          .checkpoints = j->st.checkpoints,
                          .full_checkpoints = j->st.full_checkpoints,
                          .incremental_checkpoints = j->st.incremental_checkpoints,
                          .leapt = j->leapt,
                          .k_ckpt = j->k_ckpt,
                          .k_inc = j->k_inc,
                          .interruptions = j->st.interruptions,
                          .rpo_total_h = j->st.rpo_total_h,
                          .rto_total_h = j->st.rto_total_h,
                          .rpo_max_h = j->st.rpo_max_h,
                          .rto_max_h = j->st.rto_max_h};
}

static void leap_load(job *j)
{
    const leap_snap *p = &j->snap;
    j->state = p->state;
    j->full = p->full;
    j->in_outage = p->in_outage;
    j->t0 = p->t0;
    j->cost = p->cost;
    j->st.checkpoint_h = p->checkpoint_h;
    j->st.restart_h = p->restart_h;
    j->segments = p->segments;
    j->st.checkpoints = p->checkpoints;
    j->st.full_checkpoints = p->full_checkpoints;
    j->st.incremental_checkpoints = p->incremental_checkpoints;
    j->leapt = p->leapt;
    j->k_ckpt = p->k_ckpt;
    j->k_inc = p->k_inc;
    j->st.interruptions = p->interruptions;
    j->st.rpo_total_h = p->rpo_total_h;
    j->st.rto_total_h = p->rto_total_h;
    j->st.rpo_max_h = p->rpo_max_h;
    j->st.rto_max_h = p->rto_max_h;
}

/* A phase began at now (a compute phase or a plain checkpoint): schedules the end of a block of
 * phases, with fixed costs those up to the completion or the clock's next binade (their state
 * worked out when needed), else a block walked ahead. */
static void walk_plan(job *j, int fresh);
static void leap_plan(job *j)
{
    if (j->leap_walk) {
        walk_plan(j, 1);
        return;
    }
    j->leap_seq = engine_seq(j->e);
    j->nth = 0;
    j->nref = j->leap_seq;
    j->leaping = 1;
    if (j->leap_fixed) { /* the state stays the block's start until leap_settle */
        at(j, fixed_block_end(j));
        return;
    }
    leap_save(j);
    uint64_t n = 0; /* phases passed */
    while (!leap_completing(j) && n < j->leap_block) {
        leap_pass(j);
        n++;
    }
    if (j->leap_block < LEAP_BLOCK_MAX) j->leap_block *= 2;
    at(j, phase_end(j));
}

/* Fixed costs: leap_settle's walk, from the phase in progress (a compute phase completes the
 * work once leap_last checkpoints are done, else lasts an interval; a checkpoint lasts its fixed
 * cost, a restore its drawn one), jumping at once over whole segments where there are enough. */
static void fixed_settle(job *j, double now, const engine_origin *o)
{
    const scn *s = j->s;
    for (;;) {
        double t, from;
        if (j->state == J_COMPUTE) {
            if (j->segments >= j->leap_last) return; /* the completing phase */
            if (now - j->t0 > 2.0 * j->jump_h) {
                fixed_jump(j, now);
                if (j->segments >= j->leap_last) return;
            }
            t = j->t0 + j->interval;
            if (t > now || (t == now && leap_precedes(j, o))) return;
            from = j->t0;
            j->state = J_CHECKPOINT; /* checkpoint_begin, its cost fixed */
            j->t0 = t;
            j->full = !s->full_every || (j->segments + 1) % s->full_every == 0;
            if (j->full) {
                j->cost = s->ckpt_cost.p1;
                j->k_ckpt++;
            } else {
                j->cost = s->inc_cost.p1;
                j->k_inc++;
            }
        } else {
            t = j->t0 + j->cost;
            if (t > now || (t == now && leap_precedes(j, o))) return;
            from = j->t0;
            stall_done(j, t);
        }
        next_phase(j, from);
        j->leapt++;
    }
}

/* Brings the job's state up to `now` exactly as the phase-end events would have: the event of
 * origin o comes before a phase end at `now` when leap_precedes says so. The block's pending end
 * is the caller's to cancel or keep. With fixed costs the walk goes on from the block's start,
 * or from as far as an earlier walk of the block came; with random costs the plan walked ahead,
 * and the walk starts again from the block's start. */
static void walk_settle(job *j, double now, const engine_origin *o);
static void leap_settle(job *j, double now, const engine_origin *o)
{
    if (!j->leaping) return;
    if (j->leap_walk) {
        walk_settle(j, now, o);
        return;
    }
    if (j->leap_fixed) {
        fixed_settle(j, now, o);
        return;
    }
    leap_load(j);
    j->nth = 0;
    j->nref = j->leap_seq;
    while (!leap_completing(j)) {
        double t = phase_end(j);
        if (t > now || (t == now && leap_precedes(j, o))) break;
        leap_pass(j);
    }
}

/* The segments before the completing one: the fewest checkpoints after which the compute phase
 * completes the work (leap_completing). 0 if there are too many to count in a double's
 * integers. */
static int completing_segment(const scn *s, uint64_t *last)
{
    double iv = s->ckpt.interval;
    *last = 0;
    if (!isfinite(iv)) return 1; /* no checkpoints: one compute phase */
    double q = s->work / iv;
    if (!(q < 0x1p50)) return 0;
    uint64_t m = q > 3.0 ? (uint64_t)q - 3 : 0;
    while (s->work - (m ? (double)m * iv : 0.0) > iv * (1 + TIE_REL))
        m++;
    *last = m;
    return 1;
}

/* 1 if d is fixed at 0. */
static int fixed_zero(const dist *d)
{
    return d->kind == DIST_FIXED && !(d->p1 > 0);
}

int job_leaps(const scn *s)
{
    /* checkpoint stalls of zero would end two phases at one time; the walk orders only one */
    int zero = 0;
    if (!s->ntier) {
        zero = fixed_zero(&s->ckpt_cost) || (s->full_every && fixed_zero(&s->inc_cost));
    } else {
        for (int i = 0; i < s->ntier; i++)
            zero |= fixed_zero(s->tier[i].async ? &s->tier[i].snapshot : &s->tier[i].cost);
    }
    zero &= isfinite(s->ckpt.interval);
    /* components that age only while the job computes must hear of every phase's start and end
     * (set_working): the job steps */
    return !zero && !scn_has_computing(s);
}

/* Starts restoring checkpoint `segments` (a failure's, or a detected corruption's rollback). */
static double incremental_restores(job *j);
static void restore_tiered(job *j, double now);
static void restore(job *j, double now)
{
    if (j->tr) {
        restore_tiered(j, now);
        return;
    }
    if (j->site_lost) { /* the site's store went with it: the remote copy, or the start */
        uint64_t t = j->remote_m == TIERS_NONE ? 0 : j->remote_m;
        if (t < j->segments) {
            j->st.lost_h += (double)(j->segments - t) * j->interval;
            j->segments = t;
        }
    }
    j->state = J_RESTORE;
    j->t0 = now;
    j->cost = draw_law(&j->s->restart_cost, j->r, STREAM_JOB, STREAM_RESTART, j->k_restart++);
    if (j->s->full_every) j->cost += incremental_restores(j);
    if (j->leap) { /* the restore is a block's first phase */
        j->leap_block = LEAP_BLOCK0;
        leap_plan(j);
        return;
    }
    at(j, now + j->cost);
}

/* A strike while computing: every checkpoint from the next on is corrupt until its detection. */
static void on_strike(job *j, double now)
{
    j->sdc_pending = 1;
    j->sdc_base = j->segments;
    j->st.sdc_strikes++;
    double x = draw_law(&j->s->sdc_detect, j->r, STREAM_JOB, JOB_STREAM_SDC_DETECT, j->k_detect++);
    at_id(j, T_DETECT, now + x);
}

/* What an interruption (a failure, a rollback) does to the phase in progress: computation and a
 * checkpoint in progress are lost (the checkpoint with the segment it was saving), a restore's
 * time so far stays restore time. */
static void interrupt_phase(job *j, double now)
{
    switch (j->state) {
    case J_COMPUTE:
        j->st.lost_h += now - j->t0;
        break;
    case J_CHECKPOINT:
        j->st.lost_h += j->interval + (now - j->t0);
        break;
    case J_RESTORE:
        j->st.restart_h += now - j->t0;
        if (j->tr) j->st.restart_tier_h[j->src] += now - j->t0;
        break;
    case J_WAIT: /* the segment waiting to be checkpointed is lost, and the wait */
        j->st.lost_h += j->interval + (now - j->t0);
        break;
    case J_STORE_WAIT:
        j->st.restart_h += now - j->t0;
        j->st.storage_wait_h += now - j->t0;
        break;
    }
}

/* A strike detected: back to its newest clean checkpoint if it is still retained, else to the
 * start; the work since is lost and the job restores it (at once, or once every slot is up). */
static void on_detect(job *j, double now)
{
    if (j->leaping) { /* the walk: up to now, then a rollback */
        engine_origin o;
        engine_current(j->e, &o);
        leap_settle(j, now, &o);
        j->leaping = 0;
    }
    uint64_t target = j->sdc_base;
    double before = committed(j);
    if (j->state == J_COMPUTE) set_working(j, 0);
    j->sdc_pending = 0;
    draw_strike(j);
    outage_begin(j, now);
    if (target >= j->oldest) {
        j->st.sdc_recovered++;
    } else {
        j->st.sdc_unrecoverable++;
        target = 0;
        j->oldest = 0;
    }
    interrupt_phase(j, now);
    j->segments = target;
    j->st.lost_h += before - committed(j);
    if (j->state == J_DOWN) return; /* restores the target once every slot is up */
    engine_cancel(j->e, j->cls, T_PHASE);
    restore(j, now);
}

/* ------------------------------------------------------------------ storage tiers
 *
 * Each rule is an effect on the job's state at a time t (tiered_due, tiered_done,
 * tiered_commit, restore_done), which the event-by-event job schedules after, and the
 * closed-form advance (the walk, below) applies without events. In a dry walk (the plan's,
 * on a copy) the tiers' holdings are left alone: they decide no time, only what a restore finds. */

/* Checkpoint m = segments + 1 is due at t (tiers): it waits for an asynchronous write still in
 * flight (J_WAIT), or goes to its tier (or the highest up one below it, the due one's write
 * skipped: J_CHECKPOINT, its cost drawn); with no tier up below it, it is skipped altogether and
 * the job computes on (J_COMPUTE from t). The caller schedules. */
static void tiered_due(job *j, double t)
{
    j->t0 = t;
    if (j->writing) {
        j->state = J_WAIT;
        return;
    }
    uint64_t m = j->segments + 1;
    int skipped, w = tiers_writer(j->tr, m, &skipped);
    if (skipped >= 0) j->st.skipped[skipped]++;
    if (w < 0) {
        j->segments++;
        j->state = J_COMPUTE;
        return;
    }
    j->wtier = w;
    j->state = J_CHECKPOINT;
    j->cost = draw_tier(j, w, j->s->tier[w].async ? TIER_SNAPSHOT : TIER_COST);
}

/* The stall of checkpoint m ends at t: a sync write is held at its tier and the lower ones; an
 * async snapshot is kept at the lower tiers and its write to the tier starts in the background,
 * committing at write_at. The job computes from t (the caller schedules). */
static void tiered_done(job *j, double t)
{
    int w = j->wtier;
    uint64_t m = ++j->segments;
    j->st.checkpoints++;
    j->st.full_checkpoints++;
    j->st.checkpoint_h += j->cost;
    j->st.checkpoint_tier_h[w] += j->cost;
    if (!j->dry) tiers_keep(j->tr, w, m);
    if (j->s->tier[w].async) {
        j->writing = 1;
        j->write_tier = w;
        j->write_m = m;
        j->write_at = t + draw_tier(j, w, TIER_WRITE);
    } else if (!j->dry) {
        tiers_hold(j->tr, w, m);
    }
    j->state = J_COMPUTE;
    j->t0 = t;
}

/* An asynchronous write commits at t: its tier holds the checkpoint; a checkpoint waiting for
 * it is due (the wait was checkpoint time). */
static void tiered_commit(job *j, double t)
{
    j->writing = 0;
    j->st.async_committed++;
    if (!j->dry) tiers_hold(j->tr, j->write_tier, j->write_m);
    if (j->state != J_WAIT) return;
    j->st.checkpoint_h += t - j->t0;
    j->st.checkpoint_tier_h[j->write_tier] += t - j->t0;
    tiered_due(j, t);
}

/* A restore ends at t (tiers or none): its time counted, the restored checkpoint put back at
 * every up tier, the interruption over; the job computes from t (the caller schedules). */
static void restore_done(job *j, double t)
{
    j->st.restart_h += j->cost;
    if (j->tr) {
        j->st.restart_tier_h[j->src] += j->cost;
        j->st.restores[j->src]++;
        if (!j->dry) tiers_restored(j->tr, j->segments);
    }
    j->site_lost = 0; /* the restored state is the new site's */
    outage_end(j, t);
    j->state = J_COMPUTE;
    j->t0 = t;
}

static void walk_plan(job *j, int fresh);

/* After tiered_due at the present time, by an event: the next phase scheduled. */
static void schedule_due(job *j)
{
    if (j->state == J_COMPUTE) { /* the checkpoint was skipped */
        compute(j);
    } else if (j->leap) {
        walk_plan(j, 1); /* a block starts: the checkpoint's stall, or the wait */
    } else if (j->state == J_CHECKPOINT) {
        at(j, j->t0 + j->cost);
    } /* J_WAIT: the write's commit (T_WRITE) ends it */
}

/* The event-by-event rules: a checkpoint due now, the stall's end, the commit (T_WRITE). */
JOB_COLD static void checkpoint_tiered(job *j, double now)
{
    tiered_due(j, now);
    schedule_due(j);
}

JOB_COLD static void checkpoint_tiered_done(job *j, double now)
{
    tiered_done(j, now);
    if (j->writing && !j->leap) at_id(j, T_WRITE, j->write_at);
    if (j->writing && j->leap) { /* its commit, scheduled now before the block's phases */
        j->write_tc = now;
        j->write_rule = 0;
        j->write_ref = engine_seq(j->e);
    }
    compute(j);
}

static void on_write_committed(job *j, double now)
{
    int waiting = j->state == J_WAIT;
    tiered_commit(j, now);
    if (waiting) schedule_due(j);
}

/* A failure stops the job: an asynchronous checkpoint not yet committed (its snapshot or its
 * write) is lost. */
static void abort_async(job *j)
{
    if (j->state == J_CHECKPOINT && j->s->tier[j->wtier].async) j->st.async_lost++;
    if (!j->writing) return;
    j->writing = 0;
    j->st.async_lost++;
    engine_cancel(j->e, j->cls, T_WRITE);
}

/* Restores the newest checkpoint held anywhere, from the lowest up tier holding it; the work
 * since it is lost. With every holder down, waits for one to come back. */
JOB_COLD static void restore_tiered(job *j, double now)
{
    int src;
    uint64_t t = tiers_source(j->tr, &src);
    int held = 0;
    for (int i = 0; i < j->s->ntier; i++)
        held |= tiers_held(j->tr, i) != TIERS_NONE;
    if (j->remote_m != TIERS_NONE && (!held || j->remote_m > t)) {
        t = j->remote_m; /* newer at the remote site: read through tier 0 */
        src = 0;
    }
    if (t < j->segments) {
        j->st.lost_h += (double)(j->segments - t) * j->interval;
        j->segments = t;
    }
    j->t0 = now;
    if (src < 0) {
        j->state = J_STORE_WAIT;
        return;
    }
    j->src = src;
    j->state = J_RESTORE;
    j->cost = draw_tier(j, src, TIER_RESTORE);
    if (j->leap) { /* the restore is a block's first phase */
        j->leap_block = LEAP_BLOCK0;
        leap_plan(j);
        return;
    }
    at(j, now + j->cost);
}

/* A tier came back up: a restore waiting for storage tries again. */
static void on_tier_up(void *ctx)
{
    job *j = ctx;
    if (j->state != J_STORE_WAIT) return;
    double now = engine_now(j->e);
    j->st.restart_h += now - j->t0;
    j->st.storage_wait_h += now - j->t0;
    restore_tiered(j, now);
}

/* ------------------------------------------------------------------ the walk
 *
 * The closed-form advance of a job with tiers, [site] or [sdc] (job_leaps), random or fixed
 * costs: as for random costs, a block of phases from a restore (16, then twice as many each
 * block), planned on a copy of the job (j->shadow: a dry walk, the same additions and draws by
 * index) and walked on the job itself, once, as far as a disruption, a copy to the second site
 * (which reads the newest checkpoint), a strike or the block's end needs its state. A block ends
 * where a compute phase with a strike in it begins, so that compute() schedules the strike as
 * the event-by-event job does. An asynchronous write's
 * commit is one more event the walk stands for: due at write_at, before a phase end of the same
 * time (it was scheduled first), ordered against the other events by the rule of the phase that
 * began where it was scheduled (write_rule, write_ref, write_ref_t: see rule_precedes). The
 * tiers' changes (an outage, its end) and a failure's losses are disruptions too: the job is
 * brought up to their time before them (job_on_tiers, job_on_loss), and a tier's change plans
 * the block's end again. */

/* 1 if an event of origin o comes before the pending commit, at the same time. */
static int commit_precedes(const job *j, const engine_origin *o)
{
    if (o->when != j->write_tc) return o->when < j->write_tc;
    return rule_precedes(j->write_rule, j->write_ref, j->write_ref_t, o);
}

/* The next of the job's own events the walk stands for: the pending commit (*commit = 1) while
 * computing or waiting, else the end of the phase in progress. */
static double walk_next(const job *j, int *commit)
{
    if (j->state == J_WAIT) {
        *commit = 1;
        return j->write_at;
    }
    double t = phase_end(j);
    *commit = j->state == J_COMPUTE && j->writing && j->write_at <= t;
    return *commit ? j->write_at : t;
}

/* [sdc]: a compute phase ends at t, no strike pending: its computation runs the strike clock
 * down, and its strike, if one was scheduled and has not struck (it would have come after the
 * phase's end), is void (stop_computing). In the plan's dry walk, a strike due strictly within
 * the phase (only in a block's first phase: the plan ends a block before any other phase with
 * one) strikes: pending, as the real strike will make it. */
static void walk_strike_clock(job *j, double t)
{
    if (j->dry && j->sdc_left < compute_len(j) && j->t0 + j->sdc_left < t) {
        j->sdc_pending = 1;
        return;
    }
    j->sdc_left -= t - j->t0;
    if (j->sdc_left < 0) j->sdc_left = 0;
    if (!j->dry && j->strike_live) {
        engine_cancel(j->e, j->cls, T_STRIKE);
        j->strike_live = 0;
    }
}

/* A phase begins at a virtual event of rule (rule, ref, ref_t), scheduled at `at`. */
static void begin_phase(job *j, int rule, uint32_t ref, double at)
{
    j->nth = rule < 2 ? rule + 1 : 2;
    j->nref = ref;
    j->nref_t = at;
}

/* Passes the next event: the commit, or the phase's end and the next phase's beginning. */
static void walk_pass(job *j, int commit, double t)
{
    j->leapt++;
    if (commit) {
        int waiting = j->state == J_WAIT, rule = j->write_rule;
        uint32_t ref = j->write_ref;
        double at = j->write_tc;
        tiered_commit(j, t);
        if (waiting) begin_phase(j, rule, ref, at); /* the checkpoint (or compute) it starts */
        return;
    }
    int rule = j->nth, state = j->state;
    uint32_t ref = j->nref;
    double from = j->t0;
    switch (state) {
    case J_COMPUTE:
        if (j->sdc && !j->sdc_pending) walk_strike_clock(j, t);
        if (j->tr)
            tiered_due(j, t);
        else
            checkpoint_begin(j, t);
        break;
    case J_CHECKPOINT:
        if (j->tr) {
            tiered_done(j, t);
            break;
        }
        /* fall through */
    case J_RESTORE:
        stall_done(j, t);
        break;
    }
    begin_phase(j, rule, ref, from);
    if (state == J_CHECKPOINT && j->writing) { /* its commit, scheduled where the phase began */
        j->write_tc = t;
        j->write_rule = j->nth;
        j->write_ref = j->nref;
        j->write_ref_t = j->nref_t;
    }
}

/* Brings the job up to `now`: the events it stands for before now pass, and those at now unless
 * the event of origin o comes first. */
static void walk_settle(job *j, double now, const engine_origin *o)
{
    for (;;) {
        int commit;
        double t = walk_next(j, &commit);
        if (!commit && leap_completing(j)) return; /* the completion: the block's own end */
        if (t > now || (t == now && (commit ? commit_precedes(j, o) : leap_precedes(j, o))))
            return;
        walk_pass(j, commit, t);
    }
}

/* Schedules the end of the block that starts with the phase in progress (fresh: a new block,
 * whose first phase begins now; else the same block, after a tier's change), from a dry walk of
 * a copy. */
static void walk_plan(job *j, int fresh)
{
    if (fresh) {
        j->leap_seq = engine_seq(j->e);
        j->nth = 0;
        j->nref = j->leap_seq;
    }
    j->leaping = 1;
    job *p = j->shadow;
    *p = *j;
    p->dry = 1;
    uint64_t n = 0;
    double t;
    for (;;) {
        int commit;
        t = walk_next(p, &commit);
        if (!commit && (leap_completing(p) || n >= j->leap_block)) break;
        walk_pass(p, commit, t);
        n++;
        if (p->sdc && p->state == J_COMPUTE && !p->sdc_pending && p->sdc_left < compute_len(p)) {
            t = p->t0; /* a strike in the phase beginning: the block ends as it begins (compute()
                          schedules the strike) */
            break;
        }
    }
    if (fresh && j->leap_block < LEAP_BLOCK_MAX) j->leap_block *= 2;
    engine_cancel(j->e, j->cls, T_PHASE);
    at(j, t);
}

/* A block's end (on_timer): the events it stands for up to the phase ending now pass, those of
 * the same time in the engine's order; 1 if another event of now comes first (the block's end
 * is scheduled again, after it). */
static int walk_block_end(job *j, double now)
{
    walk_settle(j, now, &before_all);
    for (;;) {
        int commit;
        double t = walk_next(j, &commit), pt;
        engine_origin o;
        if (engine_peek(j->e, &pt, &o) && pt == now &&
            (commit ? commit_precedes(j, &o) : leap_precedes(j, &o))) {
            at(j, now);
            return 1;
        }
        if (!commit || t != now) return 0;
        walk_pass(j, 1, t);
    }
}

/* The tiers are about to change (before = 1: an outage begins or ends now) or have changed:
 * the job is brought up to now first, and its block's end planned again after. */
static void job_on_tiers(void *ctx, int before)
{
    job *j = ctx;
    if (!j->leaping) return;
    if (before) {
        engine_origin o;
        engine_current(j->e, &o);
        walk_settle(j, engine_now(j->e), &o);
    } else {
        walk_plan(j, 0);
    }
}

void job_on_loss(void *ctx, uint32_t slot, int level)
{
    job *j = ctx;
    if (j->state == J_DONE) return;
    if (j->leaping) { /* the copies it destroys are those the job had made by now */
        engine_origin o;
        engine_current(j->e, &o);
        leap_settle(j, engine_now(j->e), &o);
    }
    if (j->tr) tiers_lose(j->tr, slot, level);
    if (level < SCN_LOST_SITE) return;
    /* a disaster: the site's store and the copy in flight are lost; the interruption it starts
     * (or joins) is a disaster's */
    double now = engine_now(j->e);
    j->site_lost = 1;
    if (j->copying) {
        j->copying = 0;
        engine_cancel(j->e, j->cls, T_LANDED);
    }
    j->out_site = 1;
    j->st.site_copy_age_total_h += now - (j->remote_m == TIERS_NONE ? 0.0 : j->remote_t);
}

/* The newest checkpoint the site holds (its tiers', or its store's), or TIERS_NONE. */
static uint64_t site_newest(const job *j)
{
    if (!j->tr) return j->site_lost ? TIERS_NONE : j->segments;
    int src;
    uint64_t t = tiers_source(j->tr, &src);
    return src < 0 ? TIERS_NONE : t; /* every holder down: nothing to copy from now */
}

/* Every replicate_every of wall time a copy of the newest checkpoint starts for the remote site,
 * unless one is still in flight, or the newest is the start, or the remote site has it already. */
static void on_replicate(job *j, double now)
{
    at_id(j, T_REPLICATE, now + j->s->site_every);
    if (j->leaping) { /* the newest checkpoint is that of now */
        engine_origin o;
        engine_current(j->e, &o);
        leap_settle(j, now, &o);
    }
    uint64_t m = site_newest(j);
    /* nothing new: the start (every site has it), or what the remote site holds already */
    if (j->copying || m == TIERS_NONE || m == 0 || (j->remote_m != TIERS_NONE && m <= j->remote_m))
        return;
    j->copying = 1;
    j->copy_m = m;
    j->copy_t = now;
    double w = draw_law(&j->s->site_transfer, j->r, STREAM_JOB, JOB_STREAM_TRANSFER, j->k_transfer++);
    at_id(j, T_LANDED, now + w);
}

static void on_replicate(job *j, double now);
/* The timers other than the phase's: a strike, its detection, an async write's commit, a remote
 * copy's start and landing. */
JOB_COLD static void on_other_timer(job *j, uint32_t id, double now)
{
    switch (id) {
    case T_STRIKE:
        if (j->leaping) { /* the walk: its compute phase is the one in progress */
            engine_origin o;
            engine_current(j->e, &o);
            leap_settle(j, now, &o);
            if (!j->strike_live) break; /* its phase ended first: void */
        }
        stop_computing(j, now);
        on_strike(j, now);
        break;
    case T_DETECT:
        on_detect(j, now);
        break;
    case T_WRITE:
        on_write_committed(j, now);
        break;
    case T_REPLICATE:
        on_replicate(j, now);
        break;
    case T_LANDED:
        j->copying = 0;
        j->remote_m = j->copy_m;
        j->remote_t = j->copy_t;
        j->st.remote_copies++;
        break;
    }
}

static void on_timer(void *ctx, uint32_t id)
{
    job *j = ctx;
    double now = engine_now(j->e);
    if (id != T_PHASE) { /* the phase's end is the hot path: one test for the rest */
        on_other_timer(j, id, now);
        return;
    }
    if (j->leaping && j->leap_walk) { /* a block's end: the walk up to its last phase */
        if (walk_block_end(j, now)) return;
        j->leaping = 0;
    }
    if (j->leaping) { /* a block's end: its state is the block's last phase, ending now */
        double t;
        engine_origin o;
        if (j->leap_fixed) leap_settle(j, now, &before_all); /* up to that phase */
        if (engine_peek(j->e, &t, &o) && t == now && leap_precedes(j, &o)) {
            at(j, now); /* that event would have come first: after it */
            return;
        }
        j->leaping = 0;
    }
    switch (j->state) {
    case J_COMPUTE: {
        stop_computing(j, now);
        set_working(j, 0);
        double left = j->s->work - committed(j);
        if (left <= j->interval * (1 + TIE_REL)) {
            j->state = J_DONE;
            j->st.completed = 1;
            j->st.end = now;
            j->st.useful_h = j->s->work;
            engine_stop(j->e);
            return;
        }
        if (j->tr) {
            checkpoint_tiered(j, now);
            break;
        }
        checkpoint_begin(j, now);
        if (j->leap)
            leap_plan(j);
        else
            at(j, now + j->cost);
        break;
    }
    case J_CHECKPOINT:
        if (j->tr) {
            checkpoint_tiered_done(j, now);
            break;
        }
        checkpoint_complete(j);
        compute(j);
        break;
    case J_RESTORE:
        restore_done(j, now);
        compute(j);
        break;
    }
}

job *job_new(const scn *s, engine *e, stream *r)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->s = s;
    j->e = e;
    j->r = r;
    j->interval = s->ckpt.interval;
    j->sdc = s->has_sdc;
    const char *step = getenv("RELSIM_JOB_STEP"); /* tests: the phase-by-phase path */
    j->leap = job_leaps(s) && !(step && *step && strcmp(step, "0") != 0);
    j->leap_walk = j->leap && (s->ntier || s->has_site || s->has_sdc);
    if (j->leap_walk && !(j->shadow = malloc(sizeof *j->shadow))) {
        free(j);
        return NULL;
    }
    j->leap_fixed = j->leap && !j->leap_walk && s->ckpt_cost.kind == DIST_FIXED &&
                    (!s->full_every || s->inc_cost.kind == DIST_FIXED);
    if (j->leap_fixed && !completing_segment(s, &j->leap_last)) j->leap_fixed = 0;
    if (j->leap_fixed && !(j->grid_t = calloc(LEAP_GRIDS, sizeof *j->grid_t))) {
        free(j->shadow);
        free(j);
        return NULL;
    }
    j->every = s->full_every ? (double)s->full_every : 1.0;
    j->jump_h = s->ckpt.interval + (s->full_every ? fmin(s->ckpt_cost.p1, s->inc_cost.p1)
                                                   : s->ckpt_cost.p1);
    j->cls = engine_add_class(e, on_timer, j, s->has_site ? 6 : s->ntier ? 4 : j->sdc ? 3 : 1);
    if (j->cls < 0) {
        free(j->grid_t);
        free(j->shadow);
        free(j);
        return NULL;
    }
    if (s->ntier) {
        if (!(j->tr = tiers_new(s, e, r))) {
            free(j->grid_t);
            free(j->shadow);
            free(j);
            return NULL;
        }
        tiers_set_listener(j->tr, on_tier_up, j);
        if (j->leap_walk) tiers_set_change_listener(j->tr, job_on_tiers, j);
    }
    return j;
}

void job_set_work_listener(job *j, job_work_listener fn, void *ctx)
{
    j->work_fn = fn;
    j->work_ctx = ctx;
}

void job_free(job *j)
{
    if (!j) return;
    tiers_free(j->tr);
    free(j->grid_t);
    free(j->shadow);
    free(j);
}

int job_reset(job *j)
{
    j->segments = 0;
    j->k_ckpt = j->k_restart = j->k_inc = j->k_inc_restore = 0;
    j->failed = 0;
    j->st = (job_stats){0};
    j->oldest = 0;
    j->sdc_pending = 0;
    j->k_strike = j->k_detect = 0;
    j->in_outage = 0;
    j->out_site = 0;
    j->writing = 0;
    j->remote_m = TIERS_NONE;
    j->copying = j->site_lost = 0;
    j->k_transfer = 0;
    j->leaping = 0;
    j->leap_block = LEAP_BLOCK0;
    j->leapt = 0;
    j->strike_live = 0;
    if (j->s->has_site && isfinite(j->s->site_every)) at_id(j, T_REPLICATE, j->s->site_every);
    memset(j->k_tier, 0, sizeof j->k_tier);
    if (j->tr && tiers_reset(j->tr)) return -1;
    if (j->sdc) draw_strike(j);
    compute(j);
    return j->failed || (j->tr && tiers_failed(j->tr)) ? -1 : 0;
}

/* The incrementals a restore to checkpoint m = segments applies after its full one: chained, every
 * one since the last full (m mod full_every); cumulative, the newest only (if m is not full). The
 * start (m = 0) counts as full. A fixed law adds n times its value (the closed form's sum). */
static double incremental_restores(job *j)
{
    const scn *s = j->s;
    uint64_t n = j->segments % s->full_every;
    if (s->inc_cumulative && n) n = 1;
    if (s->inc_restore_cost.kind == DIST_FIXED) return (double)n * s->inc_restore_cost.p1;
    double sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += draw_law(&s->inc_restore_cost, j->r, STREAM_JOB, JOB_STREAM_INC_RESTORE,
                        j->k_inc_restore++);
    return sum;
}

void job_on_cluster(void *ctx, int all_up)
{
    job *j = ctx;
    double now = engine_now(j->e);
    if (j->state == J_DONE) return;
    if (j->leaping) {
        engine_origin o;
        engine_current(j->e, &o);
        leap_settle(j, now, &o);
        j->leaping = 0;
    }
    if (!all_up) {
        outage_begin(j, now);
        if (j->state == J_COMPUTE) {
            stop_computing(j, now);
            set_working(j, 0);
        }
        if (j->tr) abort_async(j);
        interrupt_phase(j, now);
        engine_cancel(j->e, j->cls, T_PHASE);
        /* the restore goes back to checkpoint `segments`: if it is the pending strike's clean
         * one, the corrupt state is thrown away with the failure, and the strike with it */
        if (j->sdc_pending && j->segments == j->sdc_base) {
            j->sdc_pending = 0;
            engine_cancel(j->e, j->cls, T_DETECT);
            draw_strike(j);
        }
        j->state = J_DOWN;
        return;
    }
    restore(j, now);
}

int job_done(const job *j)
{
    return j->state == J_DONE;
}

uint64_t job_leapt(const job *j, double end)
{
    if (!j->leaping) return j->leapt;
    job settled = *j; /* the block's phase ends up to `end` only (the tiers left alone) */
    settled.dry = 1;
    leap_settle(&settled, end, &after_all);
    return settled.leapt;
}

int job_failed(const job *j)
{
    return j->failed || (j->tr && tiers_failed(j->tr));
}

void job_finish(const job *jp, double end, job_stats *out)
{
    job settled; /* a block in progress: its state at `end` (phase ends at `end` ran) */
    const job *j = jp;
    if (jp->leaping) {
        settled = *jp;
        leap_settle(&settled, end, &after_all);
        j = &settled;
    }
    *out = j->st;
    /* with tiers, the position may be ahead of what is saved (a write in flight or skipped) */
    double behind = committed(j) - saved(j); /* 0 without tiers or a disaster */
    switch (j->state) {
    case J_COMPUTE: /* computation since the last checkpoint is not saved: not yet useful */
        out->useful_h = committed(j) - behind;
        out->unsaved_h = end - j->t0 + behind;
        break;
    case J_CHECKPOINT: /* the segment being saved is saved only when its checkpoint ends */
        out->useful_h = committed(j) - behind;
        out->unsaved_h = j->interval + behind;
        out->checkpoint_h += end - j->t0;
        if (j->tr) out->checkpoint_tier_h[j->wtier] += end - j->t0;
        break;
    case J_WAIT: /* the segment waits for the write in flight to be saved */
        out->useful_h = committed(j) - behind;
        out->unsaved_h = j->interval + behind;
        out->checkpoint_h += end - j->t0;
        out->checkpoint_tier_h[j->write_tier] += end - j->t0;
        break;
    case J_RESTORE:
        out->useful_h = committed(j);
        out->restart_h += end - j->t0;
        if (j->tr) out->restart_tier_h[j->src] += end - j->t0;
        break;
    case J_STORE_WAIT:
        out->useful_h = committed(j);
        out->restart_h += end - j->t0;
        out->storage_wait_h += end - j->t0;
        break;
    case J_DOWN: /* what the failures destroyed is lost, though the restore has not begun */
        out->useful_h = committed(j) - behind;
        out->lost_h += behind;
        break;
    }
}
