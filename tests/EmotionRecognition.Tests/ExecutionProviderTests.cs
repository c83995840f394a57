using EmotionRecognition.Inference;
using Microsoft.Extensions.Logging;

namespace EmotionRecognition.Tests;

/// <summary>
/// The provider a classifier really runs on. This repository references the CPU build of ONNX Runtime and this machine has no
/// GPU, so asking for CUDA fails for real here; the CUDA build's own failures are proven by build/package-smoke.sh.
/// </summary>
[Collection(TestModelCollection.Name)]
public class ExecutionProviderTests(TestModel model)
{
    [Fact]
    public void CudaOnTheCpuBuildFallsBackWithALoggedWarningNamingTheMissingLibraries()
    {
        var logger = new CollectingLogger();
        var warnings = new List<string>();
        var options = new EmotionClassifierOptions { ExecutionProvider = ExecutionProvider.Cuda(0), IntraOpThreads = 1, Logger = logger, OnWarning = warnings.Add };
        using var classifier = EmotionClassifier.Load(model.Path, options);
        Assert.Equal(ExecutionProvider.Cpu, classifier.ExecutionProvider);
        var warning = Assert.Single(warnings);
        Assert.Equal((LogLevel.Warning, warning), Assert.Single(logger.Entries));
        Assert.StartsWith("CUDA:0 was requested, but the loaded ONNX Runtime is its CPU build", warning);
        Assert.Contains("reference the EmotionRecognition.Gpu package instead of EmotionRecognition", warning);
        AssertNamesMissingLibraries(CudaLibraries.FindMissing(), warning);
        using var cpu = EmotionClassifier.Load(model.Path, new EmotionClassifierOptions { IntraOpThreads = 1 });
        Assert.Equal(cpu.Classify(model.TrainingFiles[0]).Probabilities, classifier.Classify(model.TrainingFiles[0]).Probabilities);
    }

