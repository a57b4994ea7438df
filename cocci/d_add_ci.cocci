// SPDX-License-Identifier: GPL-2.0-only
/// d_add_ci() must be given the flags that ->lookup() was called with.
///
/// d_add_ci() may have to wait in d_alloc_parallel() for another lookup of
/// the exact-case name.  Once d_alloc_parallel() is called before the parent
/// is locked, waiting there with the parent lock held can deadlock, so
/// d_add_ci() now drops the parent lock around that call and takes it back
/// in the same mode.  Only the caller knows the mode: the ->lookup() flags
/// say it (LOOKUP_SHARED), so pass them through.  When d_add_ci() is called
/// from a helper, the helper gains an "unsigned int lookup_flags" parameter
/// and every caller up to the ->lookup() passes its own flags; a real value,
/// never a made-up 0.
///
//# A helper with a caller that is not itself reached from ->lookup() (or a
//# non-static helper, whose callers may live elsewhere) is reported, not
//# converted: its flags must be found by hand.
//
// Confidence: High
// Copyright: (C) 2026 fsconv authors.
// Comments: Rules R5 and C10 of the fsconv VFS conversion spec.
//  -D d_add_ci_bool: target the superseded v3 form, whose 4th parameter
//  is "bool shared": pass !!(FLAGS & LOOKUP_SHARED) instead of FLAGS
//  (no #include is added).  Default: the v4/merged form (raw flags).
//  Helpers are followed up to three calls deep inside one file.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org
virtual d_add_ci_bool

@initialize:ocaml@
@@
(* all tables are keyed by (file, function name) *)
let lookup_flags = Hashtbl.create 16	(* ->lookup -> its flags param *)
let lookup_ops = Hashtbl.create 16	(* named in .lookup = *)
let dac_fns = Hashtbl.create 16	(* has a 3-argument d_add_ci *)
let callers = Hashtbl.create 16	(* callee -> (caller, pos) list *)
let statics = Hashtbl.create 16
let reported = Hashtbl.create 16

let file_of p = (List.hd p).Coccilib.file

let flags_of file fn =
  if Hashtbl.mem lookup_ops (file, fn) then
    Hashtbl.find_opt lookup_flags (file, fn)
  else None

let callers_of file fn =
  try Hashtbl.find callers (file, fn) with Not_found -> []

(* a helper may be converted when it is static, has callers, and every
 * caller is a ->lookup() or a convertible helper itself *)
let rec helper_ok_seen seen file fn =
  flags_of file fn = None &&
  not (Hashtbl.mem lookup_ops (file, fn)) &&
  Hashtbl.mem statics (file, fn) &&
  not (List.mem fn seen) &&
  (let cs = callers_of file fn in
   cs <> [] &&
   List.for_all (fun (c, _) ->
     flags_of file c <> None || helper_ok_seen (fn :: seen) file c) cs)

let helper_ok file fn = helper_ok_seen [] file fn

let classify file fn =
  match flags_of file fn with
  | Some f ->
      ("D_ADD_CI_FLAGS",
       Printf.sprintf "d_add_ci() needs the ->lookup() flags: pass '%s'" f)
  | None when helper_ok file fn ->
      ("D_ADD_CI_FLAGS",
       Printf.sprintf "d_add_ci() needs the ->lookup() flags: thread them through helper '%s'" fn)
  | None when Hashtbl.mem lookup_ops (file, fn) ->
      ("MANUAL_D_ADD_CI",
       Printf.sprintf "->lookup() '%s' has no recognisable flags parameter: pass its lookup flags by hand" fn)
  | None when callers_of file fn = [] ->
      ("MANUAL_D_ADD_CI",
       Printf.sprintf "d_add_ci() in '%s', which is neither a ->lookup() nor called in this file: find its lookup flags by hand" fn)
  | None when not (Hashtbl.mem statics (file, fn)) ->
      ("MANUAL_D_ADD_CI",
       Printf.sprintf "d_add_ci() in non-static helper '%s': its callers elsewhere must pass their lookup flags by hand" fn)
  | None ->
      ("MANUAL_D_ADD_CI",
       Printf.sprintf "d_add_ci() in helper '%s', which has a caller not reached from ->lookup(): see MANUAL_HELPER_CALLER" fn)

