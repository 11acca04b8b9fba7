#!/usr/bin/env python3
"""Fails when a crate's modules import each other in a cycle (make lint runs it on core).

A module is a source file; it depends on every module a path in it names (`crate::…`,
`super::…`, `self::…` or a child module's name, in `use` items and inline paths). A `pub use`
re-export is the module's facade, not a use, and `#[cfg(test)]` modules are skipped. `crate::Name` re-exported by lib.rs
counts as the module it comes from. Prints each cycle found as a chain of files.

usage: scripts/check-cycles.py [crate-src-dir ...]   (default: core/src)
"""
import os
import re
import sys


def modules(src):
    """module path (tuple) -> file, for every .rs file under src."""
    out = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(root, f), src)[:-3].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            if rel == ["lib"] or rel == ["main"]:
                rel = []
            out[tuple(rel)] = os.path.join(root, f)
    return out


def strip(text):
    """Source without comments, strings and #[cfg(test)] modules."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    m = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    return text[: m.start()] if m else text


def paths(text):
    """Every path a file names: `use` trees expanded, plus inline crate::/super:: paths."""
    out = []
    for m in re.finditer(r"(\bpub(?:\([\w:]+\))?\s+)?\buse\s+([^;]+);", text):
        if not m.group(1):  # a re-export is the module's facade, not something it uses
            out += expand(m.group(2).replace(" ", "").replace("\n", ""))
    text = re.sub(r"\bpub(?:\([\w:]+\))?\s+use\s+[^;]+;", "", text)
    out += re.findall(r"\b((?:crate|super|self)(?:::\w+)+)", text)
    out += re.findall(r"(?<![:\w])(\w+(?:::\w+)+)", text)
    return out


def expand(tree):
    """`a::{b, c::{d}}` -> [a::b, a::c::d]."""
    i = tree.find("{")
    if i < 0:
        return [tree]
    prefix, inner = tree[:i], tree[i + 1 : tree.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    return [x for p in parts if p for x in expand(prefix + p)]


def resolve(path, here, mods, facades):
    """The module a path names: the deepest module file on it, then through `pub use` facades
    to the module an item really comes from."""
    segs = path.split("::")
    if segs[0] == "crate":
        base, rest = (), segs[1:]
    elif segs[0] in ("super", "self"):
        base = here
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
        rest = segs
    elif here + (segs[0],) in mods:
        base, rest = here, segs  # a child module, named from its parent
    else:
        return None
    best, used = base, 0
    for n in range(1, len(rest) + 1):
        if base + tuple(rest[:n]) in mods:
            best, used = base + tuple(rest[:n]), n
    seen = set()
    while used < len(rest) and rest[used] in facades.get(best, {}) and best not in seen:
        seen.add(best)
        best, used = facades[best][rest[used]], used + 1
    return best


def facade(mod, text, mods):
    """name -> module, for the items a module re-exports with `pub use`."""
    out = {}
    for m in re.finditer(r"\bpub(?:\([\w:]+\))?\s+use\s+([^;]+);", text):
        for p in expand(m.group(1).replace(" ", "").replace("\n", "")):
            name = p.split("::")[-1]
            if "as" in name:
                name = name.split("as")[-1]
            owner = resolve(p.rsplit("::", 1)[0] if "::" in p else p, mod, mods, {})
            if owner is not None and name != "*":
                out[name] = owner
    return out


def check(src):
    mods = modules(src)
    texts = {mod: strip(open(f).read()) for mod, f in mods.items()}
    facades = {mod: facade(mod, text, mods) for mod, text in texts.items()}
    graph = {}
    for mod, text in texts.items():
        if mod == ():
            continue
        deps = {}
        for p in paths(text):
            if p == "super::*":
                continue  # in practice an inline module's (`mod lenient { use super::*; }`)
            r = resolve(p, mod, mods, facades)
            if r and r != mod and r != ():
                deps.setdefault(r, p)
        graph[mod] = deps
    # Tarjan's strongly connected components.
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                sccs.append(scc)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    for scc in sccs:
        print("%s: import cycle among %d modules: %s" % (src, len(scc), ", ".join(sorted("::".join(m) for m in scc))))
        for m in sorted(scc):
            for d, why in sorted(graph[m].items()):
                if d in scc:
                    print("    %s -> %s (%s)" % ("::".join(m), "::".join(d), why))
    return not sccs


if __name__ == "__main__":
    dirs = sys.argv[1:] or ["core/src"]
    ok = all([check(d) for d in dirs])
    print("check-cycles: %s" % ("no import cycle in " + ", ".join(dirs) if ok else "cycles found"))
    sys.exit(0 if ok else 1)
