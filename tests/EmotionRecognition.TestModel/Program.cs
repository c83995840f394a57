using EmotionRecognition.TestData;
using EmotionRecognition.Training;
using EmotionRecognition.TestModel;

switch (args)
{
    case ["--torch-settings", .. var rest] when rest is [] or ["--tuned"]:
        return TorchSettingsProbe.Run(tuned: rest.Length == 1);
    case [var path] when !path.StartsWith("--", StringComparison.Ordinal):
        TorchRuntime.Configure(); // the tool trains as emotion-train does; the builder itself leaves the process alone
        var model = TestModelBuilder.Build(path);
        CommittedTestModel.From(model.Files, model.TorchProbabilities).Write(path);
        Console.WriteLine($"{path}: compact test model trained on {model.Files.Count} RAVDESS clips; {CommittedTestModel.RecordPath(path)}: its record");
        return 0;
    default:
        Console.Error.WriteLine("usage: dotnet run --project tests/EmotionRecognition.TestModel -- OUT.emotion");
        Console.Error.WriteLine("       dotnet run --project tests/EmotionRecognition.TestModel -- --torch-settings [--tuned]");
        return 2;
}
