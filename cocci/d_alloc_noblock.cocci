// SPDX-License-Identifier: GPL-2.0-only
/// Use d_alloc_noblock() to prime the dcache from readdir.
///
/// Readdir uses its results to prime the dcache.  d_alloc_parallel() blocks
/// when another lookup of the same name is in progress, and blocking there
/// is pointless: that lookup will fill the dcache anyway.  Worse, readdir
/// holds the directory lock, and once d_alloc_parallel() is called before
/// the parent is locked, waiting in it with the lock held can deadlock.
/// d_alloc_noblock() returns ERR_PTR(-EWOULDBLOCK) instead of waiting, and
/// it hashes the name itself (honouring ->d_hash), so the open-coded
/// full_name_hash() + d_lookup() in front of d_alloc_parallel() goes too.
/// An -EWOULDBLOCK result means "skip this entry": where the error was
/// propagated, it is now tested for first and treated as success.
///
//# Only readdir code is converted: a call in a function that is, or is
//# called (within the file, any depth) from, a function taking a
//# struct dir_context * or named in .iterate_shared.  A readdir that
//# must instantiate (procfs: st_ino must match d_ino; overlayfs: full
//# lookup_one*) cannot skip, and is reported, never converted.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Rules R2, R3, R9 (report), C5 and C6 of the fsconv VFS spec.
//  -D noblock=NAME: the non-blocking allocator's name in the target tree
//  (d_alloc_noblock in the v4 series, the default; d_alloc_trylock as
//  merged).  Matches both the 3-argument (6.12) and the 2-argument
//  d_alloc_parallel().  The qstr passed must be a non-const lvalue
//  (&N with N a variable, or a qstr pointer variable).
//  Run d_alloc_parallel.cocci first: a 3-argument call is converted here
//  too, but its on-stack wait queue is removed only by that rule.
//  -D no_dirlock: the filesystem does not rely on its directory lock
//  (fstable); its must-instantiate sites are proc_fill_cache.cocci's, so
//  MANUAL_READDIR_INSTANTIATE is not reported.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org
virtual no_dirlock

@initialize:ocaml@
@@
let noblock = ref "d_alloc_noblock"
let entries : (string * string, unit) Hashtbl.t = Hashtbl.create 16	(* (file, fn): readdir entry points *)
let callers : (string * string, string list) Hashtbl.t = Hashtbl.create 16	(* (file, callee) -> caller list *)
let convertible : (string * int * int, unit) Hashtbl.t = Hashtbl.create 16	(* (file, line, col) of good sites *)
let reported : (string * (string * int * int), unit) Hashtbl.t = Hashtbl.create 16

let file_of p = (List.hd p).Coccilib.file
let fn_of p = (List.hd p).Coccilib.current_element
let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)

let add_edge file callee caller =
  let l = try Hashtbl.find callers (file, callee) with Not_found -> [] in
  if not (List.mem caller l) then
    Hashtbl.replace callers (file, callee) (caller :: l)

let rec reach seen file fn =
  Hashtbl.mem entries (file, fn) ||
  (not (List.mem fn seen) &&
   List.exists (reach (fn :: seen) file)
     (try Hashtbl.find callers (file, fn) with Not_found -> []))

let readdir p = reach [] (file_of p) (fn_of p)

let once ty p =
  let k = (ty, key p) in
  if Hashtbl.mem reported k then false
  else (Hashtbl.add reported k (); true)

let report ty p msg =
  if once ty p then
  let p = List.hd p in
  Printf.printf "%s:%d:%d: %s: %s\n" p.Coccilib.file p.Coccilib.line
    (p.Coccilib.col + 1) ty msg

let org ty p msg =
  if once ty p then
  let p = List.hd p in
  Printf.printf "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n"
    p.Coccilib.file p.Coccilib.line p.Coccilib.col p.Coccilib.col_end ty msg

let org_mode = ref false

let template =
  "readdir that must instantiate cannot skip: use the procfs template: " ^
  "d = NOBLOCK(dir, &name); if d == ERR_PTR(-EWOULDBLOCK): " ^
  "inode_unlock_shared(dir inode), d = d_alloc_parallel(dir, &name), " ^
  "inode_lock_shared(dir inode) (re-check IS_DEADDIR() unless the fs never " ^
  "sets S_DEAD); test -EWOULDBLOCK before any IS_ERR() exit"

// ---------------------------------------------------------------------
// The allocator's name: -D noblock=NAME or d_alloc_noblock.  The anchor
// keeps spatch's token prefilter: a script rule that always runs would
// make spatch parse every file.

@nb_anchor depends on patch || context || report || org@
@@
  d_alloc_parallel(...)

@nb_anchor_lookup depends on context || report || org@
@@
(
  lookup_one(...)
|
  lookup_one_len(...)
|
  lookup_one_unlocked(...)
|
  lookup_one_positive_unlocked(...)
|
  lookup_noperm(...)
|
  lookup_noperm_unlocked(...)
|
  lookup_noperm_positive_unlocked(...)
)

