using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project benchmarks/EmotionRecognition.Benchmarks -- --filter '*Feature*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
