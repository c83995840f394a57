using EmotionRecognition.TestModel;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project tests/EmotionRecognition.TestModel -- OUT.emotion");
    return 2;
}
var model = TestModelBuilder.Build(args[0]);
Console.WriteLine($"{args[0]}: compact test model trained on {model.Files.Count} RAVDESS clips");
return 0;
