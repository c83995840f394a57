// Trains the matrix model (the shipped model's recipe) on a labelled corpus with a speaker-independent hold-out (a seeded 20 % of the speakers), prints the
// test report and writes a model bundle that EmotionClassifier.Load and `emotion predict --model` use:
//   dotnet run -c Release --project samples/TrainCustomModel -- ../shared/data/ravdess my.emotion
using EmotionRecognition;
using EmotionRecognition.Data;
using EmotionRecognition.Training;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TrainCustomModel CORPUS_FOLDER OUT.emotion");
    return 2;
}

var clips = Corpus.Load(args[0]);                           // RAVDESS, CREMA-D, TESS, SAVEE, folder-per-label or CSV
var options = new TrainingSessionOptions
{
    CorpusPaths = [args[0]],
};
var result = TrainingSession.Run(clips, options, new Progress<TrainingProgress>(p => Console.WriteLine(p)));
Console.WriteLine(result.Pooled.ToText());
result.Bundle.Save(args[1]);

using var classifier = EmotionClassifier.Load(args[1]);
Console.WriteLine($"wrote {args[1]}; first clip: {classifier.Classify(clips[0].Path)}");
return 0;
