// The PPO loss over a minibatch and its gradient with respect to the
// network outputs (src/rl/ppo-loss.ts is the reference; same formulas, in
// f32): masked softmax, log-prob and entropy over the allowed actions, the
// clipped surrogate, ½(V − R)² and the entropy bonus.
//
//   ppoLoss     one row per thread; writes gradScale·∂ℓ/∂output, and each
//               workgroup's sums of the five metrics into a partial
//   lossReduce  one workgroup adds the partials to the epoch's metrics
//
// Rows are minibatch rows; their samples are order[start + i]. Outputs are
// read at aOff (stride aStride), gradients written at cOff (stride cStride),
// partials at hOff (8 floats per workgroup).

const LOSS_GROUP = 64u;
var<workgroup> sums: array<f32, 320>; // [5][LOSS_GROUP]

fn allowed(s: u32, a: u32) -> bool {
  return ((batchU[u.maskOff + s * u.maskWords + (a >> 5u)] >> (a & 31u)) & 1u) == 1u;
}

@compute @workgroup_size(64)
fn ppoLoss(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  if (stopped(lid)) { return; }
  let i = wid.x * LOSS_GROUP + lid;
  var terms = array<f32, 5>(0.0, 0.0, 0.0, 0.0, 0.0);
  if (i < u.rows) {
    let s = batchU[u.orderOff + u.start + i];
    let base = u.aOff + i * u.aStride;
    var top = -3.4e38;
    for (var a = 0u; a < u.actions; a++) {
      if (allowed(s, a)) { top = max(top, work[base + a]); }
    }
    var total = 0.0;
    for (var a = 0u; a < u.actions; a++) {
      if (allowed(s, a)) { total += exp(work[base + a] - top); }
    }
    let logTotal = log(total);
    var entropy = 0.0;
    for (var a = 0u; a < u.actions; a++) {
      if (allowed(s, a)) {
        let logp = work[base + a] - top - logTotal;
        entropy -= exp(logp) * logp;
      }
    }
    let act = batchU[u.actOff + s];
    let advantage = batchF[u.advOff + s];
    let logRatio = (work[base + act] - top - logTotal) - batchF[u.logpOff + s];
    let ratio = exp(logRatio);
    let unclipped = ratio * advantage;
    let clipped = clamp(ratio, 1.0 - u.clipEps, 1.0 + u.clipEps) * advantage;
    // g = ∂ℓ/∂log π(a|s): only the unclipped term depends on the policy.
    let g = select(0.0, -unclipped, unclipped <= clipped);
    let valueError = work[base + u.actions] - batchF[u.retOff + s];
    let out = u.cOff + i * u.cStride;
    for (var a = 0u; a < u.actions; a++) {
      var d = 0.0;
      if (allowed(s, a)) {
        let logp = work[base + a] - top - logTotal;
        let p = exp(logp);
        d = u.gradScale * (g * (select(0.0, 1.0, a == act) - p) + u.entropyCoef * p * (logp + entropy));
      }
      work[out + a] = d;
    }
    work[out + u.actions] = u.gradScale * u.valueCoef * valueError;
    terms[0] = -min(unclipped, clipped);
    terms[1] = 0.5 * valueError * valueError;
    terms[2] = entropy;
    terms[3] = ratio - 1.0 - logRatio;
    terms[4] = select(0.0, 1.0, abs(ratio - 1.0) > u.clipEps);
  }
  for (var t = 0u; t < 5u; t++) { sums[t * LOSS_GROUP + lid] = terms[t]; }
  workgroupBarrier();
  for (var half = LOSS_GROUP / 2u; half > 0u; half >>= 1u) {
    if (lid < half) {
      for (var t = 0u; t < 5u; t++) { sums[t * LOSS_GROUP + lid] += sums[t * LOSS_GROUP + lid + half]; }
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    for (var t = 0u; t < 5u; t++) { work[u.hOff + wid.x * 8u + t] = sums[t * LOSS_GROUP]; }
  }
}

var<workgroup> reduced: array<f32, 1280>; // [5][256]

@compute @workgroup_size(256)
fn lossReduce(@builtin(local_invocation_index) lid: u32) {
  if (stopped(lid)) { return; }
  var terms = array<f32, 5>(0.0, 0.0, 0.0, 0.0, 0.0);
  for (var g = lid; g < u.groups; g += 256u) {
    for (var t = 0u; t < 5u; t++) { terms[t] += work[u.hOff + g * 8u + t]; }
  }
  for (var t = 0u; t < 5u; t++) { reduced[t * 256u + lid] = terms[t]; }
  workgroupBarrier();
  for (var half = 128u; half > 0u; half >>= 1u) {
    if (lid < half) {
      for (var t = 0u; t < 5u; t++) { reduced[t * 256u + lid] += reduced[t * 256u + lid + half]; }
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let m = CTL_METRICS + u.epoch * METRIC_STRIDE;
    ctl[m + M_POLICY] += reduced[0];
    ctl[m + M_VALUE] += reduced[256];
    ctl[m + M_ENTROPY] += reduced[512];
    ctl[m + M_KL] += reduced[768];
    ctl[m + M_CLIPPED] += reduced[1024];
    ctl[m + M_SAMPLES] += f32(u.rows);
  }
}
