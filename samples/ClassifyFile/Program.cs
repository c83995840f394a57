// Classifies one recording: dotnet run --project samples/ClassifyFile -- MODEL.emotion SPEECH.wav
using EmotionRecognition;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ClassifyFile MODEL.emotion AUDIO");
    return 2;
}

using var classifier = EmotionClassifier.Load(args[0]);
var prediction = classifier.Classify(args[1]);
Console.WriteLine($"{args[1]}: {prediction.Emotion} ({prediction.Confidence:P1})");
foreach (var (emotion, probability) in prediction.Top(7))
    Console.WriteLine($"  {emotion,-9} {new string('#', (int)Math.Round(probability * 40)),-40} {probability:P1}");
return 0;
