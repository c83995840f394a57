using EmotionRecognition.TestData;
using EmotionRecognition.TestModel;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project tests/EmotionRecognition.TestModel -- OUT.emotion");
    return 2;
}
var model = TestModelBuilder.Build(args[0]);
CommittedTestModel.From(model.Files, model.TorchProbabilities).Write(args[0]);
Console.WriteLine($"{args[0]}: compact test model trained on {model.Files.Count} RAVDESS clips; {CommittedTestModel.RecordPath(args[0])}: its record");
return 0;
