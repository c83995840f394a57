using BenchmarkDotNet.Running;
using EmotionRecognition.Benchmarks.Features;

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project benchmarks/EmotionRecognition.Benchmarks -- --filter '*Feature*'`.
// `-- check-widths [reference.bin]` instead compares the feature kernels' results across vector widths (docs/performance.md).
if (args is ["check-widths", ..])
    WidthCheck.Run(args.ElementAtOrDefault(1));
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
