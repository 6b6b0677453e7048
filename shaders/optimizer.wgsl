// After the backward pass: the split-K gradient partials summed into the
// gradient, the global gradient norm and clip, Adam (src/nn/adam.ts and
// kernels.wat are the reference), the per-epoch KL early stop, and the
// weights backup that undoes an update which left a non-finite parameter.
//
// net holds params | grads | m | v, each u.paramCount floats.

fn finite(x: f32) -> bool {
  // By the bits: a compiler may assume no NaN and fold x == x away.
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// grads[layer] = Σ over splits of the partials at aOff; rows < k are the
// weight (at bOff), row k the bias (at biasOff).
@compute @workgroup_size(256)
fn gradientReduce(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (ctl[CTL_STOP] != 0.0) { return; }
  let idx = gid.x;
  let size = (u.k + 1u) * u.n;
  if (idx >= size) { return; }
  var total = 0.0;
  for (var s = 0u; s < u.groups; s++) { total += work[u.aOff + s * size + idx]; }
  let p = idx / u.n;
  let j = idx % u.n;
  let grads = u.paramCount;
  if (p < u.k) { net[grads + u.bOff + idx] = total; } else { net[grads + u.biasOff + j] = total; }
}

var<workgroup> squares: array<f32, 256>;

// One workgroup: the norm, the clip scale and whether the step is applied.
@compute @workgroup_size(256)
fn gradientNorm(@builtin(local_invocation_index) lid: u32) {
  if (stopped(lid)) { return; }
  var sum = 0.0;
  for (var i = lid; i < u.paramCount; i += 256u) {
    let g = net[u.paramCount + i];
    sum += g * g;
  }
  squares[lid] = sum;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half >>= 1u) {
    if (lid < half) { squares[lid] += squares[lid + half]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let norm = sqrt(squares[0]);
    let m = CTL_METRICS + u.epoch * METRIC_STRIDE;
    if (finite(norm)) {
      ctl[CTL_FINITE] = 1.0;
      ctl[CTL_SCALE] = select(1.0, u.maxGradNorm / (norm + 1e-6), u.maxGradNorm > 0.0 && norm > u.maxGradNorm);
      ctl[CTL_STEPS] += 1.0;
      ctl[m + M_NORM_SUM] += norm;
      ctl[m + M_STEPS] += 1.0;
    } else {
      ctl[CTL_FINITE] = 0.0;
      ctl[m + M_SKIPPED] += 1.0;
    }
  }
}

@compute @workgroup_size(256)
fn adam(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= u.paramCount || ctl[CTL_STOP] != 0.0 || ctl[CTL_FINITE] == 0.0) { return; }
  let t = ctl[CTL_STEPS];
  let stepSize = u.lr / (1.0 - pow(u.beta1, t));
  let invSqrtBc2 = 1.0 / sqrt(1.0 - pow(u.beta2, t));
  let n = u.paramCount;
  let g = net[n + i] * ctl[CTL_SCALE];
  let m = u.beta1 * net[2u * n + i] + u.oneMinusBeta1 * g;
  let v = u.beta2 * net[3u * n + i] + u.oneMinusBeta2 * (g * g);
  net[2u * n + i] = m;
  net[3u * n + i] = v;
  net[i] = net[i] - stepSize * (m / (sqrt(v) * invSqrtBc2 + u.eps));
}

// After an epoch: stop when its mean approximate KL exceeds targetKl (never after the last epoch).
@compute @workgroup_size(1)
fn epochEnd() {
  if (ctl[CTL_STOP] != 0.0) { return; }
  let m = CTL_METRICS + u.epoch * METRIC_STRIDE;
  if (u.targetKl > 0.0 && u.epoch + 1u < u.epochs && ctl[m + M_KL] / ctl[m + M_SAMPLES] > u.targetKl) {
    ctl[CTL_STOP] = 1.0;
  }
}

// params, m, v → backup (3·paramCount floats; grads are not state).
fn stateIndex(i: u32) -> u32 {
  return select(i + u.paramCount, i, i < u.paramCount);
}

@compute @workgroup_size(256)
fn backupState(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i == 0u) { ctl[CTL_BACKUP_STEPS] = ctl[CTL_STEPS]; }
  if (i < 3u * u.paramCount) { backup[i] = net[stateIndex(i)]; }
}

@compute @workgroup_size(256)
fn checkFinite(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i < u.paramCount && !finite(net[i])) { ctl[CTL_BAD] = 1.0; }
}

@compute @workgroup_size(256)
fn restoreState(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (ctl[CTL_BAD] == 0.0) { return; }
  if (i == 0u) { ctl[CTL_STEPS] = ctl[CTL_BACKUP_STEPS]; }
  if (i < 3u * u.paramCount) { net[stateIndex(i)] = backup[i]; }
}