let once ty p =
  let p = List.hd p in
  let k = (ty, p.Coccilib.file, p.Coccilib.line, p.Coccilib.col) in
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

// ---------------------------------------------------------------------
// Analysis (all modes): ->lookup() methods, the functions that call the
// 3-argument d_add_ci(), and their callers three levels up.

@dac_fn depends on patch || context || report || org@
identifier fn;
expression D, I, N;
position p;
@@
fn(...) {
<+...
  d_add_ci@p(D, I, N)
...+>
}

@script:ocaml depends on dac_fn@
fn << dac_fn.fn;
p << dac_fn.p;
@@
Hashtbl.replace dac_fns (file_of p, fn) p

@dac_ops depends on dac_fn@
identifier ops, lk;
position p;
@@
struct inode_operations ops@p = { .lookup = lk, };

@script:ocaml depends on dac_ops@
lk << dac_ops.lk;
p << dac_ops.p;
@@
Hashtbl.replace lookup_ops (file_of p, lk) ()

@dac_lookup_def depends on dac_ops@
identifier dac_ops.lk, fl, a, b;
type T1, T2, T3;
position p;
@@
lk@p(T1 a, T2 b, T3 fl) { ... }

@script:ocaml depends on dac_lookup_def@
lk << dac_ops.lk;
fl << dac_lookup_def.fl;
p << dac_lookup_def.p;
@@
Hashtbl.replace lookup_flags (file_of p, lk) fl

@dac_static depends on dac_fn@
identifier fn;
type T;
position p;
@@
static T fn@p(...) { ... }

@script:ocaml depends on dac_static@
fn << dac_static.fn;
p << dac_static.p;
@@
Hashtbl.replace statics (file_of p, fn) ()

@dac_call1 depends on dac_fn@
identifier dac_fn.fn, caller;
position pc;
@@
caller(...) {
<+...
  fn@pc(...)
...+>
}

@dac_call2 depends on dac_fn@
identifier dac_call1.caller, caller2;
position pc;
@@
caller2(...) {
<+...
  caller@pc(...)
...+>
}

@dac_call3 depends on dac_fn@
identifier dac_call2.caller2, caller3;
position pc;
@@
caller3(...) {
<+...
  caller2@pc(...)
...+>
}

@script:ocaml depends on dac_call1@
callee << dac_fn.fn;
caller << dac_call1.caller;
pc << dac_call1.pc;
@@
let k = (file_of pc, callee) in
if not (List.mem_assoc caller (callers_of (fst k) callee)) ||
   not (List.mem (caller, pc) (callers_of (fst k) callee)) then
  Hashtbl.replace callers k ((caller, pc) :: callers_of (fst k) callee)

@script:ocaml depends on dac_call2@
callee << dac_call1.caller;
caller << dac_call2.caller2;
pc << dac_call2.pc;
@@
let k = (file_of pc, callee) in
if not (List.mem (caller, pc) (callers_of (fst k) callee)) then
  Hashtbl.replace callers k ((caller, pc) :: callers_of (fst k) callee)

@script:ocaml depends on dac_call3@
callee << dac_call2.caller2;
caller << dac_call3.caller3;
pc << dac_call3.pc;
@@
let k = (file_of pc, callee) in
if not (List.mem (caller, pc) (callers_of (fst k) callee)) then
  Hashtbl.replace callers k ((caller, pc) :: callers_of (fst k) callee)

// ---------------------------------------------------------------------
// Decisions.

@dac_defs depends on dac_fn@
identifier fn;
position p;
@@
fn@p(...) { ... }

@dac_defs_l depends on dac_fn@
identifier fn;
position p;
@@
fn@p(...) { ... }

@dac_defs_h2 depends on dac_fn@
identifier fn;
position p;
@@
fn@p(...) { ... }

// a convertible helper
@script:ocaml dac_helper depends on dac_defs@
fn << dac_defs.fn;
p << dac_defs.p;
h;
@@
h := make_ident (if helper_ok (file_of p) fn then fn else "fsconv_no_helper")

