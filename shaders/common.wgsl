// Bindings and per-dispatch parameters shared by every kernel of the PPO
// update (src/gpu/update-kernels.ts prepends this file to each kernel file).
//
// One bind group layout serves every pipeline, so one bind group (built
// once per buffer set) serves every dispatch; what differs between
// dispatches — sizes, offsets, the minibatch — is a 256-byte slot of the
// uniform table, chosen by a dynamic offset.
//
//   work    activations, ∂loss/∂output, deltas, loss partials, split-K gradient partials
//   net     params | grads | adam m | adam v   (each paramCount floats, paramLayout order)
//   batchF  obs [B][obsSize] | oldLogp [B] | advantages [B] (normalised) | returns [B]
//   batchU  order [epochs][B] | mask [B][maskWords] | act [B]
//   ctl     control words and per-epoch metrics (CTL_* below)
//   backup  params | m | v as they were when the update began

struct Params {
  m: u32, n: u32, k: u32, flags: u32,
  aOff: u32, aStride: u32, bOff: u32, cOff: u32,
  cStride: u32, biasOff: u32, hOff: u32, hStride: u32,
  start: u32, rows: u32, splitRows: u32, epoch: u32,
  count: u32, groups: u32, obsOff: u32, obsSize: u32,
  logpOff: u32, advOff: u32, retOff: u32, orderOff: u32,
  maskOff: u32, maskWords: u32, actOff: u32, actions: u32,
  epochs: u32, paramCount: u32, pad0: u32, pad1: u32,
  gradScale: f32, clipEps: f32, valueCoef: f32, entropyCoef: f32,
  lr: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32,
  oneMinusBeta2: f32, eps: f32, maxGradNorm: f32, targetKl: f32,
}

@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read_write> work: array<f32>;
@group(0) @binding(2) var<storage, read_write> net: array<f32>;
@group(0) @binding(3) var<storage, read> batchF: array<f32>;
@group(0) @binding(4) var<storage, read> batchU: array<u32>;
@group(0) @binding(5) var<storage, read_write> ctl: array<f32>;
@group(0) @binding(6) var<storage, read_write> backup: array<f32>;

// ctl words. Flags are 0/1 floats; the step count is exact in f32 below 2²⁴.
const CTL_STOP = 0u;        // the KL early stop ended the update: later kernels do nothing
const CTL_STEPS = 1u;       // Adam steps taken (t)
const CTL_SCALE = 2u;       // this step's clip scale
const CTL_FINITE = 3u;      // this step's gradient norm is finite
const CTL_BAD = 4u;         // the update left a non-finite parameter (then restored)
const CTL_BACKUP_STEPS = 5u;
const CTL_METRICS = 8u;     // then METRIC_STRIDE floats per epoch
const METRIC_STRIDE = 16u;
const M_POLICY = 0u;
const M_VALUE = 1u;
const M_ENTROPY = 2u;
const M_KL = 3u;
const M_CLIPPED = 4u;
const M_SAMPLES = 5u;
const M_NORM_SUM = 6u;
const M_STEPS = 7u;
const M_SKIPPED = 8u;

// u.flags
const FLAG_INDEXED = 1u;    // A's rows are batch samples order[start + i] of obs
const ACT_SHIFT = 1u;       // bits 1–2: 0 none, 1 tanh, 2 relu
const ACT_TANH = 1u;
const ACT_RELU = 2u;

fn activation() -> u32 { return (u.flags >> ACT_SHIFT) & 3u; }

// tanh rounds to ±1 in f32 beyond this; clamping also keeps a tanh built
// from exp() away from inf/inf.
const TANH_CLAMP = 7.90531110763549805;

fn activate(x: f32) -> f32 {
  let a = activation();
  if (a == ACT_TANH) { return tanh(clamp(x, -TANH_CLAMP, TANH_CLAMP)); }
  if (a == ACT_RELU) { return max(x, 0.0); }
  return x;
}

// ∂activation/∂x from the activation's output y.
fn activateSlope(y: f32) -> f32 {
  let a = activation();
  if (a == ACT_TANH) { return 1.0 - y * y; }
  if (a == ACT_RELU) { return select(0.0, 1.0, y > 0.0); }
  return 1.0;
}

var<workgroup> wgStop: f32;

// True when the KL early stop has ended the update. Read through workgroup
// memory so the answer is uniform and kernels with barriers may return on it.
fn stopped(lid: u32) -> bool {
  if (lid == 0u) { wgStop = ctl[CTL_STOP]; }
  return workgroupUniformLoad(&wgStop) != 0.0;
}
