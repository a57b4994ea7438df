// SPDX-License-Identifier: GPL-2.0-only
/// Use d_duplicate() to get a second dentry for a name.
///
/// Silly-rename and whiteout code gets a second dentry for the name of a
/// dentry it is about to move away with d_alloc(D->d_parent, &D->d_name).
/// That is safe only while the parent's exclusive lock keeps every lookup
/// of the name out.  Once lookups run without the parent lock, a
/// d_alloc_parallel() in the window would find nothing and create a third
/// dentry.  d_duplicate() makes the copy in-lookup and hashes it on the
/// in-lookup hash, so such a lookup waits for it instead.
///
/// d_duplicate() returns ERR_PTR(-ENOMEM), never NULL, so the failure test
/// becomes IS_ERR() (PTR_ERR() replaces an open-coded -ENOMEM, and a copy
/// that is dput() after the error label is reset to NULL first), and the
/// copy is passed to d_lookup_done() before it is dput().
///
//# Not converted, reported: a copy that is instantiated with
//# d_instantiate(), d_instantiate_new() or d_make_persistent(), or passed
//# to a ->mknod-like function (shmem's whiteout): those refuse in-lookup
//# dentries, and whether to end the lookup first or instantiate with
//# d_splice_alias() is a decision about the name's visibility.  Also
//# reported: a copy kept outside a local variable (its dput() is
//# elsewhere), a copy that is returned, a dentry that is d_drop()ped
//# before it is copied (d_duplicate() needs it hashed), and a call whose
//# NULL test is not the statement right after it.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R4 of the fsconv VFS conversion spec.  Run it only on
//  a tree that has d_duplicate().  Instantiation is seen through direct
//  calls of d_instantiate(), d_instantiate_new(), d_make_persistent(),
//  vfs_mknod()/vfs_create()/vfs_mkdir()/vfs_symlink(), ->mknod-like
//  method pointers, any function whose name ends in mknod, create, mkdir
//  or symlink, and functions in the same file that pass their dentry
//  parameter to one of the three instantiators.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Requires: d_duplicate
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

@initialize:ocaml@
@@
(* Analysis keys are (file, line, col) of the d_alloc() call or of a
 * dput(): they hold until the first rule changes the file, after which
 * spatch reparses it and positions move.  So the first patch rule works
 * from positions, and the later ones from (function, variable) names,
 * which are reset for every file. *)
let sites = Hashtbl.create 16		(* call -> reasons, latest first *)
let tested = Hashtbl.create 16		(* call has a NULL test right after *)
let local = Hashtbl.create 16		(* call -> name of its local variable *)
let instantiators = Hashtbl.create 16	(* (file, fn) passes its dentry on *)
let dputs = Hashtbl.create 16		(* dput() -> the call it follows *)
let guarded = Hashtbl.create 16	(* dput() as "if (X) dput(X);" *)
let done_before = Hashtbl.create 16	(* dput() already after d_lookup_done *)
let label_uses = Hashtbl.create 16	(* call whose copy is used after the error label *)
let instantiating = Hashtbl.create 16	(* call -> what instantiates the copy *)
let by_name = Hashtbl.create 16	(* (fn, var) -> all its calls convertible *)
let reported = Hashtbl.create 16

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let file_of p = (List.hd p).Coccilib.file
let line_of p = (List.hd p).Coccilib.line
let fn_of p = (List.hd p).Coccilib.current_element

let add_reason p r =
  let k = key p in
  let l = try Hashtbl.find sites k with Not_found -> [] in
  if not (List.mem r l) then Hashtbl.replace sites k (r :: l)

let ends_with s suf =
  let n = String.length s and m = String.length suf in
  n >= m && String.sub s (n - m) m = suf

let is_instantiator file f =
  Hashtbl.mem instantiators (file, f) ||
  List.mem f ["vfs_mknod"; "vfs_create"; "vfs_mkdir"; "vfs_symlink";
              "d_instantiate"; "d_instantiate_new"; "d_make_persistent"] ||
  List.exists (ends_with f) ["mknod"; "create"; "mkdir"; "symlink"]

(* a call is converted when it has a known shape and no reason against *)
let convertible_key k =
  Hashtbl.mem tested k && Hashtbl.mem local k &&
  (try Hashtbl.find sites k = [] with Not_found -> false) &&
  not (Hashtbl.mem instantiating k)

(* after the analysis, before any change: which (fn, var) to convert *)
let decide () =
  Hashtbl.iter (fun ((_, _, _) as k) _ ->
    match Hashtbl.find_opt local k with
    | None -> ()
    | Some (fn, x) ->
        let ok = convertible_key k &&
                 (try Hashtbl.find by_name (fn, x) with Not_found -> true) in
        Hashtbl.replace by_name (fn, x) ok) sites

let named_ok p x =
  try Hashtbl.find by_name (fn_of p, x) with Not_found -> false

let label_ok p x =
  named_ok p x && Hashtbl.mem label_uses (fn_of p, x)

