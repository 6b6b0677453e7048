;; Dense-layer kernels of the CPU network (the matmuls and element-wise passes run as
;; WebAssembly SIMD, everything around them in TypeScript).
;;
;; The memory is imported: each network workspace owns one WebAssembly.Memory
;; and instantiates this module over it, so parameters, gradients, optimiser
;; moments and activations are all addressed in place, without copies.
;;
;; Conventions: pointers and strides are in bytes; matrices are f32 row-major.
;; Loads may read up to 28 bytes past the end of a row or vector (the
;; workspace leaves that much slack after every region) and whatever they
;; read there only reaches lanes that are never stored: stores are exact, so
;; rows of odd widths (the 31 head columns) may sit back to back.

(module
  (import "env" "memory" (memory 1))

  ;; Stores the first `count` lanes of `v` at `addr` (none when count <= 0).
  (func $store_lanes (param $addr i32) (param $v v128) (param $count i32)
    (if (i32.ge_s (local.get $count) (i32.const 4))
      (then (v128.store (local.get $addr) (local.get $v)) (return)))
    (if (i32.ge_s (local.get $count) (i32.const 1))
      (then (v128.store32_lane 0 (local.get $addr) (local.get $v))))
    (if (i32.ge_s (local.get $count) (i32.const 2))
      (then (v128.store32_lane offset=4 1 (local.get $addr) (local.get $v))))
    (if (i32.ge_s (local.get $count) (i32.const 3))
      (then (v128.store32_lane offset=8 2 (local.get $addr) (local.get $v)))))

  ;; C = A·B (mode 0), C = A·B + bias (mode 1) or C += A·B (mode 2), where
  ;;   A(i, p) is at a + i·aRow + p·aCol   (strides let A be X or Xᵀ),
  ;;   B[p][j] at b + p·ldb + 4j,  C[i][j] at c + i·ldc + 4j,  bias[j] at bias + 4j,
  ;; for i < m, j < n, p < k (k >= 1).
  ;;
  ;; Tiles of 5 rows × 8 columns held in 10 accumulators: with the product
  ;; temporary, two B vectors and the splat that is 14 of x64's 16 vector
  ;; registers (V8 keeps one as scratch); 6 rows spill and run slower than 4.
  ;; A tile that runs past the last row repeats that row (same inputs, so the
  ;; repeated stores write the same values, also when accumulating: every
  ;; row of a tile is loaded before any is stored); one that runs past the
  ;; last column stores only the columns that exist. The inner loop takes two
  ;; steps of p per iteration; when A is read transposed (aRow = 4: the
  ;; weight gradients Xᵀ·dY) and the tile is full, its rows are adjacent
  ;; floats and one address with immediate offsets serves every splat load.
  ;; Each C[i][j] is summed in p order with one rounding per multiply and per
  ;; add, whatever the tiling (kernels-js.ts relies on it).
  (func (export "gemm")
    (param $a i32) (param $aRow i32) (param $aCol i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32)
    (param $bias i32) (param $mode i32)
    (param $m i32) (param $n i32) (param $k i32)
    (local $i i32) (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $cols i32) (local $off i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $a4 i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $c4 i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128) (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128) (local $s40 v128) (local $s41 v128)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $i) (local.get $m)))
        ;; Row r of the tile is row min(i + r, m − 1).
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))))
        (local.set $c0 (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $m))
          (then (local.set $a1 (i32.add (local.get $a0) (local.get $aRow))) (local.set $c1 (i32.add (local.get $c0) (local.get $ldc))))
          (else (local.set $a1 (local.get $a0)) (local.set $c1 (local.get $c0))))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
          (then (local.set $a2 (i32.add (local.get $a1) (local.get $aRow))) (local.set $c2 (i32.add (local.get $c1) (local.get $ldc))))
          (else (local.set $a2 (local.get $a1)) (local.set $c2 (local.get $c1))))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 3)) (local.get $m))
          (then (local.set $a3 (i32.add (local.get $a2) (local.get $aRow))) (local.set $c3 (i32.add (local.get $c2) (local.get $ldc))))
          (else (local.set $a3 (local.get $a2)) (local.set $c3 (local.get $c2))))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))
          (then (local.set $a4 (i32.add (local.get $a3) (local.get $aRow))) (local.set $c4 (i32.add (local.get $c3) (local.get $ldc))))
          (else (local.set $a4 (local.get $a3)) (local.set $c4 (local.get $c3))))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $col_tiles
            (br_if $cols_done (i32.ge_s (local.get $j) (local.get $n)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $s00 (v128.load (i32.add (local.get $c0) (local.get $off))))
                (local.set $s01 (v128.load offset=16 (i32.add (local.get $c0) (local.get $off))))
                (local.set $s10 (v128.load (i32.add (local.get $c1) (local.get $off))))
                (local.set $s11 (v128.load offset=16 (i32.add (local.get $c1) (local.get $off))))
                (local.set $s20 (v128.load (i32.add (local.get $c2) (local.get $off))))
                (local.set $s21 (v128.load offset=16 (i32.add (local.get $c2) (local.get $off))))
                (local.set $s30 (v128.load (i32.add (local.get $c3) (local.get $off))))
                (local.set $s31 (v128.load offset=16 (i32.add (local.get $c3) (local.get $off))))
                (local.set $s40 (v128.load (i32.add (local.get $c4) (local.get $off))))
                (local.set $s41 (v128.load offset=16 (i32.add (local.get $c4) (local.get $off)))))
              (else
                (if (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (local.set $s00 (v128.load (i32.add (local.get $bias) (local.get $off))))
                    (local.set $s01 (v128.load offset=16 (i32.add (local.get $bias) (local.get $off)))))
                  (else
                    (local.set $s00 (v128.const i32x4 0 0 0 0))
                    (local.set $s01 (v128.const i32x4 0 0 0 0))))
                (local.set $s10 (local.get $s00)) (local.set $s11 (local.get $s01))
                (local.set $s20 (local.get $s00)) (local.set $s21 (local.get $s01))
                (local.set $s30 (local.get $s00)) (local.set $s31 (local.get $s01))
                (local.set $s40 (local.get $s00)) (local.set $s41 (local.get $s01))))
            (local.set $pa (i32.const 0))
            (local.set $pb (i32.add (local.get $b) (local.get $off)))
            (local.set $p (local.get $k))
            ;; An odd k takes one step first; the loops then take two per iteration.
            (if (i32.and (local.get $p) (i32.const 1))
              (then
                (local.set $b0 (v128.load (local.get $pb)))
                (local.set $b1 (v128.load offset=16 (local.get $pb)))
                (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $pa))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load32_splat (i32.add (local.get $a1) (local.get $pa))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load32_splat (i32.add (local.get $a2) (local.get $pa))))
                (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load32_splat (i32.add (local.get $a3) (local.get $pa))))
                (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load32_splat (i32.add (local.get $a4) (local.get $pa))))
                (local.set $s40 (f32x4.add (local.get $s40) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $s41 (f32x4.add (local.get $s41) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aCol)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))))
            (if (local.get $p)
              (then
                (if (i32.and (i32.eq (local.get $aRow) (i32.const 4)) (i32.le_s (i32.add (local.get $i) (i32.const 5)) (local.get $m)))
                  (then
                    ;; Aᵀ, full tile: the rows are the floats at pa, pa + 4, … pa + 16.
                    (local.set $pa (i32.add (local.get $pa) (local.get $a0)))
                    (loop $inner_transposed
                      (local.set $b0 (v128.load (local.get $pb)))
                      (local.set $b1 (v128.load offset=16 (local.get $pb)))
                      (local.set $x (v128.load32_splat (local.get $pa)))
                      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
                      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
                      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
                      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=16 (local.get $pa)))
                      (local.set $s40 (f32x4.add (local.get $s40) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s41 (f32x4.add (local.get $s41) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $aCol)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                      (local.set $b0 (v128.load (local.get $pb)))
                      (local.set $b1 (v128.load offset=16 (local.get $pb)))
                      (local.set $x (v128.load32_splat (local.get $pa)))
                      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
                      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
                      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
                      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat offset=16 (local.get $pa)))
                      (local.set $s40 (f32x4.add (local.get $s40) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s41 (f32x4.add (local.get $s41) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $aCol)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                      (br_if $inner_transposed (local.tee $p (i32.sub (local.get $p) (i32.const 2))))))
                  (else
                    (loop $inner
                      (local.set $b0 (v128.load (local.get $pb)))
                      (local.set $b1 (v128.load offset=16 (local.get $pb)))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $pa))))
                      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a1) (local.get $pa))))
                      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a2) (local.get $pa))))
                      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a3) (local.get $pa))))
                      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a4) (local.get $pa))))
                      (local.set $s40 (f32x4.add (local.get $s40) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s41 (f32x4.add (local.get $s41) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $aCol)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                      (local.set $b0 (v128.load (local.get $pb)))
                      (local.set $b1 (v128.load offset=16 (local.get $pb)))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $pa))))
                      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a1) (local.get $pa))))
                      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a2) (local.get $pa))))
                      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a3) (local.get $pa))))
                      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $x (v128.load32_splat (i32.add (local.get $a4) (local.get $pa))))
                      (local.set $s40 (f32x4.add (local.get $s40) (f32x4.mul (local.get $x) (local.get $b0))))
                      (local.set $s41 (f32x4.add (local.get $s41) (f32x4.mul (local.get $x) (local.get $b1))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $aCol)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                      (br_if $inner (local.tee $p (i32.sub (local.get $p) (i32.const 2)))))))))
            (local.set $cols (i32.sub (local.get $n) (local.get $j)))
            (if (i32.ge_s (local.get $cols) (i32.const 8))
              (then
                (v128.store (i32.add (local.get $c0) (local.get $off)) (local.get $s00))
                (v128.store offset=16 (i32.add (local.get $c0) (local.get $off)) (local.get $s01))
                (v128.store (i32.add (local.get $c1) (local.get $off)) (local.get $s10))
                (v128.store offset=16 (i32.add (local.get $c1) (local.get $off)) (local.get $s11))
                (v128.store (i32.add (local.get $c2) (local.get $off)) (local.get $s20))
                (v128.store offset=16 (i32.add (local.get $c2) (local.get $off)) (local.get $s21))
                (v128.store (i32.add (local.get $c3) (local.get $off)) (local.get $s30))
                (v128.store offset=16 (i32.add (local.get $c3) (local.get $off)) (local.get $s31))
                (v128.store (i32.add (local.get $c4) (local.get $off)) (local.get $s40))
                (v128.store offset=16 (i32.add (local.get $c4) (local.get $off)) (local.get $s41)))
              (else
                (local.set $pa (i32.add (local.get $off) (i32.const 16)))
                (call $store_lanes (i32.add (local.get $c0) (local.get $off)) (local.get $s00) (local.get $cols))
                (call $store_lanes (i32.add (local.get $c1) (local.get $off)) (local.get $s10) (local.get $cols))
                (call $store_lanes (i32.add (local.get $c2) (local.get $off)) (local.get $s20) (local.get $cols))
                (call $store_lanes (i32.add (local.get $c3) (local.get $off)) (local.get $s30) (local.get $cols))
                (call $store_lanes (i32.add (local.get $c4) (local.get $off)) (local.get $s40) (local.get $cols))
                (call $store_lanes (i32.add (local.get $c0) (local.get $pa)) (local.get $s01) (i32.sub (local.get $cols) (i32.const 4)))
                (call $store_lanes (i32.add (local.get $c1) (local.get $pa)) (local.get $s11) (i32.sub (local.get $cols) (i32.const 4)))
                (call $store_lanes (i32.add (local.get $c2) (local.get $pa)) (local.get $s21) (i32.sub (local.get $cols) (i32.const 4)))
                (call $store_lanes (i32.add (local.get $c3) (local.get $pa)) (local.get $s31) (i32.sub (local.get $cols) (i32.const 4)))
                (call $store_lanes (i32.add (local.get $c4) (local.get $pa)) (local.get $s41) (i32.sub (local.get $cols) (i32.const 4)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $col_tiles)))
        (local.set $i (i32.add (local.get $i) (i32.const 5)))
        (br $rows))))

  ;; dst[j] += Σ_i src[i][j] for j < n, rows at src + i·ld (bias gradients).
  (func (export "colsumAdd") (param $src i32) (param $ld i32) (param $rows i32) (param $n i32) (param $dst i32)
    (local $j i32) (local $i i32) (local $ptr i32) (local $acc v128)
    (block $done
      (loop $groups
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $acc (v128.load (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $ptr (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (local.get $rows))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.le_s (local.get $i) (i32.const 0)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $ptr))))
            (local.set $ptr (i32.add (local.get $ptr) (local.get $ld)))
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (br $rows)))
        (call $store_lanes (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc)
          (i32.sub (local.get $n) (local.get $j)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $groups))))

  ;; dst[j][i] = src[i][j] for a dense rows × cols src (dst is cols × rows).
  ;; Lets dX = dY·Wᵀ run through gemm as dY·(Wᵀ) with contiguous rows.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $from i32)
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $from (i32.add (local.get $src) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $cols_loop
            (br_if $row_done (i32.ge_s (local.get $j) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
              (f32.load (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows_loop))))

  ;; tanh in place over count floats (count a multiple of 4: activation rows
  ;; are padded to 4). Math.tanh per element would cost about as much as the
  ;; layer's matmul; this is Eigen's rational 13/6 approximation (within a few
  ;; ulp of tanh), clamped where tanh rounds to ±1 in f32.
  (func (export "tanh") (param $ptr i32) (param $count i32)
    (local $end i32) (local $x v128) (local $x2 v128) (local $num v128) (local $den v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $x (f32x4.pmin (f32x4.splat (f32.const 7.90531110763549805))
          (f32x4.pmax (f32x4.splat (f32.const -7.90531110763549805)) (v128.load (local.get $ptr)))))
        (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (f32x4.splat (f32.const -2.76076847742355e-16))) (f32x4.splat (f32.const 2.00018790482477e-13))))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num)) (f32x4.splat (f32.const -8.60467152213735e-11))))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num)) (f32x4.splat (f32.const 5.12229709037114e-08))))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num)) (f32x4.splat (f32.const 1.48572235717979e-05))))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num)) (f32x4.splat (f32.const 6.37261928875436e-04))))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num)) (f32x4.splat (f32.const 4.89352455891786e-03))))
        (local.set $num (f32x4.mul (local.get $x) (local.get $num)))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (f32x4.splat (f32.const 1.19825839466702e-06))) (f32x4.splat (f32.const 1.18534705686654e-04))))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (local.get $den)) (f32x4.splat (f32.const 2.26843463243900e-03))))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (local.get $den)) (f32x4.splat (f32.const 4.89352518554385e-03))))
        (v128.store (local.get $ptr) (f32x4.div (local.get $num) (local.get $den)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $groups))))

  ;; dy ⊙= 1 − y² (tanh' from its output), count a multiple of 4.
  (func (export "tanhBackward") (param $dy i32) (param $y i32) (param $count i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $dy) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $v (v128.load (local.get $y)))
        (v128.store (local.get $dy) (f32x4.mul (v128.load (local.get $dy))
          (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $v) (local.get $v)))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $groups))))

  ;; max(0, x) in place, count a multiple of 4.
  (func (export "relu") (param $ptr i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (v128.store (local.get $ptr) (f32x4.pmax (f32x4.splat (f32.const 0)) (v128.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $groups))))

  ;; dy = y > 0 ? dy : 0, count a multiple of 4.
  (func (export "reluBackward") (param $dy i32) (param $y i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dy) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (v128.store (local.get $dy) (v128.and (v128.load (local.get $dy))
          (f32x4.gt (v128.load (local.get $y)) (f32x4.splat (f32.const 0)))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $groups))))

  ;; Σ x² over count floats, accumulated in f64 (the global gradient norm).
  (func (export "sumSquares") (param $ptr i32) (param $count i32) (result f64)
    (local $end i32) (local $v v128) (local $acc v128) (local $sum f64) (local $x f64)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $v (v128.load (local.get $ptr)))
        (local.set $v (f32x4.mul (local.get $v) (local.get $v)))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.promote_low_f32x4 (local.get $v))))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $groups)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $x (f64.promote_f32 (f32.load (local.get $ptr))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $x) (local.get $x))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (br $tail)))
    (local.get $sum))

  ;; One Adam step over count parameters, in PyTorch's arithmetic:
  ;;   g ← g·gradScale,  m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
  ;;   p ← p − stepSize · m / (√v · invSqrtBc2 + ε)
  ;; with stepSize = lr / (1 − β1ᵗ) and invSqrtBc2 = 1 / √(1 − β2ᵗ).
  ;; gradScale applies the global-norm clip without a pass of its own. 1 − β
  ;; comes in as a parameter, rounded from float64: 1 − fround(0.999) in f32
  ;; is off by 1.3e-5 relative, which would move every step measurably.
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $count i32)
    (param $gradScale f32) (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $stepSize f32) (param $invSqrtBc2 f32) (param $eps f32)
    (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gv (f32x4.mul (v128.load (local.get $g)) (f32x4.splat (local.get $gradScale))))
        (local.set $mv (f32x4.add
          (f32x4.mul (f32x4.splat (local.get $beta1)) (v128.load (local.get $m)))
          (f32x4.mul (f32x4.splat (local.get $oneMinusBeta1)) (local.get $gv))))
        (local.set $vv (f32x4.add
          (f32x4.mul (f32x4.splat (local.get $beta2)) (v128.load (local.get $v)))
          (f32x4.mul (f32x4.splat (local.get $oneMinusBeta2)) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p))
          (f32x4.mul (f32x4.splat (local.get $stepSize))
            (f32x4.div (local.get $mv)
              (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $vv)) (f32x4.splat (local.get $invSqrtBc2)))
                (f32x4.splat (local.get $eps)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $groups)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gs (f32.mul (f32.load (local.get $g)) (local.get $gradScale)))
        (local.set $ms (f32.add (f32.mul (local.get $beta1) (f32.load (local.get $m)))
          (f32.mul (local.get $oneMinusBeta1) (local.get $gs))))
        (local.set $vs (f32.add (f32.mul (local.get $beta2) (f32.load (local.get $v)))
          (f32.mul (local.get $oneMinusBeta2) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store (local.get $m) (local.get $ms))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $p) (f32.sub (f32.load (local.get $p))
          (f32.mul (local.get $stepSize)
            (f32.div (local.get $ms)
              (f32.add (f32.mul (f32.sqrt (local.get $vs)) (local.get $invSqrtBc2)) (local.get $eps))))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $tail))))
)
