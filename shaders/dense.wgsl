// The dense layers' three products, one register-blocked tiled matmul:
// each workgroup computes a 64×64 block of C, each of its 16×16 threads a
// 4×4 of it, stepping the reduction 16 at a time through workgroup memory.
//
//   denseForward   Y = act(X·W + b)              M = rows, N = n (outputs), K = k (inputs)
//   denseGradient  [dW; db] = [X 1]ᵀ·dY           M = k + 1, N = n, reduction over a split of rows
//   denseBackData  dX = (dY·Wᵀ) ⊙ act′(H)        M = rows, N = k, K = n
//
// X is the layer input: batch samples through the order (FLAG_INDEXED; the
// first layer reads obs where they lie, so minibatches need no gather) or
// the activations below. denseGradient writes one partial per split of
// rows (workgroup z) so large minibatches keep every core busy;
// gradientReduce (optimizer.wgsl) sums them into the gradient.

const TILE = 64u;
const STEP = 16u;
const FORWARD = 0u;
const GRADIENT = 1u;
const BACK_DATA = 2u;

var<workgroup> tileA: array<f32, 1024>; // [STEP][TILE]: reduction index major
var<workgroup> tileB: array<f32, 1024>; // [STEP][TILE]

// The layer input X(i, p), 0 outside [0, rows) × [0, k).
fn layerInput(i: u32, p: u32) -> f32 {
  if (i >= u.rows || p >= u.k) { return 0.0; }
  if ((u.flags & FLAG_INDEXED) != 0u) {
    let s = batchU[u.orderOff + u.start + i];
    return batchF[u.obsOff + s * u.obsSize + p];
  }
  return work[u.aOff + i * u.aStride + p];
}

fn loadA(mode: u32, row: u32, red: u32, redEnd: u32) -> f32 {
  if (mode == FORWARD) { return layerInput(row, red); }
  if (mode == GRADIENT) {
    if (red >= redEnd || row > u.k) { return 0.0; }
    return select(layerInput(red, row), 1.0, row == u.k);
  }
  if (row >= u.rows || red >= u.n) { return 0.0; }
  return work[u.aOff + row * u.aStride + red];
}

fn loadB(mode: u32, red: u32, col: u32, redEnd: u32) -> f32 {
  if (mode == FORWARD) {
    if (red >= u.k || col >= u.n) { return 0.0; }
    return net[u.bOff + red * u.n + col];
  }
  if (mode == GRADIENT) {
    if (red >= redEnd || col >= u.n) { return 0.0; }
    return work[u.hOff + red * u.hStride + col];
  }
  if (red >= u.n || col >= u.k) { return 0.0; }
  return net[u.bOff + col * u.n + red];
}

fn gemm(mode: u32, wid: vec3<u32>, lid: u32) {
  if (stopped(lid)) { return; }
  var rowsOut = u.rows;
  var colsOut = u.n;
  var redStart = 0u;
  var redEnd = u.k;
  if (mode == GRADIENT) {
    rowsOut = u.k + 1u;
    redStart = wid.z * u.splitRows;
    redEnd = min(u.rows, redStart + u.splitRows);
  } else if (mode == BACK_DATA) {
    colsOut = u.k;
    redEnd = u.n;
  }
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let tx = lid % 16u;
  let ty = lid / 16u;
  var acc: array<f32, 16>;
  for (var q = 0u; q < 16u; q++) { acc[q] = 0.0; }

  for (var r0 = redStart; r0 < redEnd; r0 += STEP) {
    for (var q = 0u; q < 4u; q++) {
      let e = lid + q * 256u;
      // Load along whichever index is contiguous in memory.
      var ar = e / STEP;
      var ak = e % STEP;
      if (mode == GRADIENT) { ar = e % TILE; ak = e / TILE; }
      tileA[ak * TILE + ar] = loadA(mode, row0 + ar, r0 + ak, redEnd);
      var bk = e / TILE;
      var bc = e % TILE;
      if (mode == BACK_DATA) { bc = e / STEP; bk = e % STEP; }
      tileB[bk * TILE + bc] = loadB(mode, r0 + bk, col0 + bc, redEnd);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < STEP; kk++) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var q = 0u; q < 4u; q++) {
        a[q] = tileA[kk * TILE + ty + 16u * q];
        b[q] = tileB[kk * TILE + tx + 16u * q];
      }
      for (var qi = 0u; qi < 4u; qi++) {
        for (var qj = 0u; qj < 4u; qj++) {
          acc[qi * 4u + qj] = fma(a[qi], b[qj], acc[qi * 4u + qj]);
        }
      }
    }
    workgroupBarrier();
  }

  for (var qi = 0u; qi < 4u; qi++) {
    let i = row0 + ty + 16u * qi;
    if (i >= rowsOut) { continue; }
    for (var qj = 0u; qj < 4u; qj++) {
      let j = col0 + tx + 16u * qj;
      if (j >= colsOut) { continue; }
      let v = acc[qi * 4u + qj];
      if (mode == FORWARD) {
        work[u.cOff + i * u.cStride + j] = activate(v + net[u.biasOff + j]);
      } else if (mode == GRADIENT) {
        work[u.cOff + wid.z * (u.k + 1u) * u.n + i * u.n + j] = v;
      } else {
        work[u.cOff + i * u.cStride + j] = v * activateSlope(work[u.hOff + i * u.hStride + j]);
      }
    }
  }
}

@compute @workgroup_size(256)
fn denseForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  gemm(FORWARD, wid, lid);
}

@compute @workgroup_size(256)
fn denseGradient(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  gemm(GRADIENT, wid, lid);
}

@compute @workgroup_size(256)
fn denseBackData(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  gemm(BACK_DATA, wid, lid);
}
