"""``python -m agent.llm.native``: the engine (xllamacpp) rebuilt from its source for this CPU.

The prebuilt wheel carries AVX2 kernels only. On a CPU with AVX-512 (most Intel Xeons, AMD Zen 4
and later) a build with those kernels processes prompts about 1.5x faster and decodes about 1.15x
faster (``bench/local_llm.py``, README). ``make setup`` runs this once: the same
version as the pinned wheel, compiled with the instruction sets this CPU reports, named one by one
(a ``-march=native`` build segfaulted at start on the Sapphire Rapids machine measured, AMX being
what it adds there),
kept in ``.cache/engine`` and installed in place of the wheel. Without AVX-512, or when the build
fails (no compiler, no cmake), the prebuilt engine stays.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

PACKAGE = "xllamacpp"
# Left out of the build: grammar-constrained decoding (needs Rust) and TLS (the engine serves
# 127.0.0.1 only).
_BASE = ["-DGGML_NATIVE=OFF", "-DLLAMA_LLGUIDANCE=OFF", "-DLLAMA_BUILD_BORINGSSL=OFF"]
# (llama.cpp options, the CPU flags /proc/cpuinfo must all list, the option they build on).
_LEVELS: list[tuple[list[str], set[str], str | None]] = [
    (
        ["GGML_AVX", "GGML_AVX2", "GGML_FMA", "GGML_F16C", "GGML_BMI2"],
        {"avx", "avx2", "fma", "f16c", "bmi2"},
        None,
    ),
    (["GGML_AVX_VNNI"], {"avx_vnni"}, "GGML_AVX2"),
    (["GGML_AVX512"], {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"}, "GGML_AVX2"),
    (["GGML_AVX512_VBMI"], {"avx512vbmi"}, "GGML_AVX512"),
    (["GGML_AVX512_VNNI"], {"avx512_vnni"}, "GGML_AVX512"),
    (["GGML_AVX512_BF16"], {"avx512_bf16"}, "GGML_AVX512"),
]


def cpu_flags(cpuinfo: str) -> set[str]:
    """The instruction sets of the first processor listed in /proc/cpuinfo."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return set(value.split())
    return set()


def kernels(flags: set[str]) -> list[str]:
    """The llama.cpp kernel options a CPU with ``flags`` can run."""
    options: list[str] = []
    for allowed, needed, base in _LEVELS:
        if needed <= flags and (base is None or base in options):
            options += allowed
    return options


def cmake_args(options: list[str]) -> list[str]:
    return _BASE + [f"-D{option}=ON" for option in options]


def build(folder: Path, args: list[str]) -> Path:
    """Download the installed version's source and build its wheel with ``args`` into ``folder``."""
    pip = [sys.executable, "-m", "pip"]
    with tempfile.TemporaryDirectory(prefix="xllamacpp-build-") as scratch:
        pinned = f"{PACKAGE}=={version(PACKAGE)}"
        subprocess.run(
            [*pip, "download", pinned, "--no-binary", ":all:", "--no-deps", "-d", scratch], check=True
        )
        (source,) = Path(scratch).glob(f"{PACKAGE}-*.tar.gz")
        env = {**os.environ, "CMAKE_ARGS": " ".join(args), "NPROC": str(len(os.sched_getaffinity(0)))}
        subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", scratch], check=True, env=env)
        (wheel,) = Path(scratch).glob(f"{PACKAGE}-*.whl")
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(wheel, folder))


def build_folder(cache: Path, args: list[str]) -> Path:
    """Where the build for this version and these options is kept: a new version or another CPU
    builds again, a fresh virtual environment does not."""
    key = hashlib.sha256(" ".join(args).encode()).hexdigest()[:12]
    return cache / f"{PACKAGE}-{version(PACKAGE)}-{key}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m agent.llm.native", description=__doc__)
    parser.add_argument(
        "--engine",
        choices=["native", "prebuilt"],
        default="native",
        help="native: build for this CPU when it has AVX-512; prebuilt: put the PyPI wheel back",
    )
    parser.add_argument("--print-args", action="store_true", help="only print the build options for this CPU")
    parser.add_argument(
        "--cache", type=Path, default=Path(".cache/engine"), help="where built engines are kept"
    )
    options = parser.parse_args()
    pip_install = [sys.executable, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps"]
    if options.engine == "prebuilt":
        subprocess.run([*pip_install, "--only-binary", ":all:", f"{PACKAGE}=={version(PACKAGE)}"], check=True)
        return
    found = kernels(cpu_flags(Path("/proc/cpuinfo").read_text()))
    args = cmake_args(found)
    print("llama.cpp build options:", " ".join(args), flush=True)
    if options.print_args:
        return
    if "GGML_AVX512" not in found:
        print("no AVX-512 here: the prebuilt engine (AVX2) is already the fastest build", flush=True)
        return
    folder = build_folder(options.cache, args)
    try:
        wheel = next(folder.glob("*.whl"), None)
        if wheel is None:
            print(f"building {PACKAGE} {version(PACKAGE)} for this CPU (5-10 minutes, once)", flush=True)
            wheel = build(folder, args)
        subprocess.run([*pip_install, str(wheel)], check=True)
    except (subprocess.CalledProcessError, OSError, ValueError) as exc:
        # A laptop without cmake or a compiler still runs: slower prompts, nothing broken.
        print(f"WARNING: the engine build failed ({exc}); the prebuilt engine stays", flush=True)
        return
    print(f"{PACKAGE} {version(PACKAGE)} built for this CPU: {wheel}", flush=True)


if __name__ == "__main__":
    main()
