// Trains the utterance model (the shipped model's recipe) on a labelled corpus, cross-validated over speaker folds, prints the
// pooled test report and writes a model that EmotionClassifier.Load and `emotion predict --model` use:
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
var options = new UtteranceSessionOptions { CorpusPaths = [args[0]] };
// Every epoch's line, and the end of each extraction, not one line per clip.
var result = UtteranceSession.Run(clips, options, new Progress<TrainingProgress>(p =>
{
    if (p.Total == 0 || p.Done == p.Total || p.Task.EndsWith("epochs", StringComparison.Ordinal)) Console.WriteLine(p);
}));
Console.WriteLine(result.Pooled.ToText());
result.Model.Save(args[1]);

using var classifier = EmotionClassifier.Load(args[1]);
Console.WriteLine($"wrote {args[1]}; {clips[0].Path}\t{classifier.Classify(clips[0].Path)}");
return 0;
