// A plain 16×16-tiled f32 matmul, C = A·B for row-major n×n matrices: the
// yardstick the GPU benchmark sets the update's GFLOP/s beside (one output
// per thread, tiles staged through workgroup memory).

struct Size { n: u32 }
@group(0) @binding(0) var<uniform> size: Size;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> ta: array<f32, 256>;
var<workgroup> tb: array<f32, 256>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = size.n;
  let row = gid.y;
  let col = gid.x;
  var acc = 0.0;
  for (var t = 0u; t < n; t += 16u) {
    ta[lid.y * 16u + lid.x] = select(0.0, a[row * n + t + lid.x], row < n && t + lid.x < n);
    tb[lid.y * 16u + lid.x] = select(0.0, b[(t + lid.y) * n + col], col < n && t + lid.y < n);
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) { acc = fma(ta[lid.y * 16u + k], tb[k * 16u + lid.x], acc); }
    workgroupBarrier();
  }
  if (row < n && col < n) { c[row * n + col] = acc; }
}