@script:ocaml depends on nb_anchor || nb_anchor_lookup@
n << virtual.noblock;
@@
noblock := n

@script:ocaml depends on org && (nb_anchor || nb_anchor_lookup)@
@@
org_mode := true

@script:ocaml nb_name depends on nb_anchor || nb_anchor_lookup@
id;
@@
id := make_ident !noblock

// ---------------------------------------------------------------------
// Which functions run under readdir: entry points and callers, 6 levels.

@nb_iter depends on nb_anchor || nb_anchor_lookup@
identifier ops, it;
position p;
@@
struct file_operations ops@p = { .iterate_shared = it, };

@script:ocaml depends on nb_iter@
it << nb_iter.it;
p << nb_iter.p;
@@
Hashtbl.replace entries (file_of p, it) ()

@nb_ctxfn depends on nb_anchor || nb_anchor_lookup@
identifier fn, ctx;
position p;
@@
fn@p(..., struct dir_context *ctx, ...) { ... }

@script:ocaml depends on nb_ctxfn@
fn << nb_ctxfn.fn;
p << nb_ctxfn.p;
@@
Hashtbl.replace entries (file_of p, fn) ()

@nb_site depends on nb_anchor || nb_anchor_lookup@
position p;
@@
(
  d_alloc_parallel@p(...)
|
  lookup_one@p(...)
|
  lookup_one_len@p(...)
|
  lookup_one_unlocked@p(...)
|
  lookup_one_positive_unlocked@p(...)
|
  lookup_noperm@p(...)
|
  lookup_noperm_unlocked@p(...)
|
  lookup_noperm_positive_unlocked@p(...)
)

@nb_calls depends on nb_site@
identifier f;
position p;
@@
  f@p(...)

@script:ocaml depends on nb_calls@
f << nb_calls.f;
p << nb_calls.p;
@@
add_edge (file_of p) f (fn_of p)

// ---------------------------------------------------------------------
// Convertible shapes.  Each is matched in every mode (context code only
// outside patch mode) so that report mode knows which sites are manual.
//
// prelude: D = d_lookup(P, &N) / try_lookup_noperm(&N, P) /
//          d_hash_and_lookup(P, &N); [lbl:] if (!D) { [lbl:]
//          D = d_alloc_parallel(P, &N[, W]); if (IS_ERR(D)) S }

@nb_prelude_out depends on patch && nb_anchor@
identifier nb_name.id, lbl;
expression P, D;
idexpression struct qstr N;
position p : script:ocaml() { readdir p };
@@
(
- D = d_lookup(P, &N);
|
- D = try_lookup_noperm(&N, P);
|
- D = d_hash_and_lookup(P, &N);
)
  lbl:
- if (!D) {
-	D = d_alloc_parallel@p(P, &N, ...);
+	D = id(P, &N);
	if (IS_ERR(D))
(
	return;
|
	return PTR_ERR(D);
)
- }

@nb_prelude_in depends on patch && nb_anchor@
identifier nb_name.id, lbl;
expression P, D;
idexpression struct qstr N;
position p : script:ocaml() { readdir p };
@@
(
- D = d_lookup(P, &N);
|
- D = try_lookup_noperm(&N, P);
|
- D = d_hash_and_lookup(P, &N);
)
- if (!D) {
  lbl:
-	D = d_alloc_parallel@p(P, &N, ...);
+	D = id(P, &N);
	if (IS_ERR(D))
(
	return;
|
	return PTR_ERR(D);
)
- }

@nb_prelude_nolabel depends on patch && nb_anchor@
identifier nb_name.id;
expression P, D;
idexpression struct qstr N;
position p : script:ocaml() { readdir p };
@@
(
- D = d_lookup(P, &N);
|
- D = try_lookup_noperm(&N, P);
|
- D = d_hash_and_lookup(P, &N);
)
- if (!D) {
-	D = d_alloc_parallel@p(P, &N, ...);
+	D = id(P, &N);
	if (IS_ERR(D))
(
	return;
|
	return PTR_ERR(D);
)
- }

// 2026 nfs shape: the error test already follows the if
@nb_prelude_flat depends on patch && nb_anchor@
identifier nb_name.id, lbl;
expression P, D;
idexpression struct qstr N;
position p : script:ocaml() { readdir p };
@@
(
- D = d_lookup(P, &N);
|
- D = try_lookup_noperm(&N, P);
|
- D = d_hash_and_lookup(P, &N);
)
  lbl:
- if (!D)
-	D = d_alloc_parallel@p(P, &N, ...);
+ D = id(P, &N);

// no removable prelude (smb client): swap the call, if the error exit
// is a plain return (skip) or a propagated PTR_ERR
@nb_swap depends on patch && nb_anchor@
identifier nb_name.id;
expression P, N, D, E;
position p : script:ocaml() { readdir p };
@@
  D =
- d_alloc_parallel@p(P, N, ...)
+ id(P, N)
  ;
  ... when != D = E
  if (IS_ERR(D))
(
  return;
|
  return PTR_ERR(D);
)

