;; Dense kernels of the Gram-matrix PCA (gram-eigen.ts, tridiagonal-eigen.ts) in WebAssembly SIMD: two doubles per
;; instruction and no bounds check per element, where V8's scalar loops over typed arrays run at about one element
;; a nanosecond. Every pointer is a byte offset into the exported memory, 8-byte aligned; every count is in doubles.
;; Sums run in two lanes (even and odd elements) added at the end, so they differ from a scalar loop's in the last
;; bits. The JavaScript twins of each kernel are kept as the reference (simd-kernels.ts).
;; Assembled by scripts/wasm.mjs into linalg-simd-bytes.ts; a unit test checks the two agree.
(module
  (memory (export "memory") 1)

  ;; out[0..4) = the dot products of row a with rows b, b + stride, b + 2 stride, b + 3 stride (n doubles each).
  (func $dot4 (param $a i32) (param $b i32) (param $stride i32) (param $n i32) (param $out i32)
    (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $off i32) (local $end i32) (local $x f64)
    (local $v v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $b1 (i32.add (local.get $b) (local.get $stride)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $stride)))
    (local.set $b3 (i32.add (local.get $b2) (local.get $stride)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $exit (loop $top
      (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $a) (local.get $off))))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $b) (local.get $off))))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $b1) (local.get $off))))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $b2) (local.get $off))))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $b3) (local.get $off))))))
      (local.set $off (i32.add (local.get $off) (i32.const 16)))
      (br $top)))
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
    (f64.store offset=16 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
    (f64.store offset=24 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
    (if (i32.and (local.get $n) (i32.const 1)) (then
      (local.set $x (f64.load (i32.add (local.get $a) (local.get $end))))
      (f64.store offset=0 (local.get $out) (f64.add (f64.load offset=0 (local.get $out)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $b) (local.get $end))))))
      (f64.store offset=8 (local.get $out) (f64.add (f64.load offset=8 (local.get $out)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $b1) (local.get $end))))))
      (f64.store offset=16 (local.get $out) (f64.add (f64.load offset=16 (local.get $out)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $b2) (local.get $end))))))
      (f64.store offset=24 (local.get $out) (f64.add (f64.load offset=24 (local.get $out)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $b3) (local.get $end)))))))))

  ;; The dot product of rows a and b (n doubles each).
  (func $dot (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $off i32) (local $end i32) (local $s v128) (local $sum f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $exit (loop $top
      (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $off))) (v128.load (i32.add (local.get $b) (local.get $off))))))
      (local.set $off (i32.add (local.get $off) (i32.const 16)))
      (br $top)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (if (i32.and (local.get $n) (i32.const 1)) (then
      (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.load (i32.add (local.get $a) (local.get $end))) (f64.load (i32.add (local.get $b) (local.get $end))))))))
    (local.get $sum))

  ;; The lower triangle of G = ZZ' (g: t x t row-major; z: t x n row-major), four entries of a row at a time.
  (func (export "gramLower") (param $z i32) (param $t i32) (param $n i32) (param $g i32)
    (local $r i32) (local $s i32) (local $rowBytes i32) (local $pa i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $t)))
      (local.set $pa (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $s (i32.const 0))
      (block $done4 (loop $by4
        (br_if $done4 (i32.gt_u (i32.add (local.get $s) (i32.const 4)) (i32.add (local.get $r) (i32.const 1))))
        (call $dot4 (local.get $pa) (i32.add (local.get $z) (i32.mul (local.get $s) (local.get $rowBytes))) (local.get $rowBytes) (local.get $n)
          (i32.add (local.get $g) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $t)) (local.get $s)) (i32.const 3))))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br $by4)))
      (block $done1 (loop $by1
        (br_if $done1 (i32.gt_u (local.get $s) (local.get $r)))
        (f64.store (i32.add (local.get $g) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $t)) (local.get $s)) (i32.const 3)))
          (call $dot (local.get $pa) (i32.add (local.get $z) (i32.mul (local.get $s) (local.get $rowBytes))) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $by1)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; p = B v for the symmetric len x len block B at `a` (rows `stride` bytes apart), read from its lower triangle:
  ;; each entry serves its row's sum and its column's.
  (func (export "blockTimes") (param $a i32) (param $stride i32) (param $len i32) (param $v i32) (param $p i32)
    (local $r i32) (local $base i32) (local $off i32) (local $end i32) (local $vr f64) (local $vrs v128) (local $s v128)
    (local $sum f64) (local $x f64) (local $vx v128) (local $at i32)
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $r) (local.get $len)))
      (f64.store (i32.add (local.get $p) (i32.shl (local.get $r) (i32.const 3))) (f64.const 0))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $zero)))
    (local.set $r (i32.const 0))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $len)))
      (local.set $base (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $vr (f64.load (i32.add (local.get $v) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $vrs (f64x2.splat (local.get $vr)))
      (local.set $s (v128.const f64x2 0 0))
      (local.set $off (i32.const 0))
      (local.set $end (i32.shl (i32.and (local.get $r) (i32.const -2)) (i32.const 3)))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $vx (v128.load (i32.add (local.get $base) (local.get $off))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $vx) (v128.load (i32.add (local.get $v) (local.get $off))))))
        (local.set $at (i32.add (local.get $p) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $vx) (local.get $vrs))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
      (if (i32.and (local.get $r) (i32.const 1)) (then
        (local.set $x (f64.load (i32.add (local.get $base) (local.get $end))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $x) (f64.load (i32.add (local.get $v) (local.get $end))))))
        (local.set $at (i32.add (local.get $p) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.mul (local.get $x) (local.get $vr))))))
      ;; the diagonal entry: offset r doubles, which is `end` plus 8 when r is odd
      (local.set $at (i32.add (local.get $p) (i32.shl (local.get $r) (i32.const 3))))
      (f64.store (local.get $at) (f64.add (f64.add (f64.load (local.get $at)) (local.get $sum))
        (f64.mul (f64.load (i32.add (local.get $base) (i32.shl (local.get $r) (i32.const 3)))) (local.get $vr))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; B -= v w' + w v' over the lower triangle of the len x len block at `a`, but its first column (rows 1 .., columns 1 .. r).
  (func (export "update") (param $a i32) (param $stride i32) (param $len i32) (param $v i32) (param $w i32)
    (local $r i32) (local $base i32) (local $off i32) (local $end i32) (local $vr f64) (local $wr f64)
    (local $vrs v128) (local $wrs v128) (local $at i32)
    (local.set $r (i32.const 1))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $len)))
      (local.set $base (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $vr (f64.load (i32.add (local.get $v) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $wr (f64.load (i32.add (local.get $w) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $vrs (f64x2.splat (local.get $vr)))
      (local.set $wrs (f64x2.splat (local.get $wr)))
      ;; columns 1 .. r: r entries from byte 8
      (local.set $off (i32.const 8))
      (local.set $end (i32.add (i32.const 8) (i32.shl (i32.and (local.get $r) (i32.const -2)) (i32.const 3))))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $at (i32.add (local.get $base) (local.get $off)))
        (v128.store (local.get $at)
          (f64x2.sub (f64x2.sub (v128.load (local.get $at)) (f64x2.mul (local.get $vrs) (v128.load (i32.add (local.get $w) (local.get $off)))))
            (f64x2.mul (local.get $wrs) (v128.load (i32.add (local.get $v) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (if (i32.and (local.get $r) (i32.const 1)) (then
        (local.set $at (i32.add (local.get $base) (local.get $end)))
        (f64.store (local.get $at)
          (f64.sub (f64.sub (f64.load (local.get $at)) (f64.mul (local.get $vr) (f64.load (i32.add (local.get $w) (local.get $end)))))
            (f64.mul (local.get $wr) (f64.load (i32.add (local.get $v) (local.get $end))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; update() and, in the same sweep, q += B' u for the next block B' (this one without its first row and column):
  ;; entry (r, c) here is entry (r - 1, c - 1) there. q must be zero on entry.
  (func (export "updateAndMultiply") (param $a i32) (param $stride i32) (param $len i32) (param $v i32) (param $w i32) (param $u i32) (param $q i32)
    (local $r i32) (local $base i32) (local $off i32) (local $end i32) (local $cnt i32) (local $vr f64) (local $wr f64) (local $ur f64)
    (local $vrs v128) (local $wrs v128) (local $urs v128) (local $s v128) (local $vx v128) (local $x f64) (local $sum f64) (local $at i32)
    (local.set $r (i32.const 1))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $len)))
      (local.set $base (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $vr (f64.load (i32.add (local.get $v) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $wr (f64.load (i32.add (local.get $w) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $ur (f64.load (i32.add (local.get $u) (i32.shl (i32.sub (local.get $r) (i32.const 1)) (i32.const 3)))))
      (local.set $vrs (f64x2.splat (local.get $vr)))
      (local.set $wrs (f64x2.splat (local.get $wr)))
      (local.set $urs (f64x2.splat (local.get $ur)))
      (local.set $s (v128.const f64x2 0 0))
      ;; columns 1 .. r - 1 from byte 8; u and q one double behind
      (local.set $cnt (i32.sub (local.get $r) (i32.const 1)))
      (local.set $off (i32.const 8))
      (local.set $end (i32.add (i32.const 8) (i32.shl (i32.and (local.get $cnt) (i32.const -2)) (i32.const 3))))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $at (i32.add (local.get $base) (local.get $off)))
        (local.set $vx
          (f64x2.sub (f64x2.sub (v128.load (local.get $at)) (f64x2.mul (local.get $vrs) (v128.load (i32.add (local.get $w) (local.get $off)))))
            (f64x2.mul (local.get $wrs) (v128.load (i32.add (local.get $v) (local.get $off))))))
        (v128.store (local.get $at) (local.get $vx))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $vx) (v128.load (i32.sub (i32.add (local.get $u) (local.get $off)) (i32.const 8))))))
        (local.set $at (i32.sub (i32.add (local.get $q) (local.get $off)) (i32.const 8)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $vx) (local.get $urs))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
      (if (i32.and (local.get $cnt) (i32.const 1)) (then
        (local.set $at (i32.add (local.get $base) (local.get $end)))
        (local.set $x
          (f64.sub (f64.sub (f64.load (local.get $at)) (f64.mul (local.get $vr) (f64.load (i32.add (local.get $w) (local.get $end)))))
            (f64.mul (local.get $wr) (f64.load (i32.add (local.get $v) (local.get $end))))))
        (f64.store (local.get $at) (local.get $x))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $x) (f64.load (i32.sub (i32.add (local.get $u) (local.get $end)) (i32.const 8))))))
        (local.set $at (i32.sub (i32.add (local.get $q) (local.get $end)) (i32.const 8)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.mul (local.get $x) (local.get $ur))))))
      ;; the diagonal entry (r, r)
      (local.set $at (i32.add (local.get $base) (i32.shl (local.get $r) (i32.const 3))))
      (local.set $x
        (f64.sub (f64.sub (f64.load (local.get $at)) (f64.mul (local.get $vr) (local.get $wr))) (f64.mul (local.get $wr) (local.get $vr))))
      (f64.store (local.get $at) (local.get $x))
      (local.set $at (i32.add (local.get $q) (i32.shl (local.get $cnt) (i32.const 3))))
      (f64.store (local.get $at) (f64.add (f64.add (f64.load (local.get $at)) (local.get $sum)) (f64.mul (local.get $x) (local.get $ur))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; out[c] += sum over rows r of f[c][r] z[r] for c < 4 (out: 4 x n, f: 4 x t, both row-major; z: t x n).
  (func (export "combine4") (param $z i32) (param $t i32) (param $n i32) (param $f i32) (param $out i32)
    (local $r i32) (local $rowBytes i32) (local $zr i32) (local $off i32) (local $end i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $f0 v128) (local $f1 v128) (local $f2 v128) (local $f3 v128) (local $x v128) (local $at i32) (local $fr i32) (local $tb i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $tb (i32.shl (local.get $t) (i32.const 3)))
    (local.set $o1 (i32.add (local.get $out) (local.get $rowBytes)))
    (local.set $o2 (i32.add (local.get $o1) (local.get $rowBytes)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $rowBytes)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $t)))
      (local.set $zr (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $fr (i32.add (local.get $f) (i32.shl (local.get $r) (i32.const 3))))
      (local.set $f0 (f64x2.splat (f64.load (local.get $fr))))
      (local.set $f1 (f64x2.splat (f64.load (i32.add (local.get $fr) (local.get $tb)))))
      (local.set $f2 (f64x2.splat (f64.load (i32.add (local.get $fr) (i32.shl (local.get $tb) (i32.const 1))))))
      (local.set $f3 (f64x2.splat (f64.load (i32.add (local.get $fr) (i32.mul (local.get $tb) (i32.const 3))))))
      (local.set $off (i32.const 0))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $zr) (local.get $off))))
        (local.set $at (i32.add (local.get $out) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $f0) (local.get $x))))
        (local.set $at (i32.add (local.get $o1) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $f1) (local.get $x))))
        (local.set $at (i32.add (local.get $o2) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $f2) (local.get $x))))
        (local.set $at (i32.add (local.get $o3) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $f3) (local.get $x))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (if (i32.and (local.get $n) (i32.const 1)) (then
        (local.set $x (v128.load64_splat (i32.add (local.get $zr) (local.get $end))))
        (local.set $at (i32.add (local.get $out) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64x2.extract_lane 0 (f64x2.mul (local.get $f0) (local.get $x)))))
        (local.set $at (i32.add (local.get $o1) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64x2.extract_lane 0 (f64x2.mul (local.get $f1) (local.get $x)))))
        (local.set $at (i32.add (local.get $o2) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64x2.extract_lane 0 (f64x2.mul (local.get $f2) (local.get $x)))))
        (local.set $at (i32.add (local.get $o3) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64x2.extract_lane 0 (f64x2.mul (local.get $f3) (local.get $x)))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; out += sum over rows r of f[r] z[r] (out: n, f: t).
  (func (export "combine1") (param $z i32) (param $t i32) (param $n i32) (param $f i32) (param $out i32)
    (local $r i32) (local $rowBytes i32) (local $zr i32) (local $off i32) (local $end i32) (local $f0 v128) (local $at i32) (local $fs f64)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $doneRows (loop $rows
      (br_if $doneRows (i32.ge_u (local.get $r) (local.get $t)))
      (local.set $zr (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $fs (f64.load (i32.add (local.get $f) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $f0 (f64x2.splat (local.get $fs)))
      (local.set $off (i32.const 0))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $at (i32.add (local.get $out) (local.get $off)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $f0) (v128.load (i32.add (local.get $zr) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (if (i32.and (local.get $n) (i32.const 1)) (then
        (local.set $at (i32.add (local.get $out) (local.get $end)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.mul (local.get $fs) (f64.load (i32.add (local.get $zr) (local.get $end))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; Applies the reflection I - beta v v' (v: len doubles) to the segment of each of m vectors that starts at x,
  ;; x + stride, ... (bytes): x_c -= beta (v'x_c) v.
  (func (export "reflect") (param $v i32) (param $len i32) (param $beta f64) (param $x i32) (param $stride i32) (param $m i32)
    (local $c i32) (local $xc i32) (local $off i32) (local $end i32) (local $f f64) (local $fs v128) (local $at i32)
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (block $doneVectors (loop $vectors
      (br_if $doneVectors (i32.ge_u (local.get $c) (local.get $m)))
      (local.set $xc (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $stride))))
      (local.set $f (f64.mul (local.get $beta) (call $dot (local.get $v) (local.get $xc) (local.get $len))))
      (local.set $fs (f64x2.splat (local.get $f)))
      (local.set $off (i32.const 0))
      (block $exit (loop $top
        (br_if $exit (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $at (i32.add (local.get $xc) (local.get $off)))
        (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at)) (f64x2.mul (local.get $fs) (v128.load (i32.add (local.get $v) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $top)))
      (if (i32.and (local.get $len) (i32.const 1)) (then
        (local.set $at (i32.add (local.get $xc) (local.get $end)))
        (f64.store (local.get $at) (f64.sub (f64.load (local.get $at)) (f64.mul (local.get $f) (f64.load (i32.add (local.get $v) (local.get $end))))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $vectors))))
)
