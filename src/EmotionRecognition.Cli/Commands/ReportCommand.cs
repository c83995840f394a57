using System.CommandLine;
using EmotionRecognition.Evaluation;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion report REPORT.json [--out PNG] [--title T]</c>: redraws the confusion-matrix PNG of a saved report (the
/// <c>report.json</c> that <c>evaluate --report</c> and training reports write), without the model or the audio.
/// </summary>
internal static class ReportCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var report = new Argument<string>("report") { Description = "A report.json." };
        var outPath = new Option<string?>("--out") { Description = "The PNG to write (default: confusion.png beside the report)." };
        var title = new Option<string>("--title") { Description = "The plot's title.", DefaultValueFactory = _ => "Confusion matrix" };
        var command = new Command("report", "Redraw a saved report's confusion-matrix PNG from its report.json.") { report, outPath, title };
        command.SetAction(parse => Run(parse.GetValue(report)!, parse.GetValue(outPath), parse.GetValue(title)!, output, error));
        return command;
    }

    private static int Run(string reportPath, string? outPath, string title, TextWriter output, TextWriter error)
    {
        try
        {
            var png = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, "confusion.png");
            ClassificationReport.FromJson(File.ReadAllText(reportPath)).SaveConfusionMatrixPng(png, title);
            output.WriteLine(png);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return ExitCodes.Report(error, reportPath, e);
        }
    }
}