let dput_ok q =
  match Hashtbl.find_opt dputs (key q) with
  | Some k -> convertible_key k && not (Hashtbl.mem done_before (key q)) &&
              (match Hashtbl.find_opt local k with
               | Some n -> (try Hashtbl.find by_name n with Not_found -> false)
               | None -> false)
  | None -> false

let dput_guarded q = dput_ok q && Hashtbl.mem guarded (key q)
let dput_bare q = dput_ok q && not (Hashtbl.mem guarded (key q))

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

let classify p d =
  let k = key p in
  match Hashtbl.find_opt instantiating k with
  | Some m ->
      ("MANUAL_INSTANTIATE_DUPLICATE",
       Printf.sprintf "the copy of '%s' %s: instantiation refuses an in-lookup dentry (d_instantiate(), d_instantiate_new(), d_make_persistent()): end the lookup with d_lookup_done() before instantiating it, or instantiate it with d_splice_alias(); then use d_duplicate(%s) with an IS_ERR() test" d m d)
  | None when convertible_key k &&
              (match Hashtbl.find_opt local k with
               | Some n -> (try Hashtbl.find by_name n with Not_found -> false)
               | None -> false) ->
      ("D_DUPLICATE",
       Printf.sprintf "a second dentry for the name of '%s' must be in-lookup: use d_duplicate(%s), IS_ERR() on failure, d_lookup_done() before dput()" d d)
  | None ->
      let rs = try List.rev (Hashtbl.find sites k) with Not_found -> [] in
      let rs =
        if Hashtbl.mem local k then rs
        else List.append rs ["the copy is not kept in a local variable, so its dput() is elsewhere: d_lookup_done() must come first there"] in
      let rs =
        if Hashtbl.mem tested k || not (Hashtbl.mem local k) then rs
        else List.append rs ["its NULL test is not the statement right after the call"] in
      let rs = if rs = [] then ["another d_alloc() copy into the same variable in this function is not convertible"] else rs in
      ("MANUAL_DUPLICATE",
       Printf.sprintf "d_alloc() copy of '%s' not converted to d_duplicate(): %s" d
         (String.concat "; " rs))

// ---------------------------------------------------------------------
// Analysis (all modes)

@dd_call depends on patch || context || report || org@
expression D;
position p;
@@
  d_alloc@p(D->d_parent, &D->d_name)

// a new file: forget the previous file's names
@script:ocaml depends on dd_call@
@@
Hashtbl.reset by_name;
Hashtbl.reset label_uses

@script:ocaml depends on dd_call@
p << dd_call.p;
@@
if not (Hashtbl.mem sites (key p)) then Hashtbl.replace sites (key p) []

@dd_local depends on dd_call@
local idexpression struct dentry *x;
expression D;
position dd_call.p;
@@
  x = d_alloc@p(D->d_parent, &D->d_name);

@script:ocaml depends on dd_local@
p << dd_call.p;
x << dd_local.x;
@@
Hashtbl.replace local (key p) (fn_of p, x)

@dd_test depends on dd_local@
local idexpression struct dentry *dd_local.x;
expression D;
statement S;
position dd_call.p;
@@
  x = d_alloc@p(D->d_parent, &D->d_name);
  if (\(!x\|x == NULL\|unlikely(!x)\)) S

@script:ocaml depends on dd_test@
p << dd_call.p;
@@
Hashtbl.replace tested (key p) ()

// d_duplicate() needs a hashed dentry
@dd_dropped depends on dd_call exists@
expression D, X;
position dd_call.p;
@@
  d_drop(D);
  ... when != d_rehash(D)
  X = d_alloc@p(D->d_parent, &D->d_name)

@script:ocaml depends on dd_dropped@
p << dd_call.p;
d << dd_call.D;
@@
add_reason p (Printf.sprintf "'%s' is d_drop()ped before it is copied, and d_duplicate() needs a hashed dentry" d)

@dd_returned depends on dd_local exists@
local idexpression struct dentry *dd_local.x;
expression D, E;
position dd_call.p;
@@
  x = d_alloc@p(D->d_parent, &D->d_name);
  ... when != x = E
  return x;

@script:ocaml depends on dd_returned@
p << dd_call.p;
@@
add_reason p "the copy is returned: the caller must call d_lookup_done() before dput()"

// functions of this file that hand their dentry parameter to an
// instantiator that refuses in-lookup dentries (shmem_mknod)
@dd_instantiator depends on dd_call@
identifier fn, P;
type T;
position pf;
@@
  fn@pf(..., T *P, ...) {
  <+...
(
  d_instantiate(P, ...)
|
  d_instantiate_new(P, ...)
|
  d_make_persistent(P, ...)
)
  ...+>
  }

@script:ocaml depends on dd_instantiator@
fn << dd_instantiator.fn;
pf << dd_instantiator.pf;
@@
Hashtbl.replace instantiators (file_of pf, fn) ()

@dd_inst depends on dd_call exists@
expression D, X, E, E2;
identifier f, fld;
position dd_call.p, q;
@@
  X = d_alloc@p(D->d_parent, &D->d_name);
  ... when != X = E