    [Fact]
    public void CudaWithoutFallbackThrowsNamingTheMissingLibraries()
    {
        var options = new EmotionClassifierOptions { ExecutionProvider = ExecutionProvider.Cuda(1), FallbackToCpu = false };
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => EmotionClassifier.Load(model.Path, options));
        Assert.Equal(ExecutionProvider.Cuda(1), e.Requested);
        Assert.Equal(CudaLibraries.FindMissing(), e.MissingLibraries);
        Assert.StartsWith("CUDA:1 was requested", e.Message);
        Assert.EndsWith("Set FallbackToCpu to run on the CPU instead.", e.Message);
        Assert.IsType<EntryPointNotFoundException>(e.InnerException);
        AssertNamesMissingLibraries(e.MissingLibraries, e.Message);
    }

    [Fact]
    public void TheLibraryProbeNamesExactlyWhatCannotLoad()
    {
        var present = OperatingSystem.IsWindows() ? "kernel32.dll" : "libc.so.6";
        Assert.Equal(["libemotion-not-installed.so.1"], CudaLibraries.FindMissing([present, "libemotion-not-installed.so.1"]));
        Assert.Equal(["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"],
            CudaLibraries.Linux);
        Assert.All(CudaLibraries.Windows, name => Assert.EndsWith(".dll", name));
        Assert.Equal(CudaLibraries.Linux.Count, CudaLibraries.Windows.Count);
    }

    [Fact]
    public void ASessionThatFailsOnTheDeviceFallsBackButAModelErrorIsReportedAsSuch()
    {
        // A GPU build whose libraries all load can still fail to open the session (no device, old driver): simulated by an
        // appended "provider" that marks the session options and a session that refuses them.
        const string cudaMark = "cuda-under-test";
        Action<Microsoft.ML.OnnxRuntime.SessionOptions, int> appendCuda = (session, _) => session.LogId = cudaMark;
        OnnxScorer OpenOnCpuOnly(Microsoft.ML.OnnxRuntime.SessionOptions session) => session.LogId == cudaMark
            ? throw new EmotionModelLoadException("test", "cannot open", new InvalidOperationException("CUDA failure 100: no CUDA-capable device is detected"))
            : new OnnxScorer(model.Model, session);
        var warnings = new List<string>();
        var options = new EmotionClassifierOptions { ExecutionProvider = ExecutionProvider.Cuda(0), IntraOpThreads = 1, OnWarning = warnings.Add };

        var (scorer, provider) = SessionFactory.Open(options, OpenOnCpuOnly, appendCuda, () => []);
        using (scorer)
            Assert.Equal(ExecutionProvider.Cpu, provider);
        Assert.Equal("CUDA:0 was requested, but ONNX Runtime's CUDA provider cannot run here. Every CUDA and cuDNN library loads, so check " +
            "that a GPU is present and its driver works. ONNX Runtime said: \"CUDA failure 100: no CUDA-capable device is detected\". Running on the CPU.",
            Assert.Single(warnings));

        var broken = Assert.Throws<EmotionModelLoadException>(() => SessionFactory.Open<OnnxScorer>(options,
            _ => throw new EmotionModelLoadException("test", "the ONNX graph cannot be loaded by ONNX Runtime."), appendCuda, () => []));
        Assert.Equal("test: the ONNX graph cannot be loaded by ONNX Runtime.", broken.Message);
        Assert.Single(warnings);
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionFactory.Open(options with { IntraOpThreads = 0 }, OpenOnCpuOnly, appendCuda, () => []));
    }

    [Fact]
    public void TheDefaultProviderIsCudaOnlyWhereTheGpuPackageAsksForIt()
    {
        Assert.Equal(ExecutionProvider.Cuda(0), ExecutionProvider.FromSetting("CUDA"));
        Assert.Equal(ExecutionProvider.Cuda(0), ExecutionProvider.FromSetting("cuda"));
        Assert.Equal(ExecutionProvider.Cpu, ExecutionProvider.FromSetting(null));
        Assert.Equal(ExecutionProvider.Cpu, ExecutionProvider.FromSetting("CPU"));
        // This test app references the CPU runtime, whose packages set nothing.
        Assert.Null(AppContext.GetData(ExecutionProvider.DefaultSwitch));
        Assert.Equal(ExecutionProvider.Cpu, ExecutionProvider.Default);
        Assert.Equal(ExecutionProvider.Default, new EmotionClassifierOptions().ExecutionProvider);
    }

    [Fact]
    public void WithoutTheModelPackageLoadDefaultSaysHowToGetAModel()
    {
        var absent = Assert.Throws<EmotionModelLoadException>(() => DefaultModel.Open("EmotionRecognition.Training.Networks.NotInstalled"));
        Assert.Contains("no default model is installed (the assembly EmotionRecognition.Training.Networks.NotInstalled is not part of this app)", absent.Message);
        Assert.Contains("Reference the EmotionRecognition or EmotionRecognition.Gpu package", absent.Message);
        Assert.Contains("EmotionClassifier.Load(\"model.emotion\")", absent.Message);
        var empty = Assert.Throws<EmotionModelLoadException>(() => DefaultModel.Open("EmotionRecognition.Audio"));
        Assert.Contains($"the assembly EmotionRecognition.Audio has no resource {EmotionClassifier.DefaultModelResource}", empty.Message);
        using var shipped = DefaultModel.Open();
        Assert.True(EmotionModel.Load(shipped, "default").Labels.SequenceEqual(EmotionLabels.All));
    }

    private static void AssertNamesMissingLibraries(IReadOnlyList<string> missing, string message)
    {
        if (missing.Count == 0)
            Assert.Contains("Every CUDA and cuDNN library loads", message);
        else
            Assert.Contains($"Missing here: {string.Join(", ", missing)} (install the NVIDIA driver", message);
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel, string)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
