// Package load is authprobe's load runner: token-acquisition latency and
// throughput of a session-authentication API, on vegeta's attacker and
// pacers, with SLO gates.
//
//	sc, _ := load.FromConfig(cfg, "irp")
//	sc.API, _ = registry.Lookup(sc.Target.Profile, cfg.Load) // package load/registry
//	res, err := load.Run(ctx, sc, load.WithProgress(printLine, time.Second))
//
// A scenario runs in one of three modes: constant (a rate held for a
// duration, vegeta.ConstantPacer), ramp (a rate going linearly from one
// value to another, vegeta.LinearPacer) or capacity (the rate stepped up
// until the target breaks; see Capacity).
//
// Every hit is a fresh request built by the API's Targeter (packages
// load/irp, load/certna, load/ishare, load/videntity), with the target's
// credentials used round-robin, and its answer is read by the API's Judge.
// A hit succeeds when the judge (the client's Classify) says a token was
// issued — not when the status is 200 — or, for a scenario that expects a
// documented error code (a flood of wrong passwords expecting "2003"),
// when the answer carries that code.
//
// Latency is measured from each hit's intended send time (the start plus
// the pacer's schedule for its sequence number), so a target that stalls
// cannot hide behind coordinated omission, and recorded in HDR histograms
// (1µs–60s, 3 significant digits). Nothing is kept per hit: memory is
// constant however long the run, and raw hits are streamed to a file on
// request. Shards of a run (Scenario.Shard) merge exactly with Merge.
package load
