"""The engine rebuilt for this CPU: the kernels it can run, never more (a missing instruction
kills the engine with SIGILL at the first prompt)."""

from __future__ import annotations

from agent.llm.native import cmake_args, cpu_flags, kernels

SAPPHIRE_RAPIDS = (
    "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma f16c bmi2 avx_vnni avx512f avx512cd avx512vl "
    "avx512dq avx512bw avx512vbmi avx512_vnni avx512_bf16 amx_tile amx_int8 amx_bf16\n"
    "processor\t: 1\nflags\t\t: fpu\n"
)
EPYC_ZEN2 = "flags : fpu sse4_2 avx avx2 fma f16c bmi2\n"
OLD_ATOM = "flags : fpu sse4_2\n"


def test_an_avx512_cpu_gets_every_avx512_kernel_and_no_amx() -> None:
    found = kernels(cpu_flags(SAPPHIRE_RAPIDS))
    assert {"GGML_AVX2", "GGML_AVX512", "GGML_AVX512_VNNI", "GGML_AVX512_BF16", "GGML_AVX_VNNI"} <= set(found)
    args = cmake_args(found)
    assert "-DGGML_NATIVE=OFF" in args and not any("AMX" in a for a in args)


def test_an_avx2_cpu_gets_no_avx512_kernel() -> None:
    assert kernels(cpu_flags(EPYC_ZEN2)) == ["GGML_AVX", "GGML_AVX2", "GGML_FMA", "GGML_F16C", "GGML_BMI2"]


def test_avx512_extensions_need_avx512_itself() -> None:
    # A hypervisor may pass avx512_vnni through without avx512bw: no AVX-512 kernel then.
    partial = cpu_flags(EPYC_ZEN2.replace("bmi2", "bmi2 avx512f avx512_vnni"))
    assert not any("AVX512" in k for k in kernels(partial))


def test_a_cpu_without_avx2_gets_no_simd_kernel() -> None:
    assert kernels(cpu_flags(OLD_ATOM)) == []
