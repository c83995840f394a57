using System.Runtime.InteropServices;

namespace EmotionRecognition.Inference;

/// <summary>
/// The native libraries the CUDA build of ONNX Runtime needs at run time, and which of them this machine cannot load. ONNX
/// Runtime's own error says only that its CUDA provider failed to load; this names what to install.
/// </summary>
internal static class CudaLibraries
{
    /// <summary>What ONNX Runtime 1.32's CUDA provider loads on Linux: driver, CUDA 13 runtime, cuBLAS 13, cuRAND 10, cuDNN 9.</summary>
    internal static readonly IReadOnlyList<string> Linux =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <summary>The same libraries under their Windows names.</summary>
    internal static readonly IReadOnlyList<string> Windows =
        ["nvcuda.dll", "cudart64_13.dll", "cublas64_13.dll", "cublasLt64_13.dll", "curand64_10.dll", "cudnn64_9.dll"];

    /// <summary>The libraries this operating system needs.</summary>
    internal static IReadOnlyList<string> Required => OperatingSystem.IsWindows() ? Windows : Linux;

    /// <summary>Those of <see cref="Required"/> that the native loader cannot find here.</summary>
    internal static IReadOnlyList<string> FindMissing() => FindMissing(Required);

    /// <summary>Those of <paramref name="names"/> that the native loader cannot load (each loaded one is released at once).</summary>
    internal static IReadOnlyList<string> FindMissing(IEnumerable<string> names)
    {
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
                NativeLibrary.Free(handle);
            else
                missing.Add(name);
        }
        return missing;
    }
}
