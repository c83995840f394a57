// Classifies one recording with the model shipped in the package (or a model of your own):
//   dotnet run --project samples/ClassifyFile -- ../shared/data/ravdess/Actor_20/03-01-05-02-01-01-20.flac [MODEL.emotion]
using EmotionRecognition;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ClassifyFile AUDIO [MODEL.emotion]");
    return 2;
}

using var classifier = args.Length == 2 ? EmotionClassifier.Load(args[1]) : EmotionClassifier.LoadDefault();
var prediction = classifier.Classify(args[0]);
Console.WriteLine($"{args[0]}\t{prediction}");   // the one text form, as `emotion predict` prints it
if (prediction.HasSpeech)
{
    foreach (var (emotion, probability) in prediction.Top(7))
        Console.WriteLine($"  {emotion.ToLabel(),-9} {new string('#', (int)Math.Round(probability * 40)),-40} {probability * 100,5:F1}%");
}
return 0;
