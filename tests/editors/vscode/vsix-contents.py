#!/usr/bin/env python3
"""Checks what the packaged .vsix holds (docs/editors.md): exactly the one
esbuild bundle, the server binary, README, LICENSE and package.json (plus
vsce's two manifest files); a bundle that is one self-contained file (no
require of a node_modules package other than vscode and Node's own); a
server binary that is statically linked (no ELF interpreter); and a size
that stays small. Usage: vsix-contents.py FILE.vsix"""
import os
import re
import struct
import sys
import zipfile

MAX_VSIX_BYTES = 6 * 1024 * 1024
EXPECTED = {
    "extension.vsixmanifest",
    "[Content_Types].xml",
    "extension/package.json",
    "extension/readme.md",
    "extension/LICENSE.txt",
    "extension/out/extension.js",
    "extension/server/lede",
}
NODE_BUILTINS = {
    "assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path",
    "process", "readline", "stream", "string_decoder", "timers", "tty", "url", "util", "zlib",
}


def elf_interpreter(data: bytes):
    """The PT_INTERP path of a 64-bit little-endian ELF file, or None."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit("server/lede is not a 64-bit little-endian ELF file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _flags, p_offset, _vaddr, _paddr, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 3:  # PT_INTERP
            return data[p_offset:p_offset + p_filesz].rstrip(b"\0").decode()
    return None


def main(path: str) -> int:
    problems = []
    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if not n.endswith("/")}
        # vsce may spell the readme and licence with other cases.
        lowered = {n.lower(): n for n in names}
        if set(lowered) != {e.lower() for e in EXPECTED}:
            problems.append(f"files {sorted(names)}; expected {sorted(EXPECTED)}")
        js = z.read(lowered["extension/out/extension.js"]).decode() \
            if "extension/out/extension.js" in lowered else ""
        required = set(re.findall(r"require\(\"([^\"]+)\"\)", js))
        foreign = {r for r in required
                   if r != "vscode" and r.removeprefix("node:").split("/")[0] not in NODE_BUILTINS}
        if not js:
            problems.append("no out/extension.js")
        elif foreign:
            problems.append(f"the bundle requires packages it should hold: {sorted(foreign)}")
        if "vscode-languageclient" not in js and "LanguageClient" not in js:
            problems.append("the bundle does not hold the language client")
        if "extension/server/lede" in lowered:
            interp = elf_interpreter(z.read(lowered["extension/server/lede"]))
            if interp is not None:
                problems.append(f"server/lede is dynamically linked (interpreter {interp})")
    size = os.path.getsize(path)
    if size > MAX_VSIX_BYTES:
        problems.append(f"{size} bytes, more than {MAX_VSIX_BYTES}")
    if problems:
        for p in problems:
            print(f"vsix-contents: {path}: {p}", file=sys.stderr)
        return 1
    print(f"vsix-contents: {len(names)} files, {size / 1e6:.1f} MB, one bundled script, static server binary")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
