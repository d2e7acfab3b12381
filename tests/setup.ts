// Property tests draw the same cases on every run unless LP_FC_SEED says otherwise, so a red CI is
// always reproducible and main never flips on luck; explore with LP_FC_SEED=$RANDOM LP_FC_RUNS=5000.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.LP_FC_SEED ?? 20261125) });