// the hash d_alloc_noblock() now computes itself
@nb_hash depends on patch && nb_anchor@
identifier nb_name.id;
expression P, D, H;
idexpression struct qstr N;
@@
- N.hash = H;
  ... when != N.hash
  D = id(P, &N);

// -EWOULDBLOCK means "skip this entry", never an error to propagate
@nb_skip depends on patch && nb_anchor@
identifier nb_name.id;
expression P, N, D;
@@
  D = id(P, N);
+ if (D == ERR_PTR(-EWOULDBLOCK))
+	return 0;
  if (IS_ERR(D))
	return PTR_ERR(D);

// ---------------------------------------------------------------------
// report / org / context: the same shapes, unchanged, to tell
// convertible sites from manual ones

@nb_ok_prelude depends on (report || org || context) && nb_anchor@
expression P, D, N;
position p;
@@
  if (!D) {
	D = d_alloc_parallel@p(P, N, ...);
	if (IS_ERR(D))
(
	return;
|
	return PTR_ERR(D);
)
  }

@nb_ok_swap depends on (report || org || context) && nb_anchor@
expression P, N, D, E;
position p;
@@
  D = d_alloc_parallel@p(P, N, ...);
  ... when != D = E
  if (IS_ERR(D))
(
  return;
|
  return PTR_ERR(D);
)

@script:ocaml depends on nb_ok_prelude@
p << nb_ok_prelude.p;
@@
Hashtbl.replace convertible (key p) ()

@script:ocaml depends on nb_ok_swap@
p << nb_ok_swap.p;
@@
Hashtbl.replace convertible (key p) ()

@nb_ctx depends on context && nb_anchor@
position p : script:ocaml() { readdir p };
@@
* d_alloc_parallel@p(...)

@nb_dap depends on (report || org) && nb_anchor@
position p : script:ocaml() { readdir p };
@@
  d_alloc_parallel@p(...)

@nb_lookup depends on (report || org) && nb_anchor_lookup@
position p : script:ocaml() { readdir p };
@@
(
  lookup_one@p(...)
|
  lookup_one_len@p(...)
|
  lookup_one_unlocked@p(...)
|
  lookup_one_positive_unlocked@p(...)
|
  lookup_noperm@p(...)
|
  lookup_noperm_unlocked@p(...)
|
  lookup_noperm_positive_unlocked@p(...)
)

@script:ocaml depends on (report || org) && !no_dirlock@
p << nb_dap.p;
@@
let (ty, msg) =
  if Hashtbl.mem convertible (key p) then
    ("D_ALLOC_NOBLOCK", "readdir priming may not wait in d_alloc_parallel(): use " ^ !noblock ^ "() and skip the entry on -EWOULDBLOCK")
  else
    ("MANUAL_READDIR_INSTANTIATE", "d_alloc_parallel() in readdir whose failure is not a plain skip: " ^ Str.global_replace (Str.regexp "NOBLOCK") !noblock template) in
if !org_mode then org ty p msg else report ty p msg

// With -D no_dirlock (fstable: the filesystem does not rely on its
// directory lock) proc_fill_cache.cocci converts the sites that must
// instantiate, or reports them itself: saying so here too would list a
// converted site as left for a human.
@script:ocaml depends on (report || org) && no_dirlock@
p << nb_dap.p;
@@
if Hashtbl.mem convertible (key p) then begin
  let msg = "readdir priming may not wait in d_alloc_parallel(): use " ^ !noblock ^ "() and skip the entry on -EWOULDBLOCK" in
  if !org_mode then org "D_ALLOC_NOBLOCK" p msg
  else report "D_ALLOC_NOBLOCK" p msg
end

@script:ocaml depends on report || org@
p << nb_lookup.p;
@@
let msg = "full lookup in readdir (" ^ fn_of p ^ "): a blocking lookup under the directory lock; " ^ Str.global_replace (Str.regexp "NOBLOCK") !noblock template in
if !org_mode then org "MANUAL_READDIR_LOOKUP" p msg
else report "MANUAL_READDIR_LOOKUP" p msg

// C5: -EWOULDBLOCK must be tested before any generic IS_ERR() exit

@nb_anchor_ewb depends on report || org || context@
@@
  -EWOULDBLOCK

@nb_c5 depends on (report || org || context) && nb_anchor_ewb exists@
expression X, E;
identifier l;
position p1, p2;
@@
  if (IS_ERR@p1(X))
(
  return ...;
|
  goto l;
|
  { ... return ...; }
|
  { ... goto l; }
)
  ... when != X = E
(
  X == ERR_PTR@p2(-EWOULDBLOCK)
|
  PTR_ERR@p2(X) == -EWOULDBLOCK
)

@script:ocaml depends on report || org@
p1 << nb_c5.p1;
p2 << nb_c5.p2;
@@
let l2 = (List.hd p2).Coccilib.line in
let msg = Printf.sprintf "IS_ERR() exit comes before the -EWOULDBLOCK test on line %d: the skip path can never run" l2 in
if !org_mode then org "EWOULDBLOCK_ORDER" p1 msg
else report "EWOULDBLOCK_ORDER" p1 msg