(
  f@q(..., X, ...)
|
  E2->fld@q(..., X, ...)
)

@script:ocaml depends on dd_inst@
p << dd_call.p;
q << dd_inst.q;
f << dd_inst.f = "";
fld << dd_inst.fld = "";
@@
let name = if f <> "" then f else fld in
if is_instantiator (file_of p) name && not (Hashtbl.mem instantiating (key p)) then
  Hashtbl.replace instantiating (key p)
    (Printf.sprintf "reaches %s%s() on line %d"
       (if f = "" then "->" else "") name (line_of q))

// dput()s of the copy: which ones, and in what shape
@dd_dput depends on dd_local exists@
local idexpression struct dentry *dd_local.x;
expression D, E;
position dd_call.p, q;
@@
  x = d_alloc@p(D->d_parent, &D->d_name);
  ... when != x = E
      when any
  dput@q(x)

@script:ocaml depends on dd_dput@
p << dd_call.p;
q << dd_dput.q;
@@
Hashtbl.replace dputs (key q) (key p)

@dd_guarded depends on dd_dput@
local idexpression struct dentry *dd_local.x;
position q;
@@
  if (x)
  dput@q(x);

@script:ocaml depends on dd_guarded@
q << dd_guarded.q;
@@
Hashtbl.replace guarded (key q) ()

@dd_done_before depends on dd_dput@
local idexpression struct dentry *dd_local.x;
position q;
@@
  d_lookup_done(x);
  dput@q(x);

@script:ocaml depends on dd_done_before@
q << dd_done_before.q;
@@
Hashtbl.replace done_before (key q) ()

// the failure test jumps to a label after which the copy is used again
@dd_goto depends on dd_test@
local idexpression struct dentry *dd_local.x;
expression D;
identifier L;
position dd_call.p;
@@
  x = d_alloc@p(D->d_parent, &D->d_name);
  if (\(!x\|x == NULL\|unlikely(!x)\))
(
  goto L;
|
  { ... goto L; }
)

@dd_label_use depends on dd_goto exists@
identifier dd_goto.L;
local idexpression struct dentry *dd_local.x;
position q;
@@
  L:
  ...
  x@q

@script:ocaml depends on dd_label_use@
p << dd_call.p;
q << dd_label_use.q;
x << dd_local.x;
@@
if fn_of q = fn_of p then Hashtbl.replace label_uses (fn_of p, x) ()

@script:ocaml depends on dd_call@
@@
decide ()

// ---------------------------------------------------------------------
// patch: dput()s first, while the analysis positions are valid

@dd_p_dput depends on patch && dd_call@
local idexpression struct dentry *x;
position q1 : script:ocaml() { dput_guarded q1 };
position q2 : script:ocaml() { dput_bare q2 };
@@
(
  if (x)
+ {
+ d_lookup_done(x);
  dput@q1(x);
+ }
|
+ d_lookup_done(x);
  dput@q2(x);
)

@dd_p_body depends on patch && dd_call disable ptr_to_array@
local idexpression struct dentry *x;
expression D, E;
position p : script:ocaml(x) { named_ok p x };
@@
  x = d_alloc@p(D->d_parent, &D->d_name);
  if (\(!x\|x == NULL\|unlikely(!x)\)) {
  ...
(
- E = -ENOMEM;
+ E = PTR_ERR(x);
|
- return -ENOMEM;
+ return PTR_ERR(x);
|
- return ERR_PTR(-ENOMEM);
+ return ERR_CAST(x);
)
  ...
  }

@dd_p_call depends on patch && dd_call disable ptr_to_array@
local idexpression struct dentry *x;
expression D;
statement S;
position p : script:ocaml(x) { named_ok p x };
@@
  x =
- d_alloc@p(D->d_parent, &D->d_name)
+ d_duplicate(D)
  ;
  if (
(
- !x
|
- x == NULL
|
- unlikely(!x)
)
+ IS_ERR(x)
  )
(
- return -ENOMEM;
+ return PTR_ERR(x);
|
- return ERR_PTR(-ENOMEM);
+ return ERR_CAST(x);
|
  S
)

// the copy is NULL or valid after the label, as it was
@dd_p_null depends on dd_p_call@
local idexpression struct dentry *x;
expression D;
identifier L;
position p : script:ocaml(x) { label_ok p x };
@@
  x = d_duplicate@p(D);
  if (IS_ERR(x))
(
+ {
+ x = NULL;
  goto L;
+ }
|
  {
  ...
+ x = NULL;
  goto L;
  }
)

// ---------------------------------------------------------------------
// context / report / org

@dd_ctx depends on context@
expression D;
@@
* d_alloc(D->d_parent, &D->d_name)

@script:ocaml depends on report@
p << dd_call.p;
d << dd_call.D;
@@
let (ty, msg) = classify p d in report ty p msg

@script:ocaml depends on org@
p << dd_call.p;
d << dd_call.D;
@@
let (ty, msg) = classify p d in org ty p msg