// a ->lookup() with its flags parameter
@script:ocaml dac_lookup depends on dac_defs_l@
fn << dac_defs_l.fn;
p << dac_defs_l.p;
lk;
fl;
@@
match flags_of (file_of p) fn with
| Some f -> lk := make_ident fn; fl := make_ident f
| None -> lk := make_ident "fsconv_no_lookup"; fl := make_ident "fsconv_no_flags"

// the same, bound a second time for helper-to-helper calls
@script:ocaml dac_helper2 depends on dac_defs_h2@
fn << dac_defs_h2.fn;
p << dac_defs_h2.p;
h2;
@@
h2 := make_ident (if helper_ok (file_of p) fn then fn else "fsconv_no_helper")

// ---------------------------------------------------------------------
// patch

@dac_helper_call_in_lookup depends on patch@
identifier dac_helper.h, dac_lookup.lk, dac_lookup.fl;
expression list es;
@@
lk(...) {
<...
  h(es
+   , fl
  )
...>
}

@dac_helper_call_in_helper depends on patch@
identifier dac_helper.h, dac_helper2.h2;
expression list es;
@@
h2(...) {
<...
  h(es
+   , lookup_flags
  )
...>
}

@dac_lookup_direct depends on patch && !d_add_ci_bool@
identifier dac_lookup.lk, dac_lookup.fl;
expression D, I, N;
@@
lk(...) {
<...
  d_add_ci(D, I, N
+   , fl
  )
...>
}

@dac_lookup_direct_bool depends on patch && d_add_ci_bool@
identifier dac_lookup.lk, dac_lookup.fl;
expression D, I, N;
@@
lk(...) {
<...
  d_add_ci(D, I, N
+   , !!(fl & LOOKUP_SHARED)
  )
...>
}

@dac_helper_body depends on patch && !d_add_ci_bool@
identifier dac_helper.h;
expression D, I, N;
@@
h(...) {
<...
  d_add_ci(D, I, N
+   , lookup_flags
  )
...>
}

@dac_helper_body_bool depends on patch && d_add_ci_bool@
identifier dac_helper.h;
expression D, I, N;
@@
h(...) {
<...
  d_add_ci(D, I, N
+   , !!(lookup_flags & LOOKUP_SHARED)
  )
...>
}

@dac_helper_param depends on patch@
identifier dac_helper.h;
parameter list ps;
@@
  h(ps
+   , unsigned int lookup_flags
  ) { ... }

@dac_helper_proto depends on patch@
identifier dac_helper.h;
parameter list ps;
type T;
@@
  T h(ps
+   , unsigned int lookup_flags
  );

// ---------------------------------------------------------------------
// context / report / org

@dac_ctx depends on context@
expression D, I, N;
@@
* d_add_ci(D, I, N)

@script:ocaml depends on report && dac_fn@
fn << dac_fn.fn;
p << dac_fn.p;
@@
let (ty, msg) = classify (file_of p) fn in report ty p msg

@script:ocaml depends on org && dac_fn@
fn << dac_fn.fn;
p << dac_fn.p;
@@
let (ty, msg) = classify (file_of p) fn in org ty p msg

// a call of a function on the way to d_add_ci() from a caller that is
// neither a ->lookup() nor a convertible helper (C10)

@initialize:ocaml@
@@
let bad_callers () =
  let l = ref [] in
  Hashtbl.iter (fun (file, callee) cs ->
    if not (Hashtbl.mem lookup_ops (file, callee)) then
      List.iter (fun (c, pc) ->
        if flags_of file c = None && not (helper_ok file c) then
          l := (pc, Printf.sprintf "'%s' leads to d_add_ci() but its caller '%s' is not reached from a ->lookup(): pass the real lookup flags by hand, not 0" callee c) :: !l)
        cs) callers;
  let key (p, _) = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col) in
  List.sort (fun a b -> compare (key a) (key b)) !l

@script:ocaml depends on report && dac_fn@
@@
List.iter (fun (pc, msg) -> report "MANUAL_HELPER_CALLER" pc msg) (bad_callers ())

@script:ocaml depends on org && dac_fn@
@@
List.iter (fun (pc, msg) -> org "MANUAL_HELPER_CALLER" pc msg) (bad_callers ())
